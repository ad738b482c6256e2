import { describe, expect, test } from 'vitest';
import { applyOverrides, loadScenario, parseOverridePath } from '../../src/scenarios/index.js';
import { fixtureObject, fixtureText } from './fixtures.js';

describe('override paths', () => {
  test.each([
    ['spec.drPolicy.schedulingInterval', ['spec', 'drPolicy', 'schedulingInterval']],
    ['spec.links[0].bandwidth', ['spec', 'links', 0, 'bandwidth']],
    ['spec.timings.promoteTime.uniform[1]', ['spec', 'timings', 'promoteTime', 'uniform', 1]],
  ] as const)('%s', (path, segments) => {
    expect(parseOverridePath(path)).toEqual(segments);
  });

  test.each(['', '.spec', 'spec..runs', 'spec[x]', 'spec.links[0]bandwidth', 'spec runs'])('%j is not a path', (path) => {
    expect(parseOverridePath(path)).toBeUndefined();
  });
});

describe('applyOverrides', () => {
  test('sets fields by path without touching the original, coercing command-line strings', () => {
    const raw = fixtureObject('minimal.yaml');
    const result = applyOverrides(raw, [
      { path: 'spec.drPolicy.schedulingInterval', value: '5m' },
      { path: 'spec.seed', value: '42' },
      { path: 'spec.runs', value: '1000' },
      { path: 'spec.links[0].bandwidth', value: '10Gbps' },
      { path: 'spec.response.decisionDelay', value: '{uniform: [5m, 15m]}' },
      { path: 'spec.timings.concurrentImageSyncs', value: '8' },
      { path: 'spec.objectives.rpo', value: '15m' },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value as Record<string, any>;
    expect(value.spec.drPolicy.schedulingInterval).toBe('5m');
    expect(value.spec.seed).toBe(42);
    expect(value.spec.runs).toBe(1000);
    expect(value.spec.links[0].bandwidth).toBe('10Gbps');
    expect(value.spec.response.decisionDelay).toEqual({ uniform: ['5m', '15m'] });
    expect(value.spec.timings.concurrentImageSyncs).toBe(8);
    expect(value.spec.objectives.rpo).toBe('15m');
    expect(raw.spec.drPolicy.schedulingInterval).toBe('1m');
  });

  test('strings stay strings where the field takes text; an empty interval means Metro-DR', () => {
    const result = applyOverrides(fixtureObject('minimal.yaml'), [
      { path: 'spec.drPolicy.schedulingInterval', value: '' },
      { path: 'metadata.name', value: '123' },
    ]);
    expect(result.ok && (result.value as any).spec.drPolicy.schedulingInterval).toBe('');
    expect(result.ok && (result.value as any).metadata.name).toBe('123');
  });

  test('paths the schema does not have are refused with the fields it has', () => {
    const result = applyOverrides(fixtureObject('minimal.yaml'), [
      { path: 'spec.drPolicy.shedulingInterval', value: '5m' },
      { path: 'spec.links[3].rtt', value: '1ms' },
      { path: 'spec.seed.value', value: '1' },
      { path: 'spec..x', value: '1' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((issue) => issue.path)).toEqual(['spec.drPolicy.shedulingInterval', 'spec.links[3].rtt', 'spec.seed.value', 'spec..x']);
    expect(result.errors[0].message).toBe('spec.drPolicy has no field "shedulingInterval"');
    expect(result.errors[0].expected).toContain('schedulingInterval');
    expect(result.errors[1].message).toContain('has 1 item(s)');
  });

  test('loadScenario applies overrides; an invalid overridden value is reported without a file position', () => {
    const text = fixtureText('minimal.yaml');
    const good = loadScenario(text, { overrides: [{ path: 'spec.drPolicy.schedulingInterval', value: '15m' }, { path: 'spec.runs', value: '7' }] });
    expect(good.ok && [good.scenario.spec.drPolicy.schedulingInterval, good.scenario.spec.runs]).toEqual([15 * 60_000, 7]);

    const bad = loadScenario(text, { overrides: [{ path: 'spec.drPolicy.schedulingInterval', value: '90s' }] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0].path).toBe('spec.drPolicy.schedulingInterval');
    expect(bad.errors[0].line).toBeUndefined();
    expect(bad.errors[0].message).toContain('set by an override');
  });
});

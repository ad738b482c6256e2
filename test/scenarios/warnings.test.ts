import { describe, expect, test } from 'vitest';
import { loadScenario, parseScenarioObject, type ScenarioIssue } from '../../src/scenarios/index.js';
import { fixtureObject, fixtureText } from './fixtures.js';

function warningsOf(edit: (object: Record<string, any>) => void): ScenarioIssue[] {
  const object = fixtureObject('minimal.yaml');
  edit(object);
  const result = parseScenarioObject(object);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.warnings;
}

describe('warnings: valid but questionable scenarios', () => {
  test('the minimal scenario has none', () => {
    expect(warningsOf(() => {})).toEqual([]);
  });

  test('Metro-DR over a link with RTT above timings.metroMaxRtt, with the position in the file', () => {
    const text = fixtureText('minimal.yaml').replace('schedulingInterval: 1m', 'schedulingInterval: ""').replace('rtt: 5ms', 'rtt: 30ms');
    const result = loadScenario(text);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const warning = result.warnings.find((candidate) => candidate.path === 'spec.links[0].rtt');
    expect(warning?.message).toContain('Metro-DR is supported only at RTT <= 10ms');
    expect(warning?.line).toBe(11);
  });

  test('Metro-DR over a link below twice the write rate: the stretch-mode copies will be throttled', () => {
    // 60 MiB/s of writes: 120 MiB/s (1007 Mbps) cross the 1 Gbps link in
    // stretch mode; before, only writes above the bandwidth itself were
    // flagged, and as a backlog that grows without bound.
    const throttled = warningsOf((object) => {
      object.spec.drPolicy.schedulingInterval = '';
      object.spec.response = { fencing: 'ManuallyFenced' };
      object.spec.applications[0].volumes[0].writeRate = '60MiB/s';
    });
    expect(throttled.find((warning) => warning.path === 'spec.links[0].bandwidth')?.message).toMatch(/twice the mean write rate \(60MiB\/s\).*throttled/);
    const fits = warningsOf((object) => {
      object.spec.drPolicy.schedulingInterval = '';
      object.spec.response = { fencing: 'ManuallyFenced' };
      object.spec.applications[0].volumes[0].writeRate = '59MiB/s';
    });
    expect(fits.map((warning) => warning.path)).not.toContain('spec.links[0].bandwidth');
  });

  test('a larger metroMaxRtt silences it', () => {
    const warnings = warningsOf((object) => {
      object.spec.drPolicy.schedulingInterval = '';
      object.spec.links[0].rtt = '30ms';
      object.spec.timings = { metroMaxRtt: '50ms' };
    });
    expect(warnings.map((warning) => warning.path)).not.toContain('spec.links[0].rtt');
  });

  test('Metro-DR with Fenced needs node CIDRs; fencing None is flagged as unsafe', () => {
    const fenced = warningsOf((object) => {
      object.spec.drPolicy.schedulingInterval = '';
    });
    expect(fenced.map((warning) => warning.path)).toEqual(['spec.clusters[0].cidrs', 'spec.clusters[1].cidrs']);
    const unfenced = warningsOf((object) => {
      object.spec.drPolicy.schedulingInterval = '';
      object.spec.response = { fencing: 'None' };
    });
    expect(unfenced.map((warning) => warning.path)).toEqual(['spec.response.fencing']);
  });

  test('a capture interval longer than the horizon', () => {
    const warnings = warningsOf((object) => {
      object.spec.horizon = '1h';
      object.spec.applications[0].kubeObjectProtection = { captureInterval: '2h' };
    });
    expect(warnings.map((warning) => warning.path)).toEqual(['spec.applications[0].kubeObjectProtection.captureInterval']);
  });

  test('journal mirroring ignores the scheduling interval', () => {
    const warnings = warningsOf((object) => {
      object.spec.drPolicy.mirroringMode = 'journal';
    });
    expect(warnings.map((warning) => warning.path)).toEqual(['spec.drPolicy.schedulingInterval']);
  });

  test('a write load above the link bandwidth', () => {
    const warnings = warningsOf((object) => {
      object.spec.links[0].bandwidth = '100Mbps';
      object.spec.applications[0].volumes[0].writeRate = { bursts: { base: '10MiB/s', burst: '100MiB/s', duration: '30m', every: '1h' } };
    });
    expect(warnings.map((warning) => warning.path)).toEqual(['spec.links[0].bandwidth']);
    expect(warnings[0].message).toContain('55MiB/s');
  });

  test('an event that may fall after the horizon; an application without data; S3 in the home site', () => {
    const warnings = warningsOf((object) => {
      object.spec.disasters = [{ kind: 'clusterLoss', target: 'dr1', at: { uniform: ['1d', '10d'] } }];
      object.spec.applications.push({ name: 'empty' });
      object.spec.clusters[1].s3ProfileName = 's3-east';
    });
    expect(warnings.map((warning) => warning.path).sort()).toEqual(
      ['spec.applications[0].failoverCluster', 'spec.applications[1]', 'spec.applications[1].failoverCluster', 'spec.disasters[0].at'].sort(),
    );
  });
});

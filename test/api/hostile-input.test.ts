/**
 * Bodies built to make the server work or answer far more than they weigh:
 * YAML alias bombs, values echoed in every issue, nesting deep enough to
 * overflow a recursive validator, through every endpoint that reads a
 * scenario or manifests. Each answer is a 4xx in the API's error shape, small,
 * and quick; documents that use aliases the ordinary way still load.
 */
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ECHOED_ISSUES, MAX_ECHOED_VALUE_CHARS } from '../../src/api/echo.js';
import { ErrorResponseSchema } from '../../src/api/schemas/errors.js';
import type { RunningServer } from '../../src/api/server.js';
import { MAX_DOCUMENT_DEPTH } from '../../src/scenarios/index.js';
import { call, smallScenario, startTestServer, type Answer } from './harness.js';

/** No error answer is allowed to be larger than this, whatever the body. */
const MAX_ANSWER_BYTES = 128 * 1024;

function expectBoundedRefusal(answer: Answer, context: string): void {
  expect(answer.status, `${context}: ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${context}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  expect(ErrorResponseSchema.safeParse(answer.body).success, `${context}: not the error shape`).toBe(true);
  expect(answer.text.length, context).toBeLessThan(MAX_ANSWER_BYTES);
}

/** `levels` of anchored lists, each holding ten aliases of the one before: 10^levels leaves from a few hundred bytes. */
function aliasBomb(levels: number, leaf: string): string {
  const lines = [`l0: &l0 [${Array(10).fill(JSON.stringify(leaf)).join(', ')}]`];
  for (let level = 1; level <= levels; level += 1) lines.push(`l${level}: &l${level} [${Array(10).fill(`*l${level - 1}`).join(', ')}]`);
  return lines.join('\n');
}

/** A scenario whose applications list is one large anchored value aliased many times. */
function wideAliasScenario(copies: number, itemBytes: number): string {
  const base = stringify(smallScenario()).replace(/^ {2}applications:[\s\S]*?(?=^ {2}\S)/m, '');
  const items = Array.from({ length: 1000 }, (_, index) => `    - ${JSON.stringify(`item-${index}-`.padEnd(itemBytes, 'x'))}`).join('\n');
  const aliases = Array.from({ length: copies }, () => '    - *big').join('\n');
  return `${base}\n  extraLists:\n    big: &big\n${items}\n  applications:\n${aliases}\n`;
}

/** Nesting as JSON text: `[[[...1...]]]`. */
function deepJsonValue(depth: number): unknown {
  return JSON.parse('['.repeat(depth) + '1' + ']'.repeat(depth));
}

describe('hostile bodies', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('an alias bomb in scenario text is refused before it is expanded', async () => {
    for (const endpoint of ['/v1/validate', '/v1/simulations']) {
      const started = Date.now();
      const answer = await call(server, 'POST', endpoint, { scenario: aliasBomb(8, 'x'.repeat(100)) });
      expectBoundedRefusal(answer, endpoint);
      expect(answer.body.issues[0].message).toMatch(/alias/i);
      expect(Date.now() - started, 'refused without expanding the document').toBeLessThan(5_000);
    }
  });

  it('a large value aliased hundreds of times: refused for its expansion, not echoed', async () => {
    // 1,000 items of 300 bytes, aliased 600 times: 300 KB of text that would expand to 180 MB.
    const text = wideAliasScenario(600, 300);
    expect(text.length).toBeLessThan(400_000);
    const answer = await call(server, 'POST', '/v1/validate', { scenario: text });
    expectBoundedRefusal(answer, 'wide aliases');
    expect(answer.body.issues[0].message).toMatch(/aliases expand it to more than/);
  });

  it('echoed values are previews with their size, and the issue list is capped', async () => {
    const long = 'y'.repeat(50_000);
    const scenario = smallScenario();
    const spec = scenario.spec as Record<string, unknown>;
    spec.horizon = long;
    // A thousand volumes with invalid sizes: a thousand issues.
    spec.applications = [{ name: 'app', preferredCluster: 'dr1', volumes: Array.from({ length: 1000 }, (_, index) => ({ name: `v${index}`, size: long.slice(0, 500) })) }];
    const answer = await call(server, 'POST', '/v1/validate', { scenario });
    expectBoundedRefusal(answer, 'long values');
    const issues = answer.body.issues as { path: string; message: string; value?: unknown; valueBytes?: number }[];
    expect(issues.length).toBeLessThanOrEqual(MAX_ECHOED_ISSUES + 1);
    expect(issues.at(-1)!.message).toMatch(/more problems? not shown/);
    const horizon = issues.find((issue) => issue.path === 'spec.horizon')!;
    expect(horizon.value).toBe(`${'y'.repeat(MAX_ECHOED_VALUE_CHARS)}…`);
    expect(horizon.valueBytes).toBe(50_002);
    for (const issue of issues) if (typeof issue.value === 'string') expect(issue.value.length).toBeLessThanOrEqual(MAX_ECHOED_VALUE_CHARS + 1);
  });

  it(`nesting deeper than ${MAX_DOCUMENT_DEPTH} levels is a 4xx wherever it is sent`, async () => {
    const deep = deepJsonValue(1_500);
    const deepText = '['.repeat(5_000) + ']'.repeat(5_000);
    const blockText = Array.from({ length: 400 }, (_, level) => `${' '.repeat(level)}a:`).join('\n') + ' 1';
    const withDeepField = () => {
      const scenario = smallScenario();
      (scenario.spec as Record<string, unknown>).horizon = deep;
      return scenario;
    };
    const bodies: [string, unknown][] = [
      ['/v1/validate', { scenario: withDeepField() }],
      ['/v1/validate', { scenario: deepText }],
      ['/v1/validate', { scenario: blockText }],
      ['/v1/simulations', { scenario: withDeepField() }],
      ['/v1/sweeps', { scenario: smallScenario(), axes: [{ path: 'spec.horizon', values: [deep] }] }],
      ['/v1/sweeps', { scenario: stringify(smallScenario()), axes: [{ path: 'spec.drPolicy', values: [deep, '5m'] }] }],
      ['/v1/sweeps', { scenario: deepText, axes: [{ path: 'spec.horizon', values: ['1d'] }] }],
      ['/v1/sizing', { scenario: withDeepField(), field: 'interval' }],
      ['/v1/sizing', { scenario: deepText, field: 'bandwidth' }],
      ['/v1/import', { manifests: deepText }],
      ['/v1/import', { manifests: [{ name: 'deep.yaml', text: blockText }] }],
      ['/v1/import', { manifests: deep }],
    ];
    for (const [endpoint, body] of bodies) expectBoundedRefusal(await call(server, 'POST', endpoint, body), `${endpoint} ${JSON.stringify(body).slice(0, 80)}`);
  });

  it('alias bombs in sweep axes, sizing and import are refused too', async () => {
    const bomb = aliasBomb(8, 'x');
    const bodies: [string, unknown][] = [
      ['/v1/sweeps', { scenario: bomb, axes: [{ path: 'spec.horizon', values: ['1d'] }] }],
      ['/v1/sweeps', { scenario: smallScenario(), axes: [{ path: 'spec.applications', values: [bomb] }] }],
      ['/v1/sizing', { scenario: bomb, field: 'interval' }],
      ['/v1/import', { manifests: bomb }],
      ['/v1/import', { manifests: [{ name: 'wide.yaml', text: wideAliasScenario(600, 300) }] }],
    ];
    for (const [endpoint, body] of bodies) expectBoundedRefusal(await call(server, 'POST', endpoint, body), `${endpoint} ${JSON.stringify(body).slice(0, 80)}`);
  });

  it('a scenario that reuses anchors the ordinary way (over yaml\'s default of 100 aliases) simulates, sweeps and sizes', async () => {
    const scenario = smallScenario({ runs: 2 });
    const volumes = Array.from({ length: 150 }, (_, index) => `      - { name: v${index}, size: *size, writeRate: *rate }`).join('\n');
    const text = stringify(scenario).replace(/^ {2}applications:[\s\S]*?(?=^ {2}\S)/m, '') +
      `  applications:\n  - name: app\n    preferredCluster: dr1\n    volumes:\n      - { name: first, size: &size 1Gi, writeRate: &rate 64KiB/s }\n${volumes}\n`;
    expect((await call(server, 'POST', '/v1/validate', { scenario: text })).status).toBe(200);
    const sweep = await call(server, 'POST', '/v1/sweeps', { scenario: text, axes: [{ path: 'spec.drPolicy.schedulingInterval', values: ['5m', '10m'] }] });
    expect([200, 202], sweep.text.slice(0, 300)).toContain(sweep.status);
    const sizing = await call(server, 'POST', '/v1/sizing', { scenario: text, field: 'interval', runs: 2 });
    expect(sizing.status, sizing.text.slice(0, 300)).toBeLessThan(500);
  });
});

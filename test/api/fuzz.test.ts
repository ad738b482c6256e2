/**
 * Malformed input never breaks the API: thousands of bad bodies (random JSON,
 * wrong types, huge numbers, deep nesting, invalid YAML, broken scenarios)
 * through fastify.inject, then a few hundred over a real socket. Every answer
 * is a 4xx with a message, never a 5xx, and the server stays up.
 *
 * Each run draws new inputs from one seed, printed first on stderr. A failed
 * property prints it again with the shrunk counterexample; an input that
 * kills the process prints nothing more, so the seed is written before any
 * request. Replay a run's inputs with DRSIM_FUZZ_SEED=<seed> npx vitest run
 * test/api/fuzz.test.ts, then add the culprit as a fixed case (as
 * test/api/deep-yaml-text.test.ts holds the YAML that once aborted the
 * process from inside the yaml parser).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApi, createApi, type Api } from '../../src/api/app.js';
import { ErrorResponseSchema } from '../../src/api/schemas/errors.js';
import type { RunningServer } from '../../src/api/server.js';
import { parseScenarioObject } from '../../src/scenarios/index.js';
import { call, smallScenario, startTestServer, testConfig } from './harness.js';

const SEED = process.env.DRSIM_FUZZ_SEED ? Number(process.env.DRSIM_FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isSafeInteger(SEED)) throw new Error(`DRSIM_FUZZ_SEED must be an integer, got ${process.env.DRSIM_FUZZ_SEED}`);
process.stderr.write(`test/api/fuzz.test.ts: fast-check seed ${SEED} (replay with DRSIM_FUZZ_SEED=${SEED})\n`);

/** fast-check's settings for a property of `numRuns` cases, from the run's seed. */
function fuzzRuns<T>(numRuns: number): fc.Parameters<T> {
  return { numRuns, seed: SEED };
}

const WORK_ENDPOINTS = ['/v1/simulations', '/v1/sweeps', '/v1/sizing', '/v1/validate', '/v1/import'];

const hugeNumber = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 64, -1, 0, 0.5, -0, 1e-320, 123456789012345678901234567890);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 4 }), hugeNumber, fc.string(), fc.constant(null));

/** Nesting far deeper than any scenario, as JSON text. */
const deepJson = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('[', '{"a":'), fc.boolean())
  .map(([depth, open, wrapped]) => {
    const close = open === '[' ? ']' : '}';
    const nested = open.repeat(depth) + '1' + close.repeat(depth);
    return wrapped ? `{"scenario":${nested},"runs":1}` : nested;
  });

/** Nesting deep in YAML text, flow and block style. */
const deepYaml = fc.tuple(fc.integer({ min: 50, max: 3_000 }), fc.boolean()).map(([depth, flow]) =>
  flow ? '['.repeat(depth) + ']'.repeat(depth) : Array.from({ length: Math.min(depth, 500) }, (_, level) => `${' '.repeat(level)}a:`).join('\n') + ' 1',
);

const brokenYaml = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    'spec: [unclosed',
    'a: b: c',
    '\tapiVersion: x',
    'key: "unterminated',
    '---\n---\n...\n%YAML 9.9',
    'a: &x [1, 2]\nb: *y',
    'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    '? [complex, key]\n: value',
    'apiVersion: drsim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: x}\nspec: !!binary aGVsbG8=',
    '{"json": true,}',
  ),
  deepYaml,
);

/** A body with the right field names but wrong or hostile values. */
const wrongTypes = fc.record(
  {
    scenario: fc.oneof(anyValue, brokenYaml, fc.array(anyValue)),
    scenarioName: fc.oneof(fc.string(), anyValue, fc.constantFrom('../package', '..\\..\\etc\\passwd', '', 'regional-5m-vms\u0000')),
    runs: fc.oneof(hugeNumber, anyValue),
    seed: fc.oneof(hugeNumber, anyValue),
    async: anyValue,
    manifests: fc.oneof(brokenYaml, fc.array(fc.record({ name: anyValue, text: fc.oneof(brokenYaml, anyValue) }), { maxLength: 3 }), anyValue),
    axes: fc.oneof(anyValue, fc.array(fc.record({ path: fc.oneof(fc.string(), anyValue), values: fc.oneof(fc.array(anyValue), anyValue) }), { maxLength: 3 })),
    field: fc.oneof(fc.constantFrom('interval', 'bandwidth'), anyValue),
    min: fc.oneof(hugeNumber, fc.string(), anyValue),
    precision: fc.oneof(hugeNumber, anyValue),
    extra: anyValue,
  },
  { requiredKeys: [] },
);

type Malformed = { payload: string; contentType: string };

const malformed: fc.Arbitrary<Malformed> = fc.oneof(
  anyValue.map((value) => ({ payload: JSON.stringify(value) ?? 'null', contentType: 'application/json' })),
  wrongTypes.map((value) => ({ payload: JSON.stringify(value), contentType: 'application/json' })),
  fc.string({ maxLength: 300 }).map((text) => ({ payload: text, contentType: 'application/json' })),
  deepJson.map((payload) => ({ payload, contentType: 'application/json' })),
  brokenYaml.map((text) => ({ payload: JSON.stringify({ scenario: text }), contentType: 'application/json' })),
  fc.string({ maxLength: 100 }).map((text) => ({ payload: text, contentType: 'application/x-www-form-urlencoded' })),
);

/** Body fields the request schemas accept, so garbage goes past them to the scenario and importer. */
const wellFormedShell = fc
  .tuple(
    fc.oneof(
      brokenYaml,
      anyValue.filter((value) => value !== null && typeof value === 'object' && !Array.isArray(value)),
    ),
    fc.constantFrom('interval', 'bandwidth'),
  )
  .map(([scenario, field]) => ({ scenario, field, axes: [{ path: 'spec.drPolicy.schedulingInterval', values: ['1m', '5m'] }] }));

/** Values built to be expensive: deep, aliased, long, or of the wrong kind. */
const hostileValue = fc.oneof(
  anyValue,
  fc.integer({ min: 65, max: 3_000 }).map((depth) => JSON.parse('['.repeat(depth) + '1' + ']'.repeat(depth)) as unknown),
  brokenYaml,
  fc.integer({ min: 1_000, max: 100_000 }).map((length) => 'z'.repeat(length)),
  fc.constantFrom('{a: &a [1,1,1,1,1,1,1,1,1,1], b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], c: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]}', '[*undefined]', '{'),
);

const SWEEP_PATHS = ['spec.drPolicy.schedulingInterval', 'spec.links[0].bandwidth', 'spec.horizon', 'spec.applications', 'spec.runs', 'spec', 'metadata', 'kind', 'spec.x.y.z', 'spec.links[99].rtt'];

/** Sweeps, sizing and import bodies that pass the request schemas' shape but carry hostile values. */
const hostileStudy = fc.oneof(
  fc
    .tuple(fc.array(fc.record({ path: fc.oneof(fc.constantFrom(...SWEEP_PATHS), fc.string({ maxLength: 40 })), values: fc.array(hostileValue, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([axes, asText]) => ({ url: '/v1/sweeps', body: { scenario: asText ? JSON.stringify(smallScenario()) : smallScenario(), axes, runs: 1 } as unknown })),
  fc
    .record({ field: fc.constantFrom('interval', 'bandwidth'), min: fc.oneof(hostileValue, fc.constantFrom('1s', '1bps', '0', '-5m', '1e400')), max: fc.oneof(hostileValue, fc.constantFrom('1000d', '1Pbps', '1m')), precision: fc.oneof(hugeNumber, hostileValue) }, { requiredKeys: ['field'] })
    .map((fields) => ({ url: '/v1/sizing', body: { scenario: smallScenario(), runs: 1, ...fields } as unknown })),
  fc
    .array(fc.record({ name: fc.oneof(fc.string({ maxLength: 30 }), hostileValue), text: hostileValue }, { requiredKeys: ['text'] }), { minLength: 1, maxLength: 3 })
    .map((manifests) => ({ url: '/v1/import', body: { manifests } as unknown })),
  hostileValue.map((manifests) => ({ url: '/v1/import', body: { manifests } as unknown })),
);

function expectClientError(status: number, body: string, context: string): void {
  expect(status, `${context} -> ${status} ${body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(status, `${context} -> ${status} ${body.slice(0, 300)}`).toBeLessThan(500);
  const parsed = ErrorResponseSchema.safeParse(JSON.parse(body));
  expect(parsed.success, `${context}: not the error format: ${body.slice(0, 300)}`).toBe(true);
  expect(parsed.data!.message.length).toBeGreaterThan(0);
}

/** A scenario with one field replaced by a random value: valid exactly when the scenarios module says so. */
const mutatedScenario = fc
  .tuple(
    fc.constantFrom(
      ['spec', 'runs'],
      ['spec', 'horizon'],
      ['spec', 'links', 0, 'bandwidth'],
      ['spec', 'drPolicy', 'schedulingInterval'],
      ['spec', 'applications', 0, 'volumes', 0, 'size'],
      ['spec', 'applications', 0, 'volumes'],
      ['spec', 'disasters', 0, 'at'],
      ['spec', 'sites'],
      ['metadata', 'name'],
      ['spec'],
      ['kind'],
    ),
    anyValue,
  )
  .map(([path, value]) => {
    const scenario = smallScenario() as Record<string | number, unknown>;
    let node = scenario;
    for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
    node[path[path.length - 1]] = value;
    return scenario;
  });

describe('fuzzing through inject', () => {
  let api: Api;
  beforeAll(async () => {
    api = await createApi(testConfig({ syncEventBudget: 1 }));
  });
  afterAll(() => closeApi(api));

  it('thousands of malformed bodies: every answer a 4xx with a message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...WORK_ENDPOINTS), malformed, async (url, { payload, contentType }) => {
        const answer = await api.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
        expectClientError(answer.statusCode, answer.body, `${url} ${payload.slice(0, 120)}`);
      }),
      fuzzRuns(2000),
    );
  });

  it('well-shaped bodies with broken scenarios and manifests reach the validators and get a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/v1/simulations', '/v1/validate', '/v1/sweeps', '/v1/sizing'), wellFormedShell, async (url, body) => {
        // Each endpoint gets only the fields it takes, so the scenario is what is wrong.
        const { field, axes, ...rest } = body;
        const payload = url === '/v1/sizing' ? { ...rest, field } : url === '/v1/sweeps' ? { ...rest, axes } : rest;
        const answer = await api.app.inject({ method: 'POST', url, payload });
        expectClientError(answer.statusCode, answer.body, `${url} ${JSON.stringify(body).slice(0, 120)}`);
      }),
      fuzzRuns(500),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(brokenYaml, fc.array(fc.record({ text: brokenYaml }), { maxLength: 3 })), async (manifests) => {
        const answer = await api.app.inject({ method: 'POST', url: '/v1/import', payload: { manifests } });
        expectClientError(answer.statusCode, answer.body, `/v1/import ${JSON.stringify(manifests).slice(0, 120)}`);
      }),
      fuzzRuns(500),
    );
  });

  it('sweeps, sizing and import with hostile values: never a 5xx, and every refusal in the error shape and small', async () => {
    await fc.assert(
      fc.asyncProperty(hostileStudy, async ({ url, body }) => {
        const answer = await api.app.inject({ method: 'POST', url, payload: body as Record<string, unknown> });
        const context = `${url} ${JSON.stringify(body).slice(0, 160)}`;
        expect(answer.statusCode, `${context} -> ${answer.body.slice(0, 300)}`).toBeLessThan(500);
        if (answer.statusCode >= 400) {
          expectClientError(answer.statusCode, answer.body, context);
          expect(answer.body.length, context).toBeLessThan(128 * 1024);
        }
      }),
      fuzzRuns(400),
    );
  });

  it('scenarios with one field mutated: 200 exactly when valid, a 4xx otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedScenario, async (scenario) => {
        const answer = await api.app.inject({ method: 'POST', url: '/v1/validate', payload: { scenario } });
        if (parseScenarioObject(scenario).ok) expect(answer.statusCode, answer.body).toBe(200);
        else expectClientError(answer.statusCode, answer.body, JSON.stringify(scenario).slice(0, 200));
      }),
      fuzzRuns(400),
    );
  });

  it('job ids and scenario names from anywhere: 404, never a file outside the store', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/v1/jobs/', '/v1/scenarios/'), fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom('GET', 'DELETE'), async (prefix, id, method) => {
        const answer = await api.app.inject({ method: method as 'GET' | 'DELETE', url: prefix + encodeURIComponent(id) });
        expectClientError(answer.statusCode, answer.body, `${method} ${prefix}${id}`);
      }),
      fuzzRuns(400),
    );
  });
});

describe('fuzzing over a socket', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ syncEventBudget: 1 });
  });
  afterAll(() => server.close());

  it('hundreds of malformed requests: 4xx each, and the server still answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...WORK_ENDPOINTS), malformed, async (url, { payload, contentType }) => {
        const answer = await call(server, 'POST', url, payload, { 'content-type': contentType });
        expectClientError(answer.status, answer.text, `${url} ${payload.slice(0, 120)}`);
      }),
      fuzzRuns(300),
    );
    const health = await call(server, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect((await call(server, 'GET', '/readyz')).body.jobs).toEqual({ queued: 0, running: 0 });
  });
});

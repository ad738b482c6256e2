/** Every endpoint against a real listening server on loopback, each answer checked against its contract schema. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultSchema } from '../../src/analysis/result-schema.js';
import { ErrorResponseSchema } from '../../src/api/schemas/errors.js';
import { JobAcceptedSchema, JobViewSchema } from '../../src/api/schemas/jobs.js';
import type { RunningServer } from '../../src/api/server.js';
import { SimulationOutputSchema } from '../../src/api/work/simulation.js';
import { SizingOutputSchema } from '../../src/api/work/sizing.js';
import { SweepOutputSchema } from '../../src/api/work/sweep.js';
import { parseScenarioObject } from '../../src/scenarios/index.js';
import { call, smallScenario, startTestServer, waitForJob, type Answer } from './harness.js';

function expectError(answer: Answer, status: number, pattern?: RegExp) {
  expect(answer.status, answer.text).toBe(status);
  const body = ErrorResponseSchema.parse(answer.body);
  expect(body.statusCode).toBe(status);
  expect(body.message.length).toBeGreaterThan(0);
  if (pattern) expect(body.message).toMatch(pattern);
  return body;
}

let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({ bodyLimitBytes: 64 * 1024, maxRuns: 500, maxHorizonMs: 40 * 24 * 3600_000 });
});
afterAll(async () => {
  await server?.close();
});

describe('health', () => {
  it('GET /healthz and /readyz answer ok and ready', async () => {
    const health = await call(server, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    const ready = await call(server, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', jobs: { queued: 0, running: 0 }, synchronousRequests: 0 });
  });
});

describe('documentation', () => {
  it('GET /openapi.json documents every endpoint, with schemas from the zod types', async () => {
    const answer = await call(server, 'GET', '/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    const paths = answer.body.paths as Record<string, Record<string, unknown>>;
    const endpoints = Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(endpoints).toEqual(
      expect.arrayContaining([
        'POST /v1/simulations',
        'POST /v1/sweeps',
        'POST /v1/sizing',
        'POST /v1/validate',
        'POST /v1/import',
        'GET /v1/scenarios',
        'GET /v1/scenarios/{name}',
        'GET /v1/jobs/{id}',
        'DELETE /v1/jobs/{id}',
        'GET /healthz',
        'GET /readyz',
      ]),
    );
    const simulation = paths['/v1/simulations'].post as { responses: Record<string, { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } }> };
    expect(Object.keys(simulation.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '413', '422', '429']));
    const resultSchema = simulation.responses['200'].content['application/json'].schema.properties.result as { required: string[] };
    expect(resultSchema.required).toEqual(expect.arrayContaining(['drsimVersion', 'summary', 'rpoOverTime', 'splitBrain']));
    expect(answer.body.components.schemas.Scenario.properties.spec).toBeDefined();
  });

  it('GET /docs serves the browsable documentation', async () => {
    const answer = await call(server, 'GET', '/docs');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Swagger UI');
  });
});

describe('scenario library', () => {
  it('GET /v1/scenarios lists the bundled scenarios, each readable by name', async () => {
    const list = await call(server, 'GET', '/v1/scenarios');
    expect(list.status).toBe(200);
    const names = (list.body.scenarios as { name: string }[]).map((entry) => entry.name);
    expect(names).toContain('regional-5m-vms');
    const detail = await call(server, 'GET', '/v1/scenarios/regional-5m-vms');
    expect(detail.status).toBe(200);
    expect(detail.body.text).toContain('kind: Scenario');
    expect(parseScenarioObject(detail.body.document).ok).toBe(true);
  });

  it('an unknown name, or one reaching out of the library, is a 404', async () => {
    expectError(await call(server, 'GET', '/v1/scenarios/no-such-scenario'), 404, /no bundled scenario/);
    expectError(await call(server, 'GET', '/v1/scenarios/..%2F..%2Fpackage'), 404);
  });
});

describe('POST /v1/validate', () => {
  it('a valid scenario: its name, warnings, size and how a simulation would answer', async () => {
    const answer = await call(server, 'POST', '/v1/validate', { scenario: smallScenario() });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ valid: true, name: 'api-small', runs: 20, simulationAnswer: 'synchronous' });
  });

  it('YAML text with errors: 422, every issue with path, value, expectation, line and column', async () => {
    const text = 'apiVersion: drsim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: bad}\nspec:\n  runs: -3\n  horizon: 7 days\n';
    const body = expectError(await call(server, 'POST', '/v1/validate', { scenario: text }), 422);
    expect(body.error).toBe('invalid scenario');
    const runs = body.issues!.find((issue) => issue.path === 'spec.runs')!;
    expect(runs).toMatchObject({ value: -3, line: 5, column: 9 });
    expect(runs.expected).toBeDefined();
    const horizon = body.issues!.find((issue) => issue.path === 'spec.horizon')!;
    expect(horizon).toMatchObject({ value: '7 days', line: 6 });
  });

  it('invalid YAML is a 422 with its position', async () => {
    const body = expectError(await call(server, 'POST', '/v1/validate', { scenario: 'spec: [unclosed\n  runs: 1' }), 422);
    expect(body.issues![0].message).toMatch(/YAML syntax error/);
    expect(body.issues![0].line).toBeGreaterThan(0);
  });

  it('a bundled scenario by name', async () => {
    const answer = await call(server, 'POST', '/v1/validate', { scenarioName: 'regional-5m-vms' });
    expect(answer.status).toBe(200);
    expect(answer.body.name).toBe('regional-5m-vms');
  });
});

describe('POST /v1/simulations', () => {
  it('a small study answers 200 with the result contract and the verdict', async () => {
    const answer = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario({ objectives: { rpo: '1h', rto: '6h' } }), runs: 8, seed: 7 });
    expect(answer.status, answer.text).toBe(200);
    const output = SimulationOutputSchema.parse(answer.body);
    const result = ResultSchema.parse(output.result);
    expect(result).toMatchObject({ scenario: 'api-small', runs: 8, seed: 7 });
    expect(output.verdict).toMatchObject({ objectives: 'met', passed: true, breached: [], invariantViolations: 0 });
  });

  it('objectives breached are reported as the CLI does: not passed, the objective named', async () => {
    const answer = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario({ objectives: { rpo: '1s', percentile: 50 } }), runs: 4 });
    expect(answer.status, answer.text).toBe(200);
    const { verdict, result } = SimulationOutputSchema.parse(answer.body);
    expect(verdict.passed).toBe(false);
    expect(verdict.objectives).toBe('breached');
    expect(verdict.breached.map((objective) => objective.metric)).toEqual(['rpo']);
    expect(result.objectives?.find((objective) => objective.metric === 'rpo')?.met).toBe(false);
  });

  it('the same request gives the same result (seeded), YAML text or object alike', async () => {
    const yaml = (await import('yaml')).stringify(smallScenario());
    const [fromObject, fromText] = await Promise.all([
      call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 5 }),
      call(server, 'POST', '/v1/simulations', { scenario: yaml, runs: 5 }),
    ]);
    expect(fromObject.body.result.traceDigest).toBe(fromText.body.result.traceDigest);
  });

  it('"async": true answers 202 with a job, whose result follows the contract', async () => {
    const accepted = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 6, async: true });
    expect(accepted.status, accepted.text).toBe(202);
    const job = JobAcceptedSchema.parse(accepted.body);
    expect(accepted.headers.get('location')).toBe(`/v1/jobs/${job.jobId}`);
    const done = await waitForJob(server, job.jobId, ['succeeded', 'failed']);
    const view = JobViewSchema.parse(done.body);
    expect(view.status).toBe('succeeded');
    expect(view.progress).toEqual({ completedRuns: 6, totalRuns: 6 });
    expect(view.output?.kind).toBe('simulation');
    expect(ResultSchema.parse(view.output?.kind === 'simulation' ? view.output.result : undefined).runs).toBe(6);
  });

  it('malformed JSON and wrong types are 400; unknown fields too', async () => {
    expectError(await call(server, 'POST', '/v1/simulations', '{"scenario": '), 400);
    const wrongType = expectError(await call(server, 'POST', '/v1/simulations', { scenario: 42 }), 400);
    expect(wrongType.issues![0].path).toBe('scenario');
    const runs = expectError(await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 'many' }), 400);
    expect(runs.issues![0]).toMatchObject({ path: 'runs', value: 'many' });
    expectError(await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), run: 5 }), 400);
    expectError(await call(server, 'POST', '/v1/simulations', '<runs>5</runs>', { 'content-type': 'application/xml' }), 415);
  });

  it('neither or both of scenario and scenarioName is a 422 naming the field', async () => {
    const neither = expectError(await call(server, 'POST', '/v1/simulations', { runs: 3 }), 422);
    expect(neither.issues![0].path).toBe('scenario');
    expectError(await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), scenarioName: 'regional-5m-vms' }), 422);
  });

  it('an invalid scenario object: 422 with the scenario path, value and expectation', async () => {
    const scenario = smallScenario();
    (scenario.spec as Record<string, unknown>).links = [{ between: ['east', 'west'], bandwidth: 'fast', rtt: '5ms' }];
    const body = expectError(await call(server, 'POST', '/v1/simulations', { scenario }), 422);
    expect(body.issues).toEqual([expect.objectContaining({ path: 'spec.links[0].bandwidth', value: 'fast', expected: expect.any(String) })]);
  });

  it('runs and horizon over the limits: 422 naming the limit', async () => {
    const runs = expectError(await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 501 }), 422);
    expect(runs.limit).toEqual({ name: 'runs', maximum: 500, value: 501 });
    const inSpec = expectError(await call(server, 'POST', '/v1/simulations', { scenario: smallScenario({ runs: 900 }) }), 422);
    expect(inSpec.issues![0].path).toBe('spec.runs');
    const horizon = expectError(await call(server, 'POST', '/v1/simulations', { scenario: smallScenario({ horizon: '60d' }) }), 422);
    expect(horizon.limit?.name).toBe('horizon');
  });

  it('a body over the size limit is a 413', async () => {
    const body = expectError(await call(server, 'POST', '/v1/simulations', { scenario: 'x'.repeat(70 * 1024) }), 413);
    expect(body.limit).toEqual({ name: 'bodyBytes', maximum: 64 * 1024 });
  });
});

describe('limits on work', () => {
  it('a run over the simulated-event budget is a 422 naming eventsPerRun', async () => {
    const tight = await startTestServer({ maxEventsPerRun: 500 });
    try {
      const body = expectError(await call(tight, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2 }), 422);
      expect(body.limit).toMatchObject({ name: 'eventsPerRun', maximum: 500 });
    } finally {
      await tight.close();
    }
  });

  it('a request estimated over the per-request event limit is a 422', async () => {
    const tight = await startTestServer({ maxEventsPerRequest: 100_000 });
    try {
      const body = expectError(await call(tight, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 20 }), 422);
      expect(body.limit?.name).toBe('eventsPerRequest');
    } finally {
      await tight.close();
    }
  });

  it('work over the synchronous budget becomes a job without being asked', async () => {
    const budget = await startTestServer({ syncEventBudget: 1 });
    try {
      const answer = await call(budget, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2 });
      expect(answer.status).toBe(202);
      expect((await waitForJob(budget, answer.body.jobId, ['succeeded'])).body.output.kind).toBe('simulation');
    } finally {
      await budget.close();
    }
  });

  it('too many jobs: 429 with Retry-After', async () => {
    const small = await startTestServer({ maxActiveJobs: 1, retryAfterSeconds: 7 });
    try {
      const first = await call(small, 'POST', '/v1/simulations', { scenario: smallScenario({ horizon: '30d', interval: '1m' }), runs: 100, async: true });
      expect(first.status).toBe(202);
      const second = await call(small, 'POST', '/v1/simulations', { scenario: smallScenario(), async: true });
      const body = expectError(second, 429);
      expect(second.headers.get('retry-after')).toBe('7');
      expect(body.limit).toEqual({ name: 'activeJobs', maximum: 1 });
      await call(small, 'DELETE', `/v1/jobs/${first.body.jobId}`);
    } finally {
      await small.close();
    }
  });

  it('a synchronous request over its time limit is stopped: 503 with Retry-After, naming the limit', async () => {
    const hurried = await startTestServer({ requestTimeoutMs: 150 });
    try {
      const answer = await call(hurried, 'POST', '/v1/simulations', { scenario: smallScenario({ horizon: '30d', interval: '1m' }), runs: 100 });
      const body = expectError(answer, 503, /async/);
      expect(body.limit).toEqual({ name: 'requestTimeoutMs', maximum: 150 });
      expect(answer.headers.get('retry-after')).not.toBeNull();
      expect((await call(hurried, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await hurried.close();
    }
  });
});

describe('POST /v1/sweeps', () => {
  const axes = [{ path: 'spec.drPolicy.schedulingInterval', values: ['1m', '15m'] }];

  it('one row per grid point, each following the result contract; a longer interval gives a larger RPO', async () => {
    const answer = await call(server, 'POST', '/v1/sweeps', { scenario: smallScenario(), axes, runs: 4 });
    expect(answer.status, answer.text).toBe(200);
    const { sweep } = SweepOutputSchema.parse(answer.body);
    expect(sweep.rows.map((row) => row.values['spec.drPolicy.schedulingInterval'])).toEqual(['1m', '15m']);
    const [short, long] = sweep.rows.map((row) => ResultSchema.parse(row.result).summary.rpoSeconds.mean);
    expect(long).toBeGreaterThan(short);
  });

  it('a value no scenario accepts: 422 with the field path and the grid point', async () => {
    const body = expectError(
      await call(server, 'POST', '/v1/sweeps', { scenario: smallScenario(), axes: [{ path: 'spec.drPolicy.schedulingInterval', values: ['5m', '90s'] }] }),
      422,
    );
    expect(body.issues).toEqual([expect.objectContaining({ path: 'spec.drPolicy.schedulingInterval', value: '90s', point: { 'spec.drPolicy.schedulingInterval': '90s' } })]);
  });

  it('a field swept twice, or runs both swept and fixed: 422', async () => {
    expectError(await call(server, 'POST', '/v1/sweeps', { scenario: smallScenario(), axes: [...axes, ...axes] }), 422, /1 problem/);
    const fixed = expectError(await call(server, 'POST', '/v1/sweeps', { scenario: smallScenario(), runs: 3, axes: [{ path: 'spec.runs', values: [2, 3] }] }), 422);
    expect(fixed.issues![0].path).toBe('runs');
  });

  it('as a job: 202, then the sweep as the job output', async () => {
    const accepted = await call(server, 'POST', '/v1/sweeps', { scenario: smallScenario(), axes, runs: 2, async: true });
    expect(accepted.status).toBe(202);
    const done = await waitForJob(server, accepted.body.jobId, ['succeeded', 'failed']);
    expect(JobViewSchema.parse(done.body).output?.kind).toBe('sweep');
    expect(done.body.progress).toEqual({ completedRuns: 4, totalRuns: 4 });
  });
});

describe('POST /v1/sizing', () => {
  const scenario = () => smallScenario({ objectives: { rpo: '10m', percentile: 90 } });

  it('the longest interval meeting the RPO objective, with every candidate tried', async () => {
    const answer = await call(server, 'POST', '/v1/sizing', { scenario: scenario(), field: 'interval', min: '1m', max: '30m', runs: 4 });
    expect(answer.status, answer.text).toBe(200);
    const { sizing } = SizingOutputSchema.parse(answer.body);
    expect(sizing.answer).not.toBeNull();
    expect(sizing.tried.find((point) => point.value === sizing.answer)?.met).toBe(true);
    expect(sizing.tried.filter((point) => point.value > sizing.answer!).every((point) => !point.met)).toBe(true);
    expect(sizing.range).toEqual({ min: 60_000, max: 30 * 60_000 });
  });

  it('a scenario without objectives, or an unreadable bound: 422 naming the field', async () => {
    const none = expectError(await call(server, 'POST', '/v1/sizing', { scenario: smallScenario(), field: 'interval' }), 422);
    expect(none.issues![0].path).toBe('spec.objectives');
    const bound = expectError(await call(server, 'POST', '/v1/sizing', { scenario: scenario(), field: 'bandwidth', min: 'fast' }), 422);
    expect(bound.issues![0]).toMatchObject({ path: 'min', value: 'fast' });
    expectError(await call(server, 'POST', '/v1/sizing', { scenario: scenario(), field: 'latency' }), 422);
  });
});

describe('POST /v1/import', () => {
  const RAMEN = 'apiVersion: ramendr.openshift.io/v1alpha1';
  const manifests = [
    `${RAMEN}\nkind: DRPolicy\nmetadata: {name: p}\nspec: {drClusters: [east, west], schedulingInterval: 5m}`,
    `${RAMEN}\nkind: DRCluster\nmetadata: {name: east}\nspec: {s3ProfileName: s3-east}`,
    `${RAMEN}\nkind: DRCluster\nmetadata: {name: west}\nspec: {s3ProfileName: s3-west}`,
    `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, labels: {app: web}}\nspec: {resources: {requests: {storage: 10Gi}}}`,
    `${RAMEN}\nkind: DRPlacementControl\nmetadata: {name: web}\nspec: {drPolicyRef: {name: p}, preferredCluster: east, pvcSelector: {matchLabels: {app: web}}}`,
  ].join('\n---\n');

  it('manifests become a valid scenario, with YAML and the assumptions', async () => {
    const answer = await call(server, 'POST', '/v1/import', { manifests });
    expect(answer.status, answer.text).toBe(200);
    expect(parseScenarioObject(answer.body.scenario).ok).toBe(true);
    expect(answer.body.yaml).toContain('# assumed');
    expect(answer.body.assumptions.length).toBeGreaterThan(0);
    const simulated = await call(server, 'POST', '/v1/validate', { scenario: answer.body.yaml });
    expect(simulated.status).toBe(200);
  });

  it('manifests with nothing to import: 422 with a message', async () => {
    expectError(await call(server, 'POST', '/v1/import', { manifests: [{ name: 'deploy.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}' }] }), 422, /nothing to import/);
  });
});

describe('jobs', () => {
  it('an unknown or malformed job id is a 404, for GET and DELETE', async () => {
    expectError(await call(server, 'GET', '/v1/jobs/00000000-0000-4000-8000-000000000000'), 404);
    expectError(await call(server, 'GET', '/v1/jobs/..%2F..%2Fserver.lock'), 404);
    expectError(await call(server, 'DELETE', '/v1/jobs/not-a-job'), 404);
  });
});

describe('unknown endpoints', () => {
  it('answer 404 in the error format', async () => {
    const body = expectError(await call(server, 'GET', '/v1/nothing'), 404);
    expect(body.message).toContain('/v1/nothing');
  });
});


/**
 * The per-request memory limit (`--max-memory`), against a real listening
 * server: a request estimated over it is refused with 422 and limit
 * "memory" before any run starts, whatever kind of work it is; validation
 * reports the estimate; a study that outgrows its estimate while running is
 * stopped with the same answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { estimateStudyMemory, MemoryBudgetExceeded } from '../../src/analysis/memory-estimate.js';
import { apiConfig } from '../../src/api/config.js';
import { ErrorResponseSchema } from '../../src/api/schemas/errors.js';
import type { RunningServer } from '../../src/api/server.js';
import { expectedFailure } from '../../src/api/work/failure.js';
import { sequentialStudiesMemory } from '../../src/api/work/limits.js';
import { loadScenario } from '../../src/scenarios/index.js';
import { call, smallScenario, startTestServer } from './harness.js';

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function started(maxMemoryBytes: number): Promise<RunningServer> {
  // The event limit out of the way: these requests are meant to be refused for memory.
  const server = await startTestServer({ maxMemoryBytes, maxEventsPerRequest: Number.MAX_SAFE_INTEGER });
  servers.push(server);
  return server;
}

function estimateOf(runs: number): number {
  const loaded = loadScenario(JSON.stringify(smallScenario({ runs })), { format: 'json' });
  if (!loaded.ok) throw new Error('the test scenario does not load');
  return estimateStudyMemory(loaded.scenario, runs, 2).bytes;
}

function expectMemoryRefusal(answer: { status: number; body: unknown }, maximum: number) {
  expect(answer.status).toBe(422);
  const body = ErrorResponseSchema.parse(answer.body);
  expect(body.limit).toMatchObject({ name: 'memory', maximum });
  expect(body.limit!.value).toBeGreaterThan(maximum);
  expect(body.message).toMatch(/estimated to hold .* this server allows/);
}

describe('memory limit per request', () => {
  it('validation reports the estimate, which grows with the runs', async () => {
    const server = await started(4 * 1024 ** 3);
    const few = await call(server, 'POST', '/v1/validate', { scenario: smallScenario({ runs: 10 }) });
    const many = await call(server, 'POST', '/v1/validate', { scenario: smallScenario({ runs: 50_000 }) });
    expect(few.status).toBe(200);
    expect(few.body.estimatedMemoryBytes).toBe(estimateOf(10));
    expect(many.body.estimatedMemoryBytes).toBeGreaterThan(few.body.estimatedMemoryBytes);
  });

  it('refuses a simulation estimated over the limit with 422 "memory", and runs one under it', async () => {
    const limit = estimateOf(2_000);
    const server = await started(limit);
    expectMemoryRefusal(await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 100_000 }), limit);
    const small = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 4 });
    expect(small.status).toBe(200);
  });

  it('refuses a sweep whose largest grid point, plus the results kept before it, is over the limit', async () => {
    const limit = estimateOf(2_000);
    const server = await started(limit);
    const axes = [{ path: 'spec.drPolicy.schedulingInterval', values: ['5m', '10m'] }];
    expectMemoryRefusal(await call(server, 'POST', '/v1/sweeps', { scenario: smallScenario(), axes, runs: 100_000 }), limit);
    expect((await call(server, 'POST', '/v1/sweeps', { scenario: smallScenario(), axes, runs: 4 })).status).toBe(200);
  });

  it('refuses sizing whose studies are each over the limit', async () => {
    const limit = estimateOf(2_000);
    const server = await started(limit);
    const body = { scenario: smallScenario({ objectives: { rpo: '30m' } }), field: 'interval', runs: 100_000 };
    expectMemoryRefusal(await call(server, 'POST', '/v1/sizing', body), limit);
  });

  it('a study stopped by its budget while running answers 422 "memory", not 500', () => {
    const config = apiConfig({ maxMemoryBytes: 64 * 1024 ** 2 });
    const answer = expectedFailure(new MemoryBudgetExceeded(config.maxMemoryBytes, 80 * 1024 ** 2), config);
    expect(answer?.statusCode).toBe(422);
    expect(answer?.details).toMatchObject({ limit: { name: 'memory', maximum: config.maxMemoryBytes, value: 80 * 1024 ** 2 } });
  });

  it('studies one after another peak at the largest in flight plus the results kept before it', () => {
    const studies = [
      { estimatedMemoryBytes: 100, resultBytes: 10 },
      { estimatedMemoryBytes: 300, resultBytes: 10 },
      { estimatedMemoryBytes: 50, resultBytes: 10 },
    ];
    // Second study: 10 kept + 300 in flight; third: 20 + 50.
    expect(sequentialStudiesMemory(studies)).toBe(310);
    expect(sequentialStudiesMemory(Array.from({ length: 100 }, () => ({ estimatedMemoryBytes: 5, resultBytes: 10 })))).toBe(1000);
  });
});

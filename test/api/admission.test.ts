/**
 * Admission at the door: past `maxConcurrentRequests` work requests in
 * flight, simulations, sweeps and sizing are refused with 503 and Retry-After
 * before their body is read. Requests held open with part of a body stand
 * for the ones in flight: they are admitted (the hook runs on arrival) and
 * cost nothing while they wait.
 */
import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { holdRequest, type HeldRequest } from '../../bench/lib/held-request.js';
import { ErrorResponseSchema } from '../../src/api/schemas/errors.js';
import type { RunningServer } from '../../src/api/server.js';
import { call, slowScenario, smallScenario, startTestServer, waitFor } from './harness.js';

const servers: RunningServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function started(maxConcurrentRequests: number): Promise<RunningServer> {
  const server = await startTestServer({ maxConcurrentRequests, retryAfterSeconds: 7 });
  servers.push(server);
  return server;
}

async function held(server: RunningServer, path: string): Promise<HeldRequest> {
  const request = await holdRequest(server.url, path);
  sockets.push(request.socket);
  return request;
}

function expectRefused(answer: { status: number; headers: Headers; body: unknown }, maximum: number) {
  expect(answer.status).toBe(503);
  expect(answer.headers.get('retry-after')).toBe('7');
  const body = ErrorResponseSchema.parse(answer.body);
  expect(body).toMatchObject({ statusCode: 503, error: 'service unavailable', limit: { name: 'concurrentRequests', maximum } });
  expect(body.message).toMatch(/2 simulation, sweep and sizing requests are being handled/);
}

describe('admission of work requests', () => {
  it('past the limit, simulations, sweeps and sizing get 503 with Retry-After, whatever their body', async () => {
    const server = await started(2);
    await held(server, '/v1/simulations');
    await held(server, '/v1/sweeps');
    await waitFor(async () => (server.context.admission.active === 2 ? true : undefined));
    // Not even JSON: refused for load, not for its content, since the body is never read.
    expectRefused(await call(server, 'POST', '/v1/simulations', '{"not json', { 'content-type': 'application/json' }), 2);
    expectRefused(await call(server, 'POST', '/v1/sweeps', { scenario: smallScenario(), axes: [] }), 2);
    expectRefused(await call(server, 'POST', '/v1/sizing', { scenario: smallScenario(), field: 'interval' }), 2);
    // Validation, the library and health are not work: they are answered.
    expect((await call(server, 'POST', '/v1/validate', { scenario: smallScenario() })).status).toBe(200);
    expect((await call(server, 'GET', '/v1/scenarios')).status).toBe(200);
    expect((await call(server, 'GET', '/readyz')).status).toBe(200);
  });

  it('a refused request is answered without its body: the server does not wait for it', async () => {
    const server = await started(1);
    await held(server, '/v1/simulations');
    await waitFor(async () => (server.context.admission.active === 1 ? true : undefined));
    const refused = await held(server, '/v1/simulations');
    const head = await refused.head;
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head.toLowerCase()).toContain('retry-after: 7');
  });

  it('a place is freed when its request is answered or its client leaves', async () => {
    const server = await started(1);
    const waiting = await held(server, '/v1/simulations');
    await waitFor(async () => (server.context.admission.active === 1 ? true : undefined));
    expect((await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2 })).status).toBe(503);
    waiting.socket.destroy();
    await waitFor(async () => (server.context.admission.active === 0 ? true : undefined));
    const first = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2 });
    expect(first.status, first.text).toBe(200);
    const second = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2, async: true });
    expect(second.status, second.text).toBe(202);
    const invalid = await call(server, 'POST', '/v1/simulations', { scenario: { kind: 'nonsense' } });
    expect(invalid.status).toBe(422);
    expect(server.context.admission.active).toBe(0);
  });

  it('a client that leaves while its simulation runs frees its place (and shutdown does not wait for it)', async () => {
    const server = await started(1);
    const { hostname, port } = new URL(server.url);
    const request = httpRequest({ hostname, port, method: 'POST', path: '/v1/simulations', headers: { 'content-type': 'application/json' } });
    request.on('error', () => undefined);
    request.end(JSON.stringify({ scenario: slowScenario() }));
    await waitFor(async () => (server.context.sync.active === 1 ? true : undefined));
    request.destroy();
    await waitFor(async () => (server.context.admission.active === 0 && server.requests.active === 0 ? true : undefined), 5000);
    expect((await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2 })).status).toBe(200);
  });

  it('exactly the limit is admitted: with one place left a request is answered, with none it is refused', async () => {
    const server = await started(3);
    await held(server, '/v1/simulations');
    await held(server, '/v1/sizing');
    await waitFor(async () => (server.context.admission.active === 2 ? true : undefined));
    const answered = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2 });
    expect(answered.status, answered.text).toBe(200);
    await held(server, '/v1/sweeps');
    await waitFor(async () => (server.context.admission.active === 3 ? true : undefined));
    const refused = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2 });
    expect(refused.status).toBe(503);
    expect(refused.body.message).toMatch(/^3 simulation, sweep and sizing requests/);
  });
});

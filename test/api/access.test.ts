/** Bearer-token authentication on and off, and CORS off by default and on when asked. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { call, smallScenario, startTestServer } from './harness.js';

const TOKEN = 'test-token-5f1c';

describe('authentication off (no DRSIM_API_TOKEN)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('every endpoint answers without credentials', async () => {
    expect((await call(server, 'GET', '/v1/scenarios')).status).toBe(200);
    expect((await call(server, 'POST', '/v1/validate', { scenario: smallScenario() })).status).toBe(200);
  });

  it('sends no CORS headers and answers no preflight', async () => {
    const answer = await call(server, 'GET', '/v1/scenarios', undefined, { origin: 'https://planner.example' });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call(server, 'OPTIONS', '/v1/simulations', undefined, {
      origin: 'https://planner.example',
      'access-control-request-method': 'POST',
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.status).toBe(404);
  });
});

describe('authentication on', () => {
  let server: RunningServer;
  const bearer = { authorization: `Bearer ${TOKEN}` };
  beforeAll(async () => {
    server = await startTestServer({ token: TOKEN, corsOrigin: 'https://planner.example' });
  });
  afterAll(() => server.close());

  it('/v1 endpoints without a token: 401 with WWW-Authenticate', async () => {
    for (const [method, path, body] of [
      ['GET', '/v1/scenarios', undefined],
      ['GET', '/v1/scenarios/regional-5m-vms', undefined],
      ['POST', '/v1/simulations', { scenario: smallScenario() }],
      ['POST', '/v1/validate', { scenario: smallScenario() }],
      ['POST', '/v1/import', { manifests: '' }],
      ['GET', '/v1/jobs/00000000-0000-4000-8000-000000000000', undefined],
      ['DELETE', '/v1/jobs/00000000-0000-4000-8000-000000000000', undefined],
    ] as const) {
      const answer = await call(server, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(answer.body).toMatchObject({ statusCode: 401, error: 'unauthorized' });
    }
  });

  it('a wrong token is refused; the right one is let in', async () => {
    const wrong = await call(server, 'GET', '/v1/scenarios', undefined, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toMatch(/not valid/);
    expect((await call(server, 'GET', '/v1/scenarios', undefined, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
    expect((await call(server, 'GET', '/v1/scenarios', undefined, bearer)).status).toBe(200);
    const simulated = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2 }, bearer);
    expect(simulated.status).toBe(200);
  });

  it('health checks and the documentation stay open; the OpenAPI document declares the bearer scheme', async () => {
    expect((await call(server, 'GET', '/healthz')).status).toBe(200);
    expect((await call(server, 'GET', '/readyz')).status).toBe(200);
    const openapi = await call(server, 'GET', '/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.body.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    // Each guarded operation names the scheme; the open ones name none, and there is no document-wide default.
    expect(openapi.body.security).toBeUndefined();
    const operations = Object.entries(openapi.body.paths as Record<string, Record<string, { security?: unknown }>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method} ${path}`, guarded: path.startsWith('/v1/'), security: operation.security })),
    );
    expect(operations.filter((operation) => operation.guarded).length).toBeGreaterThanOrEqual(9);
    for (const operation of operations) expect(operation.security, operation.name).toEqual(operation.guarded ? [{ bearer: [] }] : []);
  });

  it('with --cors, the allowed origin may read answers and preflights need no token', async () => {
    const answer = await call(server, 'GET', '/v1/scenarios', undefined, { ...bearer, origin: 'https://planner.example' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://planner.example');
    const preflight = await call(server, 'OPTIONS', '/v1/simulations', undefined, {
      origin: 'https://planner.example',
      'access-control-request-method': 'POST',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await call(server, 'GET', '/v1/scenarios', undefined, { ...bearer, origin: 'https://elsewhere.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

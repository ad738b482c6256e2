/**
 * Shared by the API tests: servers on loopback with a fresh data directory,
 * small scenarios sized to take a known time, and a fetch wrapper.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiConfig, type ApiConfig } from '../../src/api/config.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { scenarioDocument } from '../models/scenario-builder.js';

export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'drsim-api-test-'));
}

export function testConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return apiConfig({ host: '127.0.0.1', port: 0, dataDir: freshDataDir(), workers: 2, logger: false, ...overrides });
}

export function startTestServer(overrides: Partial<ApiConfig> = {}): Promise<RunningServer> {
  return startServer(testConfig(overrides));
}

export interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

export async function call(
  server: { url: string },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const response = await fetch(server.url + path, init);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export interface ScenarioSize {
  name?: string;
  /** Simulated span of one run: longer runs take longer. */
  horizon?: string;
  /** Mirroring interval: shorter intervals mean more events. */
  interval?: string;
  runs?: number;
  objectives?: { rpo?: string; rto?: string; percentile?: number };
}

/**
 * The model tests' small Regional-DR scenario (one 1 GiB volume, hub on a
 * witness site) with a site loss; a few milliseconds per run at the
 * defaults, tens at horizon 30d and interval 1m.
 */
export function smallScenario(size: ScenarioSize = {}): Record<string, unknown> {
  // A copy: the base shares its lists, and tests change the document they get.
  return structuredClone(scenarioDocument(
    {
      runs: size.runs ?? 20,
      horizon: size.horizon ?? '1d',
      drPolicy: { schedulingInterval: size.interval ?? '5m' },
      disasters: [{ kind: 'siteLoss', target: 'east', at: { uniform: ['2h', '20h'] } }],
      ...(size.objectives ? { objectives: size.objectives } : {}),
    },
    size.name ?? 'api-small',
  ));
}

/** A job of several seconds: long enough to be seen running, cancelled or interrupted. */
export function slowScenario(runs = 200): Record<string, unknown> {
  return smallScenario({ name: 'api-slow', horizon: '30d', interval: '1m', runs });
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Polls a job until its status is one of `statuses`. */
export function waitForJob(server: { url: string }, id: string, statuses: string[], timeoutMs = 30_000, headers: Record<string, string> = {}): Promise<Answer> {
  return waitFor(async () => {
    const answer = await call(server, 'GET', `/v1/jobs/${id}`, undefined, headers);
    return statuses.includes(answer.body?.status) ? answer : undefined;
  }, timeoutMs);
}

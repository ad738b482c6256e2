/**
 * Shared by the API tests: servers on loopback with a fresh data directory,
 * small scenarios sized to take a known time, and a fetch wrapper.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiConfig, type ApiConfig } from '../../src/api/config.js';
import { startServer, type RunningServer } from '../../src/api/server.js';

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
 * A two-site Regional-DR scenario with one volume and a site loss; about a
 * millisecond per run at the defaults, about 20 ms per run at horizon 30d and
 * interval 1m.
 */
export function smallScenario(size: ScenarioSize = {}): Record<string, unknown> {
  return {
    apiVersion: 'drsim.dev/v1alpha1',
    kind: 'Scenario',
    metadata: { name: size.name ?? 'api-small' },
    spec: {
      runs: size.runs ?? 20,
      horizon: size.horizon ?? '1d',
      sites: [{ name: 'east' }, { name: 'west' }],
      hub: { site: 'west' },
      clusters: [
        { name: 'dr1', site: 'east', s3ProfileName: 's3-east' },
        { name: 'dr2', site: 'west', s3ProfileName: 's3-west' },
      ],
      links: [{ between: ['east', 'west'], bandwidth: '1Gbps', rtt: '5ms' }],
      s3Profiles: [
        { name: 's3-east', site: 'east' },
        { name: 's3-west', site: 'west' },
      ],
      drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: size.interval ?? '5m' },
      applications: [{ name: 'app', volumes: [{ name: 'data', size: '1Gi', writeRate: '100KiB/s' }] }],
      disasters: [{ kind: 'siteLoss', target: 'east', at: { uniform: ['2h', '20h'] } }],
      ...(size.objectives ? { objectives: size.objectives } : {}),
    },
  };
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

/**
 * HTTP API benchmark (`npm run bench:api`): `drsim serve` in its own process
 * on loopback, loaded by autocannon for a bounded time, first on /healthz
 * (the server's own overhead), then with a small synchronous simulation: a
 * bundled scenario (e2e-calibration: one 1 GiB PVC, 1m policy, 6 h horizon)
 * for a few runs. Prints requests per second, p50/p99 latency, errors, and the
 * server's resident memory before and after.
 *
 *   node dist/bench/api.js [--duration 10] [--connections 16] [--runs 20] [--scenario e2e-calibration]
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnServe } from './lib/serve-process.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  duration: number;
}) => Promise<AutocannonResult>;

// autocannon ships no types; this is the part of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

function textOption(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} expects a positive number`);
  return value;
}

/** Resident set size of a process in MiB (Linux /proc). */
function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kib / 1024;
}

interface Row {
  load: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function load(name: string, url: string, connections: number, duration: number, body?: unknown): Promise<Row> {
  const result = await autocannon({
    url,
    connections,
    duration,
    ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return {
    load: name,
    requestsPerSecond: Math.round(result.requests.average * 10) / 10,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const duration = option('duration', 10);
  const connections = option('connections', 16);
  const runs = option('runs', 20);
  const scenarioName = textOption('scenario', 'e2e-calibration');
  const dataDir = mkdtempSync(join(tmpdir(), 'drsim-bench-api-'));
  const { child, url } = await spawnServe(CLI, dataDir).listening;
  try {
    const pid = child.pid!;
    const body = { scenarioName, runs };
    // One request first, so the worker pool is up and the "before" memory is the steady server.
    const warm = await fetch(`${url}/v1/simulations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (warm.status !== 200) throw new Error(`warm-up simulation answered ${warm.status}: ${await warm.text()}`);
    const before = residentMiB(pid);
    const rows = [
      await load('GET /healthz', `${url}/healthz`, connections, duration),
      await load(`POST /v1/simulations (${scenarioName}, ${runs} runs)`, `${url}/v1/simulations`, connections, duration, body),
    ];
    const after = residentMiB(pid);
    console.log(`drsim API benchmark: ${connections} connections, ${duration} s per load, loopback, ${process.version}`);
    console.table(rows);
    console.log(`server resident memory: ${before.toFixed(1)} MiB before, ${after.toFixed(1)} MiB after`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

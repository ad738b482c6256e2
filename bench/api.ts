/**
 * HTTP API benchmark (`npm run bench:api`): `drsim serve` in its own process
 * on loopback, loaded by autocannon in closed loop (every connection sends
 * its next request as soon as it has an answer, ignoring Retry-After).
 *
 * 1. GET /healthz: the HTTP layer's own cost.
 * 2. POST /v1/simulations, a small synchronous study (e2e-calibration: one
 *    1 GiB PVC, 1m policy, 6 h horizon, 20 runs), at each connection count
 *    (16, 64, 128): completed requests per second, the share refused with
 *    503, latency percentiles of each. 16 connections is the baseline: the
 *    server is saturated but under its 64-request admission limit, so the
 *    larger loads show what shedding the excess costs.
 * 3. What a refusal costs the server: a second server admitting one request
 *    at a time, that place held by a request whose body never comes, flooded
 *    with simulations; its main thread's CPU per refusal, against its CPU
 *    per /healthz answer.
 *
 * Also the server's resident memory before and after.
 *
 *   node dist/bench/api.js [--duration 20] [--connections 16,64,128] [--runs 20] [--scenario e2e-calibration] [--json]
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultApiConfig } from '../src/api/config.js';
import { holdRequest } from './lib/held-request.js';
import { answered, closedLoopLoad, percentile, type LoadFigures } from './lib/http-load.js';
import { cpuSeconds, cpuSecondsSince, residentMiB } from './lib/process-figures.js';
import { spawnServe, type ServeProcess } from './lib/serve-process.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

function textOption(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} expects positive numbers, got "${text}"`);
  return value;
}

const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

interface SimulationRow {
  connections: number;
  completedPerSecond: number;
  /** Share of answers that were 503 (refused at admission). */
  refusedShare: number;
  refusedPerSecond: number;
  completedP50Ms: number | null;
  completedP90Ms: number | null;
  completedP99Ms: number | null;
  refusedP50Ms: number | null;
  refusedP99Ms: number | null;
  /** Answers neither 200 nor 503, and requests with no answer: both should be 0. */
  otherAnswers: number;
  errors: number;
  /** Completed requests per second as a share of the baseline's (the first connection count). */
  ofBaseline: number;
  serverCpuSeconds: number;
  /** Server CPU (every thread) over the load per completed request, refusals included. */
  serverCpuMsPerCompleted: number | null;
}

function simulationRow(figures: LoadFigures, baseline: number | undefined, cpu: number): SimulationRow {
  const completed = answered(figures, (status) => status === 200);
  const refused = answered(figures, (status) => status === 503);
  const other = answered(figures, (status) => status !== 200 && status !== 503);
  const all = completed.length + refused.length + other.length;
  const completedPerSecond = completed.length / figures.seconds;
  return {
    connections: figures.connections,
    completedPerSecond: round(completedPerSecond)!,
    refusedShare: round(all === 0 ? 0 : refused.length / all, 3)!,
    refusedPerSecond: round(refused.length / figures.seconds, 0)!,
    completedP50Ms: round(percentile(completed, 50), 0),
    completedP90Ms: round(percentile(completed, 90), 0),
    completedP99Ms: round(percentile(completed, 99), 0),
    refusedP50Ms: round(percentile(refused, 50), 2),
    refusedP99Ms: round(percentile(refused, 99), 2),
    otherAnswers: other.length,
    errors: figures.errors,
    ofBaseline: round(baseline === undefined ? 1 : completedPerSecond / baseline, 2)!,
    serverCpuSeconds: round(cpu, 2)!,
    serverCpuMsPerCompleted: round(completed.length === 0 ? Number.NaN : (cpu * 1000) / completed.length, 1),
  };
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Until the server has no synchronous request left from the previous load (its clients are gone). */
async function settled(url: string): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const ready = (await (await fetch(`${url}/readyz`)).json()) as { synchronousRequests: number };
    if (ready.synchronousRequests === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the server still runs simulations 10 s after the load stopped');
}

async function withServer<T>(extraArgs: string[], use: (server: ServeProcess) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'drsim-bench-api-'));
  const { child, listening } = spawnServe(CLI, dataDir, extraArgs);
  try {
    return await use(await listening);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Server main-thread CPU per answer, in µs, for refusals and for /healthz. */
async function refusalCost(duration: number, body: unknown) {
  return withServer(['--max-requests', '1'], async ({ child, url }) => {
    const pid = child.pid!;
    const place = await holdRequest(url, '/v1/simulations');
    try {
      const measure = async (target: string, payload?: unknown) => {
        const before = cpuSeconds(pid);
        const figures = await closedLoopLoad(target, 64, duration, payload);
        const cpu = cpuSecondsSince(pid, before);
        const answers = answered(figures, () => true).length;
        return { answers, microsecondsPerAnswer: round((cpu.mainThread * 1e6) / answers, 0) };
      };
      const refusals = await measure(`${url}/v1/simulations`, body);
      const health = await measure(`${url}/healthz`);
      return { refusals, health };
    } finally {
      place.socket.destroy();
    }
  });
}

async function main(): Promise<void> {
  const duration = positive('duration', textOption('duration', '20'));
  const connectionCounts = textOption('connections', '16,64,128')
    .split(',')
    .map((text) => positive('connections', text));
  const runs = positive('runs', textOption('runs', '20'));
  const scenarioName = textOption('scenario', 'e2e-calibration');
  const json = process.argv.includes('--json');
  const body = { scenarioName, runs };

  const main = await withServer([], async ({ child, url }) => {
    const pid = child.pid!;
    // One request first, so the worker pool is up and the "before" memory is the steady server.
    const warm = await post(`${url}/v1/simulations`, body);
    if (warm.status !== 200) throw new Error(`warm-up simulation answered ${warm.status}: ${await warm.text()}`);
    const memoryBefore = residentMiB(pid);
    const health = await closedLoopLoad(`${url}/healthz`, connectionCounts[0], duration);
    const healthLatencies = answered(health, (status) => status === 200);
    const rows: SimulationRow[] = [];
    for (const connections of connectionCounts) {
      await settled(url);
      const before = cpuSeconds(pid);
      const figures = await closedLoopLoad(`${url}/v1/simulations`, connections, duration, body);
      rows.push(simulationRow(figures, rows[0]?.completedPerSecond, cpuSecondsSince(pid, before).allThreads));
    }
    return {
      health: {
        connections: connectionCounts[0],
        requestsPerSecond: round(healthLatencies.length / health.seconds, 0),
        p50Ms: round(percentile(healthLatencies, 50), 2),
        p99Ms: round(percentile(healthLatencies, 99), 2),
      },
      rows,
      memoryMiB: { before: round(memoryBefore), after: round(residentMiB(pid)) },
    };
  });
  const cost = await refusalCost(Math.max(2, duration / 2), body);

  const report = { node: process.version, durationSeconds: duration, scenarioName, runs, ...main, refusalCost: cost };
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  console.log(`drsim API benchmark: ${duration} s per load, loopback, closed loop (Retry-After ignored), ${process.version}`);
  console.log(`GET /healthz, ${main.health.connections} connections: ${main.health.requestsPerSecond} requests/s, p50 ${main.health.p50Ms} ms, p99 ${main.health.p99Ms} ms`);
  console.log(`POST /v1/simulations (${scenarioName}, ${runs} runs), admission limit ${defaultApiConfig().maxConcurrentRequests} requests in flight:`);
  console.table(rows(main.rows));
  console.log(
    `server main-thread CPU per answer (one place, held): refusal ${cost.refusals.microsecondsPerAnswer} µs (${cost.refusals.answers} refusals), ` +
      `/healthz ${cost.health.microsecondsPerAnswer} µs (${cost.health.answers} answers)`,
  );
  console.log(`server resident memory: ${main.memoryMiB.before} MiB before, ${main.memoryMiB.after} MiB after`);
}

function rows(simulations: SimulationRow[]) {
  return simulations.map((row) => ({
    connections: row.connections,
    'completed/s': row.completedPerSecond,
    'of baseline': row.ofBaseline,
    '503 share': row.refusedShare,
    '503/s': row.refusedPerSecond,
    'p50 ms': row.completedP50Ms,
    'p90 ms': row.completedP90Ms,
    'p99 ms': row.completedP99Ms,
    '503 p50 ms': row.refusedP50Ms,
    '503 p99 ms': row.refusedP99Ms,
    'CPU ms/completed': row.serverCpuMsPerCompleted,
    other: row.otherAnswers,
    errors: row.errors,
  }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

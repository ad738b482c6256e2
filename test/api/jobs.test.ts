/**
 * Jobs: cancel, health while one runs, persistence across restarts (graceful
 * and kill -9), and graceful shutdown of `drsim serve` on SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { spawnServe, type ServeProcess } from '../../bench/lib/serve-process.js';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ResultSchema } from '../../src/analysis/result-schema.js';
import { JobViewSchema } from '../../src/api/schemas/jobs.js';
import type { RunningServer } from '../../src/api/server.js';
import { call, freshDataDir, slowScenario, smallScenario, startTestServer, waitFor, waitForJob } from './harness.js';

const servers: RunningServer[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function started(dataDir: string): Promise<RunningServer> {
  const server = await startTestServer({ dataDir });
  servers.push(server);
  return server;
}

async function submitAndWaitRunning(server: { url: string }, scenario: Record<string, unknown>): Promise<string> {
  const accepted = await call(server, 'POST', '/v1/simulations', { scenario, async: true });
  expect(accepted.status, accepted.text).toBe(202);
  const id = accepted.body.jobId as string;
  await waitFor(async () => {
    const view = await call(server, 'GET', `/v1/jobs/${id}`);
    return view.body.status === 'running' ? true : undefined;
  });
  return id;
}

describe('cancel', () => {
  it('DELETE stops a running job; the server answers health checks quickly meanwhile', async () => {
    const server = await started(freshDataDir());
    const id = await submitAndWaitRunning(server, slowScenario());
    const before = performance.now();
    const health = await call(server, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(performance.now() - before).toBeLessThan(250);
    const cancelled = await call(server, 'DELETE', `/v1/jobs/${id}`);
    expect(cancelled.status).toBe(200);
    const view = JobViewSchema.parse(cancelled.body);
    expect(view.status).toBe('cancelled');
    expect(view.output).toBeUndefined();
    expect(view.progress.completedRuns).toBeLessThan(view.progress.totalRuns);
    const again = await call(server, 'DELETE', `/v1/jobs/${id}`);
    expect(again.status).toBe(409);
    expect((await call(server, 'GET', '/readyz')).body.jobs).toEqual({ queued: 0, running: 0 });
  });

  it('a queued job is cancelled before it starts', async () => {
    const server = await started(freshDataDir());
    const running = await submitAndWaitRunning(server, slowScenario());
    const queued = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), async: true });
    expect((await call(server, 'GET', `/v1/jobs/${queued.body.jobId}`)).body.status).toBe('queued');
    const cancelled = await call(server, 'DELETE', `/v1/jobs/${queued.body.jobId}`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', attempts: 0 });
    await call(server, 'DELETE', `/v1/jobs/${running}`);
  });
});

describe('shutdown', () => {
  it('a request still arriving when shutdown begins is answered, not dropped', async () => {
    const server = await started(freshDataDir());
    const body = JSON.stringify({ scenario: smallScenario(), runs: 2 });
    const { hostname, port } = new URL(server.url);
    const request = httpRequest({ hostname, port, method: 'POST', path: '/v1/simulations', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on('error', reject);
    });
    // Half the body: the server has the request, but no route has seen it yet.
    request.write(body.slice(0, 10));
    await waitFor(async () => (server.requests.active >= 1 ? true : undefined));
    const closing = server.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    request.end(body.slice(10));
    const answer = await answered;
    expect(answer.status, answer.text).toBe(503);
    expect(JSON.parse(answer.text).message).toMatch(/shutting down/);
    await closing;
  });
});

describe('persistence', () => {
  it('finished jobs and their results are served after a restart', async () => {
    const dataDir = freshDataDir();
    const first = await started(dataDir);
    const accepted = await call(first, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 4, async: true });
    const done = await waitForJob(first, accepted.body.jobId, ['succeeded']);
    await first.close();
    const second = await started(dataDir);
    const after = await call(second, 'GET', `/v1/jobs/${accepted.body.jobId}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(done.body);
    ResultSchema.parse(after.body.output.result);
  });

  it('a job running at shutdown is saved as queued and runs to the same result after the restart', async () => {
    const dataDir = freshDataDir();
    const scenario = smallScenario({ horizon: '7d', runs: 80 });
    const first = await started(dataDir);
    const id = await submitAndWaitRunning(first, scenario);
    await first.close();
    const saved = JSON.parse(readFileSync(join(dataDir, 'jobs', `${id}.json`), 'utf8'));
    expect(saved).toMatchObject({ status: 'queued', attempts: 0, progress: { completedRuns: 0 } });
    const second = await started(dataDir);
    const done = await waitForJob(second, id, ['succeeded', 'failed']);
    expect(done.body).toMatchObject({ status: 'succeeded', attempts: 1 });
    const direct = await call(second, 'POST', '/v1/simulations', { scenario });
    expect(done.body.output.result.traceDigest).toBe(direct.body.result.traceDigest);
  });

  it('unreadable job files are set aside and interrupted writes removed, without stopping the server', async () => {
    const dataDir = freshDataDir();
    const first = await started(dataDir);
    await first.close();
    writeFileSync(join(dataDir, 'jobs', '00000000-0000-4000-8000-000000000001.json'), '{"half": ');
    writeFileSync(join(dataDir, 'jobs', '00000000-0000-4000-8000-000000000002.json.1a2b3c4d.tmp'), '{}');
    const second = await started(dataDir);
    expect((await call(second, 'GET', '/healthz')).status).toBe(200);
    expect(readdirSync(join(dataDir, 'jobs'))).toEqual([]);
    expect(readdirSync(join(dataDir, 'corrupt'))).toEqual(['00000000-0000-4000-8000-000000000001.json']);
  });

  it('one server per data directory', async () => {
    const dataDir = freshDataDir();
    await started(dataDir);
    await expect(startTestServer({ dataDir })).rejects.toThrow(/is in use: another server in this process \(pid \d+\) holds it/);
  });
});

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** `drsim serve` as a real process; resolves with its URL once it listens. */
function serve(dataDir: string): Promise<ServeProcess> {
  const { child, listening } = spawnServe(CLI, dataDir, ['--workers', '2']);
  children.push(child);
  return listening;
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe.skipIf(!existsSync(CLI))('drsim serve as a process', () => {
  it('SIGTERM: the request in flight finishes, the running job is kept, exit 0; a restart finishes the job', async () => {
    const dataDir = freshDataDir();
    const { child, url } = await serve(dataDir);
    const job = await submitAndWaitRunning({ url }, slowScenario());
    const inFlight = call({ url }, 'POST', '/v1/simulations', { scenario: smallScenario({ horizon: '7d' }), runs: 30 });
    // The signal comes once the server holds the request, not after a guess at how long that takes.
    await waitFor(async () => ((await call({ url }, 'GET', '/readyz')).body.synchronousRequests >= 1 ? true : undefined));
    child.kill('SIGTERM');
    const answer = await inFlight;
    expect(answer.status, answer.text).toBe(200);
    expect(ResultSchema.parse(answer.body.result).runs).toBe(30);
    expect(await exited(child)).toBe(0);

    const restarted = await serve(dataDir);
    const view = await call(restarted, 'GET', `/v1/jobs/${job}`);
    expect(['queued', 'running']).toContain(view.body.status);
    expect((await call(restarted, 'DELETE', `/v1/jobs/${job}`)).body.status).toBe('cancelled');
    restarted.child.kill('SIGTERM');
    expect(await exited(restarted.child)).toBe(0);
  });

  it('kill -9 while a job runs: the restarted server runs it again to success', async () => {
    const dataDir = freshDataDir();
    const { child, url } = await serve(dataDir);
    const job = await submitAndWaitRunning({ url }, smallScenario({ horizon: '7d', runs: 80 }));
    child.kill('SIGKILL');
    await exited(child);
    const restarted = await serve(dataDir);
    const done = await waitForJob(restarted, job, ['succeeded', 'failed']);
    expect(done.body).toMatchObject({ status: 'succeeded', attempts: 2 });
    ResultSchema.parse(done.body.output.result);
    restarted.child.kill('SIGTERM');
    expect(await exited(restarted.child)).toBe(0);
  });
});

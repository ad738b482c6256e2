/**
 * A full or read-only data directory, on a real tmpfs of a few MiB that the
 * test fills or remounts read-only (test/api/small-disk.ts): new jobs and
 * cancellations get 507 with Retry-After in the error shape, what a server
 * answers is what a restart reads back, no temporary file is left, a job
 * whose result cannot be written yet is still running (here and on disk)
 * and succeeds once there is room, a server starts on such a directory and
 * serves reads, and SIGTERM exits 0 without a stack trace.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnServe } from '../../bench/lib/serve-process.js';
import type { RunningServer } from '../../src/api/server.js';
import { call, slowScenario, smallScenario, startTestServer, waitFor, waitForJob, type Answer } from './harness.js';
import { mountPermitted, smallDisk, type SmallDisk } from './small-disk.js';

const servers: RunningServer[] = [];
const children: ChildProcess[] = [];
const disks: SmallDisk[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
  for (const disk of disks.splice(0)) disk.unmount();
});

function disk(): SmallDisk {
  const made = smallDisk(2048);
  disks.push(made);
  return made;
}

async function started(dataDir: string): Promise<RunningServer> {
  // Retry-After of 1 s: the retries of refused writes come quickly enough for a test.
  const server = await startTestServer({ dataDir, retryAfterSeconds: 1 });
  servers.push(server);
  return server;
}

async function stop(server: RunningServer): Promise<void> {
  servers.splice(servers.indexOf(server), 1);
  await server.close();
}

function temporaryFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'jobs')).filter((file) => file.endsWith('.tmp'));
}

function onDisk(dataDir: string, id: string): { status: string } {
  return JSON.parse(readFileSync(join(dataDir, 'jobs', `${id}.json`), 'utf8')) as { status: string };
}

function expectStorageRefusal(answer: Answer): void {
  expect(answer.status, answer.text).toBe(507);
  expect(answer.headers.get('retry-after')).toBe('1');
  expect(answer.body).toMatchObject({ statusCode: 507, error: 'insufficient storage' });
  expect(answer.body.message).toMatch(/ENOSPC|EROFS/);
}

async function submitRunning(server: { url: string }, scenario: Record<string, unknown>): Promise<string> {
  const accepted = await call(server, 'POST', '/v1/simulations', { scenario, async: true });
  expect(accepted.status, accepted.text).toBe(202);
  const id = accepted.body.jobId as string;
  await waitForJob(server, id, ['running']);
  return id;
}

describe.skipIf(!mountPermitted)('a full data directory', () => {
  it('refuses a new job with 507 and Retry-After, keeps nothing of it and leaves no temporary file; with room again it accepts', async () => {
    const small = disk();
    const server = await started(small.dir);
    small.fill();
    const refused = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2, async: true });
    expectStorageRefusal(refused);
    expect(temporaryFiles(small.dir)).toEqual([]);
    expect(readdirSync(join(small.dir, 'jobs'))).toEqual([]);
    // Synchronous work needs no disk and is answered as usual.
    expect((await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2 })).status).toBe(200);
    small.free();
    const accepted = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2, async: true });
    expect(accepted.status, accepted.text).toBe(202);
    await waitForJob(server, accepted.body.jobId, ['succeeded']);
    await stop(server);
    const restarted = await started(small.dir);
    expect((await call(restarted, 'GET', `/v1/jobs/${accepted.body.jobId}`)).body.status).toBe('succeeded');
    expect(readdirSync(join(small.dir, 'jobs'))).toEqual([`${accepted.body.jobId}.json`]);
  });

  it('a job that finishes while its result cannot be written stays running, here and on disk, and succeeds once there is room', async () => {
    const small = disk();
    const server = await started(small.dir);
    const id = await submitRunning(server, slowScenario(60));
    small.fill();
    // The work is done (every run counted) but its outcome is not on disk: the job is still running.
    const done = await waitFor(async () => {
      const view = await call(server, 'GET', `/v1/jobs/${id}`);
      return view.body.progress.completedRuns === view.body.progress.totalRuns ? view : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await call(server, 'GET', `/v1/jobs/${id}`)).body.status).toBe('running');
    expect(done.body.status).toBe('running');
    expect(onDisk(small.dir, id).status).toBe('running');
    expect(temporaryFiles(small.dir)).toEqual([]);
    small.free();
    const succeeded = await waitForJob(server, id, ['succeeded', 'failed']);
    expect(succeeded.body.status).toBe('succeeded');
    expect(onDisk(small.dir, id).status).toBe('succeeded');
    await stop(server);
    const restarted = await started(small.dir);
    expect((await call(restarted, 'GET', `/v1/jobs/${id}`)).body).toEqual(succeeded.body);
  });

  it('a cancellation that cannot be written is refused with 507 and the job runs on; with room it is cancelled', async () => {
    const small = disk();
    const server = await started(small.dir);
    const id = await submitRunning(server, slowScenario());
    small.fill();
    expectStorageRefusal(await call(server, 'DELETE', `/v1/jobs/${id}`));
    expect((await call(server, 'GET', `/v1/jobs/${id}`)).body.status).toBe('running');
    expect(onDisk(small.dir, id).status).toBe('running');
    small.free();
    expect((await call(server, 'DELETE', `/v1/jobs/${id}`)).body.status).toBe('cancelled');
    expect(onDisk(small.dir, id).status).toBe('cancelled');
  });

  it('a server starts on a full, then a read-only, directory: it serves jobs and results, refuses new jobs with 507 and starts none', async () => {
    const small = disk();
    const first = await started(small.dir);
    const finished = await call(first, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 3, async: true });
    const result = await waitForJob(first, finished.body.jobId, ['succeeded']);
    const queued = await submitRunning(first, slowScenario());
    await stop(first);

    for (const refuse of [() => small.fill(), () => small.readOnly()]) {
      await refuse();
      const server = await started(small.dir);
      expect((await call(server, 'GET', `/v1/jobs/${finished.body.jobId}`)).body).toEqual(result.body);
      // The interrupted job is queued again, but cannot be started while nothing can be written.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await call(server, 'GET', `/v1/jobs/${queued}`)).body.status).toBe('queued');
      expectStorageRefusal(await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2, async: true }));
      expect((await call(server, 'POST', '/v1/simulations', { scenario: smallScenario(), runs: 2 })).status).toBe(200);
      await stop(server);
      await small.writable();
      expect(temporaryFiles(small.dir)).toEqual([]);
      small.free();
    }

    // With room again the interrupted job runs.
    const server = await started(small.dir);
    await waitForJob(server, queued, ['running', 'succeeded']);
    await call(server, 'DELETE', `/v1/jobs/${queued}`);
  });
});

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

describe.skipIf(!mountPermitted || !existsSync(CLI))('drsim serve on a directory that stops taking writes', () => {
  for (const how of ['full', 'read-only'] as const) {
    it(`SIGTERM with a job running on a ${how} directory exits 0 without a stack trace`, async () => {
      const small = disk();
      const { child, listening } = spawnServe(CLI, small.dir, ['--workers', '2']);
      children.push(child);
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const { url } = await listening;
      const id = await submitRunning({ url }, slowScenario());
      if (how === 'full') small.fill();
      else await small.readOnly();
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit, stderr).toBe(0);
      expect(stderr).not.toMatch(/Unhandled|Error:|\n\s+at /);
      // On disk the job is still running: the next start queues it again.
      expect(onDisk(small.dir, id).status).toBe('running');
    });
  }
});

/**
 * Retention against a real listening server: finished jobs are deleted, disk
 * first, past the count (--retain-jobs), the bytes (--retain-bytes) and the
 * age (--retain-age); a finished job's request is kept on disk only.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiConfig } from '../../src/api/config.js';
import type { RunningServer } from '../../src/api/server.js';
import { call, freshDataDir, slowScenario, smallScenario, startTestServer, waitFor, waitForJob } from './harness.js';

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function started(overrides: Partial<ApiConfig>): Promise<RunningServer> {
  const server = await startTestServer(overrides);
  servers.push(server);
  return server;
}

/** Runs one small job to success; its id. */
async function finishedJob(server: RunningServer, name: string): Promise<string> {
  const accepted = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario({ name }), runs: 2, async: true });
  expect(accepted.status).toBe(202);
  await waitForJob(server, accepted.body.jobId, ['succeeded']);
  return accepted.body.jobId as string;
}

const jobFile = (dataDir: string, id: string) => join(dataDir, 'jobs', `${id}.json`);

/** Retention runs just after a job's final state is written: wait until it has deleted what it should. */
const gone = (server: RunningServer, dataDir: string, id: string) =>
  waitFor(async () => ((await call(server, 'GET', `/v1/jobs/${id}`)).status === 404 && !existsSync(jobFile(dataDir, id)) ? true : undefined), 10_000);

describe('retention of finished jobs', () => {
  it('past --retain-jobs the oldest finished job is deleted, from disk and from the API', async () => {
    const dataDir = freshDataDir();
    const server = await started({ dataDir, retainJobs: 2 });
    const first = await finishedJob(server, 'first');
    const second = await finishedJob(server, 'second');
    const third = await finishedJob(server, 'third');
    await gone(server, dataDir, first);
    const missing = await call(server, 'GET', `/v1/jobs/${first}`);
    expect(missing.body.message).toMatch(/finished jobs are kept for 7d, the newest 2 within 1 GiB/);
    for (const id of [second, third]) {
      expect((await call(server, 'GET', `/v1/jobs/${id}`)).status).toBe(200);
      expect(existsSync(jobFile(dataDir, id))).toBe(true);
    }
  });

  it('past --retain-bytes the oldest are deleted until the rest fit, never the newest', async () => {
    const dataDir = freshDataDir();
    const server = await started({ dataDir, retainBytes: 1 });
    const first = await finishedJob(server, 'first');
    // Alone, the newest job stays although its file is over the budget.
    expect(statSync(jobFile(dataDir, first)).size).toBeGreaterThan(1);
    expect((await call(server, 'GET', `/v1/jobs/${first}`)).status).toBe(200);
    const second = await finishedJob(server, 'second');
    await gone(server, dataDir, first);
    expect((await call(server, 'GET', `/v1/jobs/${second}`)).status).toBe(200);
  });

  it('a budget counts the files of the jobs kept across a restart', async () => {
    const dataDir = freshDataDir();
    const before = await started({ dataDir });
    const ids = [await finishedJob(before, 'a'), await finishedJob(before, 'b'), await finishedJob(before, 'c')];
    await before.close();
    const sizes = ids.map((id) => statSync(jobFile(dataDir, id)).size);
    // Room for the two newest files only: the oldest goes at start-up.
    const after = await started({ dataDir, retainBytes: sizes[1] + sizes[2] });
    expect((await call(after, 'GET', `/v1/jobs/${ids[0]}`)).status).toBe(404);
    expect(existsSync(jobFile(dataDir, ids[0]))).toBe(false);
    for (const id of ids.slice(1)) expect((await call(after, 'GET', `/v1/jobs/${id}`)).status).toBe(200);
  });

  it('past --retain-age finished jobs are deleted at start-up, the newest too', async () => {
    const dataDir = freshDataDir();
    const before = await started({ dataDir });
    const id = await finishedJob(before, 'old');
    await before.close();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const after = await started({ dataDir, jobRetentionMs: 20 });
    expect((await call(after, 'GET', `/v1/jobs/${id}`)).status).toBe(404);
    expect(existsSync(jobFile(dataDir, id))).toBe(false);
  });

  it('active jobs are never deleted for a budget', async () => {
    const dataDir = freshDataDir();
    const server = await started({ dataDir, retainJobs: 1, retainBytes: 0, jobConcurrency: 1 });
    const done = await finishedJob(server, 'done');
    const running = await call(server, 'POST', '/v1/simulations', { scenario: slowScenario(), async: true });
    await waitForJob(server, running.body.jobId, ['running']);
    const queued = await call(server, 'POST', '/v1/simulations', { scenario: smallScenario({ name: 'waiting' }), runs: 2, async: true });
    for (const id of [done, running.body.jobId, queued.body.jobId]) expect((await call(server, 'GET', `/v1/jobs/${id}`)).status).toBe(200);
    expect((await call(server, 'GET', `/v1/jobs/${queued.body.jobId}`)).body.status).toBe('queued');
    expect((await call(server, 'DELETE', `/v1/jobs/${running.body.jobId}`)).status).toBe(200);
    await waitForJob(server, queued.body.jobId, ['succeeded']);
    // Three finished now, one kept: the last to finish.
    await gone(server, dataDir, done);
    await gone(server, dataDir, running.body.jobId);
    expect((await call(server, 'GET', `/v1/jobs/${queued.body.jobId}`)).status).toBe(200);
  });

  it("a finished job's request is on disk only; the result is served from memory, and again after a restart", async () => {
    const dataDir = freshDataDir();
    const server = await started({ dataDir });
    const id = await finishedJob(server, 'kept');
    const onDisk = JSON.parse(readFileSync(jobFile(dataDir, id), 'utf8'));
    expect(onDisk.request.scenario.document.metadata.name).toBe('kept');
    expect(server.context.jobs.get(id)?.request).toBeUndefined();
    const answer = await call(server, 'GET', `/v1/jobs/${id}`);
    expect(answer.body.output.result.scenario).toBeDefined();
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const restarted = await started({ dataDir });
    expect(restarted.context.jobs.get(id)?.request).toBeUndefined();
    expect((await call(restarted, 'GET', `/v1/jobs/${id}`)).body).toEqual(answer.body);
  });
});

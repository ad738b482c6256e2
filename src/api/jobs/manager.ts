/**
 * Long work as jobs: accepted into a bounded queue, run a few at a time on
 * the shared worker pool, their state written to the store at every change
 * (progress at most once a second), cancellable through an AbortSignal.
 *
 * After a restart, jobs that were queued stay queued and jobs that were
 * running are queued again: a run depends only on (scenario, seed, run
 * index), so starting over gives exactly the result the client would have
 * had. A job interrupted `maxJobAttempts` times (it may be what brings the
 * server down) is failed instead.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ApiConfig } from '../config.js';
import { ApiError, busy, conflict, notFound } from '../errors.js';
import { expectedFailure, INTERNAL_ERROR } from '../work/failure.js';
import type { JobKind, Work, WorkPreparer } from '../work/types.js';
import { JOB_RECORD_FORMAT, isFinal, type JobRecord } from './record.js';
import { JobStore } from './store.js';

const PROGRESS_WRITE_INTERVAL_MS = 1000;
const PRUNE_INTERVAL_MS = 3600_000;

/** Why a running job's signal was aborted. */
class Interruption extends Error {
  constructor(readonly why: 'cancel' | 'shutdown') {
    super(why === 'cancel' ? 'the job was cancelled' : 'the server is shutting down');
  }
}

interface RunningJob {
  controller: AbortController;
  finished: Promise<void>;
}

export interface JobManagerOptions {
  config: ApiConfig;
  store: JobStore;
  preparers: Record<JobKind, WorkPreparer>;
  log: FastifyBaseLogger;
}

export class JobManager {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly queue: string[] = [];
  private readonly running = new Map<string, RunningJob>();
  /** Work prepared when the job was submitted, so it is not validated twice. */
  private readonly prepared = new Map<string, Work>();
  private accepting = false;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: JobManagerOptions) {}

  get config(): ApiConfig {
    return this.options.config;
  }

  /** Loads the store, queues again what was interrupted, and starts running. */
  async start(): Promise<void> {
    const { jobs, setAside } = await this.options.store.load();
    for (const file of setAside) this.options.log.warn({ file }, 'job file unreadable; moved to corrupt/');
    for (const stored of jobs) {
      const job = stored.status === 'running' ? await this.recoverInterrupted(stored) : stored;
      this.jobs.set(job.id, job);
      if (job.status === 'queued') this.queue.push(job.id);
    }
    await this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS).unref();
    this.accepting = true;
    this.pump();
  }

  get(id: string): JobRecord | undefined {
    return JobStore.isJobId(id) ? this.jobs.get(id) : undefined;
  }

  counts(): { queued: number; running: number } {
    return { queued: this.queue.length, running: this.running.size };
  }

  /** Accepts work as a job; the job is on disk before this resolves. */
  async submit(work: Work): Promise<JobRecord> {
    const { config } = this.options;
    if (!this.accepting) throw busy(503, 'the server is shutting down', config.retryAfterSeconds);
    const active = this.queue.length + this.running.size;
    if (active >= config.maxActiveJobs) {
      throw busy(429, `${active} jobs are queued or running, the most this server keeps; retry later`, config.retryAfterSeconds, {
        name: 'activeJobs',
        maximum: config.maxActiveJobs,
      });
    }
    const job: JobRecord = {
      format: JOB_RECORD_FORMAT,
      id: randomUUID(),
      kind: work.kind,
      status: 'queued',
      createdAt: new Date().toISOString(),
      attempts: 0,
      progress: { completedRuns: 0, totalRuns: work.totalRuns },
      estimatedEvents: work.estimatedEvents,
      request: work.request,
    };
    this.jobs.set(job.id, job);
    this.queue.push(job.id);
    this.prepared.set(job.id, work);
    try {
      await this.options.store.save(job);
    } catch (error) {
      this.forget(job.id);
      throw error;
    }
    this.pump();
    return job;
  }

  async cancel(id: string): Promise<JobRecord> {
    const job = this.get(id);
    if (!job) throw notFound(`no job ${id}`);
    if (isFinal(job.status)) throw conflict(`job ${id} has already ${job.status === 'cancelled' ? 'been cancelled' : job.status}`);
    const running = this.running.get(id);
    if (running) {
      running.controller.abort(new Interruption('cancel'));
      await running.finished;
    } else {
      this.queue.splice(this.queue.indexOf(id), 1);
      this.prepared.delete(id);
      await this.finish(job, { status: 'cancelled' });
    }
    return this.jobs.get(id)!;
  }

  /** Stops taking jobs, interrupts the running ones and leaves them queued on disk for the next start. */
  async shutdown(): Promise<void> {
    this.accepting = false;
    clearInterval(this.pruneTimer);
    const running = [...this.running.values()];
    for (const job of running) job.controller.abort(new Interruption('shutdown'));
    await Promise.all(running.map((job) => job.finished));
    await this.options.store.flush();
  }

  private pump(): void {
    while (this.accepting && this.running.size < this.options.config.jobConcurrency && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const job = this.jobs.get(id)!;
      const controller = new AbortController();
      const entry: RunningJob = { controller, finished: Promise.resolve() };
      this.running.set(id, entry);
      entry.finished = this.run(job, controller.signal).finally(() => {
        this.running.delete(id);
        this.pump();
      });
    }
  }

  private async run(job: JobRecord, signal: AbortSignal): Promise<void> {
    const { store, preparers, log } = this.options;
    const started: JobRecord = { ...job, status: 'running', startedAt: new Date().toISOString(), attempts: job.attempts + 1 };
    let lastWrite = 0;
    try {
      // On disk before clients can see it running, so a crash from here on counts as an attempt.
      await store.save(started);
      this.jobs.set(job.id, started);
      const work = this.prepared.get(job.id) ?? preparers[job.kind](job.request);
      this.prepared.delete(job.id);
      const output = await work.run({
        signal,
        onProgress: (completedRuns, totalRuns) => {
          const current = this.jobs.get(job.id)!;
          if (current.status !== 'running') return;
          const updated = { ...current, progress: { completedRuns, totalRuns } };
          this.jobs.set(job.id, updated);
          const now = Date.now();
          if (now - lastWrite >= PROGRESS_WRITE_INTERVAL_MS) {
            lastWrite = now;
            void store.save(updated).catch((error: unknown) => log.error({ err: error, job: job.id }, 'cannot write job progress'));
          }
        },
      });
      signal.throwIfAborted();
      await this.finish(this.jobs.get(job.id)!, { status: 'succeeded', output });
    } catch (error) {
      await this.settleFailure(job.id, signal, error);
    }
  }

  private async settleFailure(id: string, signal: AbortSignal, error: unknown): Promise<void> {
    const { log, store } = this.options;
    const job = this.jobs.get(id)!;
    const reason: unknown = signal.aborted ? signal.reason : undefined;
    if (reason instanceof Interruption && reason.why === 'shutdown') {
      // Not the job's fault: it starts again, from the beginning, on the next start.
      const requeued: JobRecord = { ...job, status: 'queued', startedAt: undefined, attempts: Math.max(0, job.attempts - 1) };
      requeued.progress = { ...job.progress, completedRuns: 0 };
      this.jobs.set(id, requeued);
      await store.save(requeued).catch((writeError: unknown) => log.error({ err: writeError, job: id }, 'cannot save interrupted job'));
      return;
    }
    if (reason instanceof Interruption) {
      await this.finish(job, { status: 'cancelled' });
      return;
    }
    const failure = expectedFailure(error, this.options.config);
    if (!failure) log.error({ err: error, job: id }, 'job failed unexpectedly');
    await this.finish(job, { status: 'failed', error: (failure ?? INTERNAL_ERROR).body() });
  }

  private async finish(job: JobRecord, outcome: Pick<JobRecord, 'status' | 'output' | 'error'>): Promise<JobRecord> {
    const finished: JobRecord = { ...job, ...outcome, finishedAt: new Date().toISOString() };
    if (outcome.status === 'succeeded') finished.progress = { ...job.progress, completedRuns: job.progress.totalRuns };
    this.jobs.set(job.id, finished);
    await this.options.store
      .save(finished)
      .catch((error: unknown) => this.options.log.error({ err: error, job: job.id }, 'cannot save finished job'));
    return finished;
  }

  private async recoverInterrupted(job: JobRecord): Promise<JobRecord> {
    if (job.attempts >= this.options.config.maxJobAttempts) {
      const error = new ApiError(
        500,
        'interrupted',
        `the job was interrupted ${job.attempts} times while running (the server stopped without finishing it) and is not run again`,
      );
      return this.finish(job, { status: 'failed', error: error.body() });
    }
    const requeued: JobRecord = { ...job, status: 'queued', startedAt: undefined, progress: { ...job.progress, completedRuns: 0 } };
    await this.options.store.save(requeued);
    this.options.log.info({ job: job.id, attempts: job.attempts }, 'job interrupted by a restart; queued again');
    return requeued;
  }

  /** Finished jobs past the retention period are deleted, results and all. */
  private async prune(): Promise<void> {
    const cutoff = Date.now() - this.options.config.jobRetentionMs;
    for (const job of [...this.jobs.values()]) {
      if (isFinal(job.status) && job.finishedAt && Date.parse(job.finishedAt) < cutoff) {
        this.forget(job.id);
        await this.options.store.remove(job.id);
      }
    }
  }

  private forget(id: string): void {
    this.jobs.delete(id);
    this.prepared.delete(id);
    const queued = this.queue.indexOf(id);
    if (queued >= 0) this.queue.splice(queued, 1);
  }
}

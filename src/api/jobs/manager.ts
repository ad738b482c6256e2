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
 *
 * Every change of state is written before it is shown: what this server
 * answers is always what a restart would read back from disk (progress
 * aside, which a restart resets anyway). A data directory that refuses
 * writes (full, read-only) therefore refuses new jobs and cancellations with
 * 507 and Retry-After, keeps queued jobs queued (the queue waits and tries
 * again), and retries the final write of a job that has finished until it
 * lands or the server stops; reads go on being answered.
 *
 * A finished job's request stays on disk only: in memory it keeps its
 * state and result (copied, so the result's strings do not hold the request
 * text they were parsed from). Finished jobs are deleted by age, count and
 * bytes on disk (see retention.ts), after every job that finishes and hourly.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { ApiConfig } from '../config.js';
import { ApiError, busy, conflict, insufficientStorage, notFound } from '../errors.js';
import { expectedFailure, INTERNAL_ERROR } from '../work/failure.js';
import type { JobKind, Work, WorkPreparer } from '../work/types.js';
import { JOB_RECORD_FORMAT, isFinal, type JobRecord } from './record.js';
import { jobsToDelete } from './retention.js';
import { JobStore, StorageError } from './store.js';

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
  /** Its cancellation is being written: progress writes stop, so none lands after it. */
  stopping: boolean;
  /** The work is done and its final state is being written: too late to cancel. */
  finishing: boolean;
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
  /** Size of each finished job's file, for the byte budget. */
  private readonly finishedBytes = new Map<string, number>();
  /** The pruning under way, so two never delete at once. */
  private pruning: Promise<void> = Promise.resolve();
  private accepting = false;
  /** Submissions between the admission check and the queue, so concurrent ones cannot pass maxActiveJobs together. */
  private submitting = 0;
  private pruneTimer: NodeJS.Timeout | undefined;
  /** Set while the data directory refuses writes: no job is started until it fires. */
  private storageRetryTimer: NodeJS.Timeout | undefined;
  /** Aborted at shutdown: ends the waits between retries of final writes. */
  private readonly stopping = new AbortController();

  constructor(private readonly options: JobManagerOptions) {}

  get config(): ApiConfig {
    return this.options.config;
  }

  /** Loads the store, queues again what was interrupted, and starts running. */
  async start(): Promise<void> {
    const { jobs, setAside, skipped } = await this.options.store.load();
    for (const file of setAside) this.options.log.warn({ file }, 'job file unreadable; moved to corrupt/');
    for (const { file, code } of skipped) this.options.log.warn({ file, code }, 'the data directory refuses writes; left as it is');
    for (const { record, bytes } of jobs) {
      const job = record.status === 'running' ? await this.recoverInterrupted(record, bytes) : { record, bytes };
      this.show(job.record, job.bytes);
      if (job.record.status === 'queued') this.queue.push(job.record.id);
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
    const active = this.queue.length + this.running.size + this.submitting;
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
    this.submitting++;
    try {
      await this.commit(job);
    } catch (error) {
      throw this.refusal(error, 'the job cannot be kept');
    } finally {
      this.submitting--;
    }
    this.queue.push(job.id);
    this.prepared.set(job.id, work);
    this.pump();
    return job;
  }

  async cancel(id: string): Promise<JobRecord> {
    const job = this.get(id);
    if (!job) throw notFound(`no job ${id}`);
    if (isFinal(job.status)) throw conflict(`job ${id} has already ${job.status === 'cancelled' ? 'been cancelled' : job.status}`);
    const cancelled: JobRecord = { ...job, status: 'cancelled', finishedAt: new Date().toISOString() };
    const running = this.running.get(id);
    if (running) {
      if (running.finishing) throw conflict(`job ${id} has finished running; its outcome is being saved`);
      // The cancellation is on disk before the work stops: if it cannot be written, the job runs on.
      running.stopping = true;
      try {
        await this.commit(cancelled);
      } catch (error) {
        running.stopping = false;
        throw this.refusal(error, 'the cancellation cannot be saved; the job goes on running');
      }
      running.controller.abort(new Interruption('cancel'));
      await running.finished;
    } else {
      const at = this.queue.indexOf(id);
      this.queue.splice(at, 1);
      try {
        await this.commit(cancelled);
      } catch (error) {
        this.queue.splice(Math.min(at, this.queue.length), 0, id);
        throw this.refusal(error, 'the cancellation cannot be saved; the job stays queued');
      }
      this.prepared.delete(id);
    }
    return this.jobs.get(id)!;
  }

  /** Stops taking jobs, interrupts the running ones and leaves them queued on disk for the next start. */
  async shutdown(): Promise<void> {
    this.accepting = false;
    this.stopping.abort();
    clearInterval(this.pruneTimer);
    clearTimeout(this.storageRetryTimer);
    const running = [...this.running.values()];
    for (const job of running) job.controller.abort(new Interruption('shutdown'));
    await Promise.all(running.map((job) => job.finished));
    await this.pruning;
    await this.options.store.flush();
  }

  private pump(): void {
    const { jobConcurrency } = this.options.config;
    while (this.accepting && !this.storageRetryTimer && this.running.size < jobConcurrency && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const job = this.jobs.get(id)!;
      const controller = new AbortController();
      const entry: RunningJob = { controller, finished: Promise.resolve(), stopping: false, finishing: false };
      this.running.set(id, entry);
      entry.finished = this.run(job, entry).finally(() => {
        this.running.delete(id);
        this.pump();
      });
    }
  }

  private async run(job: JobRecord, entry: RunningJob): Promise<void> {
    const { store, preparers, log } = this.options;
    const { signal } = entry.controller;
    const started: JobRecord = { ...job, status: 'running', startedAt: new Date().toISOString(), attempts: job.attempts + 1 };
    try {
      // On disk before clients can see it running, so a crash from here on counts as an attempt.
      await this.commit(started);
    } catch (error) {
      // Not started, here or on disk: it stays first in the queue, and the queue waits for the directory.
      this.queue.unshift(job.id);
      this.waitForStorage(error);
      return;
    }
    let lastWrite = 0;
    try {
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
          if (!entry.stopping && now - lastWrite >= PROGRESS_WRITE_INTERVAL_MS) {
            lastWrite = now;
            // Progress is a hint (a restart sets it to 0): a failed write of it changes nothing that matters.
            void store.save(updated).catch((error: unknown) => log.warn({ err: error, job: job.id }, 'cannot write job progress'));
          }
        },
      });
      signal.throwIfAborted();
      entry.finishing = true;
      await this.finish(job.id, { status: 'succeeded', output });
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
      await this.commit(requeued).catch((writeError: unknown) =>
        log.warn({ err: writeError, job: id }, 'cannot save the interrupted job; the next start queues it again, counting this attempt'),
      );
      return;
    }
    // A cancellation was written before the work was stopped.
    if (reason instanceof Interruption) return;
    const failure = expectedFailure(error, this.options.config);
    if (!failure) log.error({ err: error, job: id }, 'job failed unexpectedly');
    await this.finish(id, { status: 'failed', error: (failure ?? INTERNAL_ERROR).body() });
  }

  /**
   * Writes a running job's final state, trying again every Retry-After
   * while the directory refuses it; until it lands the job is, here as on
   * disk, still running. Stopping the server gives up (a restart runs it again).
   */
  private async finish(id: string, outcome: Pick<JobRecord, 'status' | 'output' | 'error'>): Promise<void> {
    const { config, log } = this.options;
    for (let attempt = 1; ; attempt++) {
      const job = this.jobs.get(id)!;
      const finished: JobRecord = { ...job, ...outcome, finishedAt: new Date().toISOString() };
      if (outcome.status === 'succeeded') finished.progress = { ...job.progress, completedRuns: job.progress.totalRuns };
      try {
        await this.commit(finished);
        if (attempt > 1) log.info({ job: id, attempts: attempt }, 'finished job saved');
        return;
      } catch (error) {
        if (!this.accepting) {
          log.warn({ err: error, job: id }, 'cannot save the finished job; the next start runs it again');
          return;
        }
        if (attempt === 1) log.warn({ err: error, job: id }, `cannot save the finished job; trying again every ${config.retryAfterSeconds} s`);
        await sleep(config.retryAfterSeconds * 1000, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }

  /** At start: what a restart makes of an interrupted job, written if the directory takes it (if not, the next start makes the same). */
  private async recoverInterrupted(job: JobRecord, storedBytes: number): Promise<{ record: JobRecord; bytes: number }> {
    let recovered: JobRecord;
    if (job.attempts >= this.options.config.maxJobAttempts) {
      const error = new ApiError(
        500,
        'interrupted',
        `the job was interrupted ${job.attempts} times while running (the server stopped without finishing it) and is not run again`,
      );
      recovered = { ...job, status: 'failed', error: error.body(), finishedAt: new Date().toISOString() };
    } else {
      recovered = { ...job, status: 'queued', startedAt: undefined, progress: { ...job.progress, completedRuns: 0 } };
      this.options.log.info({ job: job.id, attempts: job.attempts }, 'job interrupted by a restart; queued again');
    }
    const bytes = await this.options.store.save(recovered).catch((error: unknown) => {
      if (!(error instanceof StorageError)) throw error;
      this.options.log.warn({ job: job.id, code: error.code }, 'cannot save the recovered job; the data directory refuses writes');
      return storedBytes;
    });
    return { record: recovered, bytes };
  }

  /** Deletes the finished jobs past retention (age, count, bytes), results and all: each from disk first, then from memory. */
  private prune(): Promise<void> {
    this.pruning = this.pruning.then(() => this.pruneNow());
    return this.pruning;
  }

  private async pruneNow(): Promise<void> {
    const { config, store, log } = this.options;
    const finished = [...this.finishedBytes].map(([id, bytes]) => ({ id, bytes, finishedAt: Date.parse(this.jobs.get(id)?.finishedAt ?? '') || 0 }));
    const doomed = jobsToDelete(finished, Date.now(), {
      maxAgeMs: config.jobRetentionMs,
      maxJobs: config.retainJobs,
      maxBytes: config.retainBytes,
    });
    for (const id of doomed) {
      try {
        await store.remove(id);
      } catch (error) {
        log.warn({ err: error, job: id }, 'cannot delete a finished job past retention; trying again at the next pruning');
        return;
      }
      this.forget(id);
    }
  }

  /** Writes the job, then shows it: memory never holds a state the disk does not. */
  private async commit(next: JobRecord): Promise<void> {
    const bytes = await this.options.store.save(next);
    this.show(next, bytes);
    if (isFinal(next.status)) void this.prune();
  }

  /** Keeps the job in memory: a finished one without its request, its result copied off the request's text. */
  private show(job: JobRecord, bytes: number): void {
    if (!isFinal(job.status)) {
      this.jobs.set(job.id, job);
      return;
    }
    const { output, ...rest } = job;
    // Finished jobs are never written again, so the request need not be at hand.
    const resident: JobRecord = { ...rest, request: undefined };
    if (output !== undefined) resident.output = structuredClone(output);
    this.jobs.set(job.id, resident);
    this.finishedBytes.set(job.id, bytes);
  }

  /** A refused write as the client hears it: 507 and Retry-After when the directory is at fault, the error itself otherwise. */
  private refusal(error: unknown, what: string): unknown {
    if (!(error instanceof StorageError)) return error;
    return insufficientStorage(`${what}: ${error.message}; retry once it has room`, this.options.config.retryAfterSeconds);
  }

  /** A job could not be started for want of a writable directory: the queue waits Retry-After, then tries again. */
  private waitForStorage(error: unknown): void {
    this.options.log.warn({ err: error }, `cannot start a job: the data directory refuses writes; trying again in ${this.options.config.retryAfterSeconds} s`);
    if (this.storageRetryTimer || !this.accepting) return;
    this.storageRetryTimer = setTimeout(() => {
      this.storageRetryTimer = undefined;
      this.pump();
    }, this.options.config.retryAfterSeconds * 1000).unref();
  }

  private forget(id: string): void {
    this.jobs.delete(id);
    this.finishedBytes.delete(id);
    this.prepared.delete(id);
    const queued = this.queue.indexOf(id);
    if (queued >= 0) this.queue.splice(queued, 1);
  }
}

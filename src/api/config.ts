/**
 * Settings of the HTTP API: where it listens and every limit it enforces.
 * `drsim serve` fills them from its options and the environment; tests pass
 * smaller limits to reach them quickly.
 */
import { resolve } from 'node:path';
import { defaultWorkers } from '../analysis/monte-carlo.js';
import { MAX_HORIZON_MS, MAX_RUNS } from '../scenarios/index.js';

export interface ApiConfig {
  host: string;
  port: number;
  /** Where jobs and their results are kept across restarts. */
  dataDir: string;
  /** `DRSIM_API_TOKEN`: when set, every /v1 endpoint needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Origin allowed by CORS; absent: no CORS headers at all. */
  corsOrigin?: string;
  /** Largest request body in bytes (413 beyond). */
  bodyLimitBytes: number;
  /** Most Monte Carlo runs one request may ask for. */
  maxRuns: number;
  /** Longest simulated horizon one scenario may have. */
  maxHorizonMs: number;
  /** Engine events one run may execute before it fails (the engine's own budget). */
  maxEventsPerRun: number;
  /** Most engine events one request is estimated to need, over all its runs and grid points. */
  maxEventsPerRequest: number;
  /** Requests estimated above this many engine events run as jobs (202) instead of synchronously. */
  syncEventBudget: number;
  /** A synchronous request still working after this long is stopped (503). */
  requestTimeoutMs: number;
  /**
   * Simulation, sweep and sizing requests handled at once (from arrival to
   * answer, synchronous or becoming a job); more are turned away with 503
   * and Retry-After before their body is read.
   */
  maxConcurrentRequests: number;
  /** Jobs simulating at once; the others wait in the queue. */
  jobConcurrency: number;
  /** Queued plus running jobs; beyond it new jobs get 429 with Retry-After. */
  maxActiveJobs: number;
  /** Seconds suggested by Retry-After. */
  retryAfterSeconds: number;
  /**
   * Finished jobs (their request, state and result) are deleted this long
   * after they finished, and sooner, oldest first, when more than
   * retainJobs of them are kept or their files take more than
   * retainBytes. The job that finished last is always kept, so its client
   * can read its result however large it is.
   */
  jobRetentionMs: number;
  /** Finished jobs kept, at most (oldest deleted first). */
  retainJobs: number;
  /** Bytes the finished jobs' files may take in the data directory, at most (oldest deleted first). */
  retainBytes: number;
  /** A job interrupted this many times (crashes, restarts) is failed instead of run again. */
  maxJobAttempts: number;
  /** On SIGTERM/SIGINT, how long synchronous requests may take to finish before they are stopped. */
  shutdownGraceMs: number;
  /** Worker threads of the shared simulation pool. */
  workers: number;
  /**
   * Memory one request's studies may hold (estimated before it runs, checked
   * again as its RPO density grows); beyond it 422 with limit "memory". The
   * worker pool's fixed cost is not counted: it is paid once at start-up.
   */
  maxMemoryBytes: number;
  /** Log requests (pino, to stdout). */
  logger: boolean;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.drsim-data';
const DAY_MS = 24 * 3600 * 1000;
export const DEFAULT_MAX_MEMORY_BYTES = 4 * 1024 ** 3;
export const DEFAULT_RETAIN_AGE_MS = 7 * DAY_MS;
export const DEFAULT_RETAIN_JOBS = 1000;
export const DEFAULT_RETAIN_BYTES = 1024 ** 3;

export function defaultApiConfig(): ApiConfig {
  return {
    host: DEFAULT_HOST,
    port: DEFAULT_PORT,
    dataDir: resolve(DEFAULT_DATA_DIR),
    bodyLimitBytes: 1024 * 1024,
    maxRuns: MAX_RUNS,
    maxHorizonMs: MAX_HORIZON_MS,
    maxEventsPerRun: 50_000_000,
    maxEventsPerRequest: 20_000_000_000,
    syncEventBudget: 50_000_000,
    requestTimeoutMs: 30_000,
    maxConcurrentRequests: 64,
    jobConcurrency: 1,
    maxActiveJobs: 16,
    retryAfterSeconds: 10,
    jobRetentionMs: DEFAULT_RETAIN_AGE_MS,
    retainJobs: DEFAULT_RETAIN_JOBS,
    retainBytes: DEFAULT_RETAIN_BYTES,
    maxJobAttempts: 3,
    shutdownGraceMs: 10_000,
    workers: defaultWorkers(),
    maxMemoryBytes: DEFAULT_MAX_MEMORY_BYTES,
    logger: false,
  };
}

export function apiConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...defaultApiConfig(), ...defined };
}

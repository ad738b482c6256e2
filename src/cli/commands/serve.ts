/**
 * `drsim serve`: the HTTP API for capacity-planning tools, on 127.0.0.1:8080
 * unless told otherwise. Runs until SIGTERM or SIGINT, then stops gracefully:
 * requests in flight finish, running jobs are saved to run again at the next start.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { DataDirLockedError } from '../../api/jobs/data-dir-lock.js';
import {
  apiConfig,
  DEFAULT_DATA_DIR,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_RETAIN_AGE_MS,
  DEFAULT_RETAIN_BYTES,
  DEFAULT_RETAIN_JOBS,
} from '../../api/config.js';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { DURATION_EXPECTED, formatDuration, parseDuration } from '../../scenarios/units/duration.js';
import { formatQuantity, parseQuantity } from '../../scenarios/units/quantity.js';
import { workersFlag } from './study-options.js';

interface ServeFlags {
  port: number;
  host: string;
  dataDir: string;
  cors?: string;
  bodyLimit?: number;
  maxRuns?: number;
  maxEventsPerRun?: number;
  syncBudget?: number;
  requestTimeout?: number;
  maxRequests?: number;
  jobConcurrency?: number;
  maxJobs?: number;
  workers?: number;
  maxMemory?: number;
  retainJobs?: number;
  retainBytes?: number;
  retainAge?: number;
  quiet?: boolean;
}

function integer(minimum: number, maximum = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < minimum || value > maximum) {
      throw new InvalidArgumentError(`expected a whole number from ${minimum} to ${maximum}`);
    }
    return value;
  };
}

/** Smallest --max-memory: below it not even a one-run study of a small scenario fits. */
const MIN_MAX_MEMORY = 64 * 1024 * 1024;

function byteSize(minimum: number) {
  return (text: string): number => {
    const parsed = parseQuantity(text);
    if (!parsed.ok) throw new InvalidArgumentError(`expected a size such as 4Gi or 512Mi: ${parsed.problem}`);
    if (parsed.value < minimum) throw new InvalidArgumentError(`expected at least ${formatQuantity(minimum)}, got ${text}`);
    return parsed.value;
  };
}

function duration(text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new InvalidArgumentError(`expected ${DURATION_EXPECTED}: ${parsed.problem}`);
  if (parsed.value <= 0) throw new InvalidArgumentError(`expected a duration above 0, got ${text}`);
  return parsed.value;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (simulations, sweeps, sizing, validation, import, the scenario library; long work as jobs); docs at /docs')
    .option('--port <n>', 'TCP port (0 picks a free one)', integer(0, 65_535), DEFAULT_PORT)
    .option('--host <address>', 'address to listen on', DEFAULT_HOST)
    .option('--data-dir <dir>', 'where jobs and results are kept across restarts', DEFAULT_DATA_DIR)
    .option('--cors <origin>', 'allow browsers on this origin ("*" for any); CORS is off without it')
    .option('--body-limit <bytes>', 'largest request body (413 beyond)', integer(1024))
    .option('--max-runs <n>', 'most Monte Carlo runs per study', integer(1))
    .option('--max-events-per-run <n>', 'simulated events one run may execute', integer(1))
    .option('--sync-budget <events>', 'requests estimated above this many simulated events run as jobs (202)', integer(0))
    .option('--request-timeout <ms>', 'time limit of a synchronous request', integer(1))
    .option('--max-requests <n>', 'simulation, sweep and sizing requests handled at once before new ones get 503', integer(1))
    .option('--job-concurrency <n>', 'jobs simulating at once', integer(1))
    .option('--max-jobs <n>', 'queued plus running jobs before new ones get 429', integer(1))
    .option('--workers <n>', 'simulation worker threads, at most the cores (default: the cores)', integer(1))
    .option('--max-memory <size>', 'memory one request may hold while it runs, estimated before it starts (422 beyond; default 4Gi)', byteSize(MIN_MAX_MEMORY))
    .option('--retain-jobs <n>', `finished jobs kept; past it the oldest are deleted (default ${DEFAULT_RETAIN_JOBS})`, integer(1))
    .option('--retain-bytes <size>', `disk the finished jobs may take; past it the oldest are deleted, never the newest (default ${formatQuantity(DEFAULT_RETAIN_BYTES)})`, byteSize(0))
    .option('--retain-age <duration>', `finished jobs are deleted this long after they finished (default ${formatDuration(DEFAULT_RETAIN_AGE_MS)})`, duration)
    .option('--quiet', 'no request log')
    .addHelpText('after', '\nEnvironment:\n  DRSIM_API_TOKEN  when set, every /v1 endpoint needs "Authorization: Bearer <token>"\n')
    .action(async (flags: ServeFlags) => {
      const config = apiConfig({
        port: flags.port,
        host: flags.host,
        dataDir: resolve(flags.dataDir),
        token: process.env.DRSIM_API_TOKEN || undefined,
        corsOrigin: flags.cors,
        bodyLimitBytes: flags.bodyLimit,
        maxRuns: flags.maxRuns,
        maxEventsPerRun: flags.maxEventsPerRun,
        syncEventBudget: flags.syncBudget,
        requestTimeoutMs: flags.requestTimeout,
        maxConcurrentRequests: flags.maxRequests,
        jobConcurrency: flags.jobConcurrency,
        maxActiveJobs: flags.maxJobs,
        workers: flags.workers === undefined ? undefined : workersFlag(flags.workers),
        maxMemoryBytes: flags.maxMemory,
        retainJobs: flags.retainJobs,
        retainBytes: flags.retainBytes,
        jobRetentionMs: flags.retainAge,
        logger: !flags.quiet,
      });
      // fastify loads only when serving, so the other commands start faster.
      const { closeOnSignals, startServer } = await import('../../api/server.js');
      const server = await startServer(config).catch((error: unknown) => {
        if (error instanceof DataDirLockedError) throw new UsageError(error.message);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
          throw new UsageError(`cannot listen on ${config.host}:${config.port}: ${code}`);
        }
        throw error;
      });
      closeOnSignals(server);
      process.stderr.write(`drsim API on ${server.url} (docs ${server.url}/docs, data in ${config.dataDir}${config.token ? ', bearer token required' : ''})\n`);
      await server.closed;
    });
}

/**
 * A Monte Carlo study: `runs` independent runs of a scenario, spread over
 * worker threads (piscina) and merged in run order, so the result is the same
 * whatever the number of workers (INV-12).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Scenario } from '../scenarios/schema/scenario.js';
import { aggregateRuns } from './aggregate.js';
import type { Result } from './result-schema.js';
import type { RunSummary } from './run-summary.js';
import { runRange, type RunRangeTask } from './run-worker.js';

export interface StudyOptions {
  /** Overrides spec.runs. */
  runs?: number;
  /** Overrides spec.seed. */
  seed?: number;
  /** Worker threads; 1 runs in the calling thread unless `offThread`. Default: the cores. */
  workers?: number;
  /** Run even a single worker's share off the calling thread (servers keep their event loop free). */
  offThread?: boolean;
  /** Engine events one run may execute before it fails with EventBudgetExceeded. */
  maxEventsPerRun?: number;
  /** Called as runs finish (in completion order; only the count matters). */
  onProgress?: (completedRuns: number, totalRuns: number) => void;
  /** Stops scheduling further runs; the study rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface Study {
  result: Result;
  summaries: RunSummary[];
  scenario: Scenario;
}

const EVENT_BUDGET_MESSAGE = /^event budget exceeded/i;

/**
 * True for the engine's EventBudgetExceeded, also after it crossed a worker
 * thread, which keeps an error's message but not its class or code.
 */
export function isEventBudgetError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const typed = error as { code?: unknown; message?: unknown };
  return typed.code === 'EVENT_BUDGET_EXCEEDED' || (typeof typed.message === 'string' && EVENT_BUDGET_MESSAGE.test(typed.message));
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** The scenario with the CLI's (or API's) seed and runs applied. */
export function withRunSettings(scenario: Scenario, options: Pick<StudyOptions, 'runs' | 'seed'>): Scenario {
  return {
    ...scenario,
    spec: { ...scenario.spec, seed: options.seed ?? scenario.spec.seed, runs: options.runs ?? scenario.spec.runs },
  };
}

export async function runStudy(input: Scenario, options: StudyOptions = {}): Promise<Study> {
  const scenario = withRunSettings(input, options);
  const totalRuns = scenario.spec.runs;
  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkers(), totalRuns));
  const summaries: RunSummary[] = new Array(totalRuns);
  let completed = 0;
  const accept = (batch: RunSummary[]) => {
    for (const summary of batch) summaries[summary.runIndex] = summary;
    completed += batch.length;
    options.onProgress?.(completed, totalRuns);
  };
  const chunks = chunkRuns(totalRuns, workers);
  if (workers === 1 && !options.offThread) {
    for (const [firstRun, runCount] of chunks) {
      options.signal?.throwIfAborted();
      accept(runRange({ scenario, firstRun, runCount, maxEventsPerRun: options.maxEventsPerRun }));
      // Yield between chunks so progress bars and abort signals get a turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    // The pool is sized by the requested workers, not by this study's run
    // count: resizing it would terminate the tasks of studies running beside
    // this one (a server runs several at once).
    const pool = sharedPool(Math.max(1, options.workers ?? defaultWorkers()));
    // Every chunk settles before a failure is rethrown: no worker is torn down
    // mid-task when the caller closes the pool, and the error reported is the
    // first in run order, whatever finished first.
    const settled = await Promise.allSettled(
      chunks.map(async ([firstRun, runCount]) => {
        const task: RunRangeTask = { scenario, firstRun, runCount, maxEventsPerRun: options.maxEventsPerRun };
        accept(await pool.run(task, { signal: options.signal }));
      }),
    );
    const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }
  return { result: aggregateRuns(scenario, summaries, scenario.spec.seed), summaries, scenario };
}

/** Chunks of about a quarter of each worker's share, so fast workers pick up slack. */
function chunkRuns(totalRuns: number, workers: number): [number, number][] {
  const size = Math.max(1, Math.ceil(totalRuns / (workers * 4)));
  const chunks: [number, number][] = [];
  for (let first = 0; first < totalRuns; first += size) chunks.push([first, Math.min(size, totalRuns - first)]);
  return chunks;
}

let pool: Piscina | null = null;
let poolThreads = 0;

function sharedPool(threads: number): Piscina {
  if (pool && poolThreads !== threads) {
    void pool.destroy();
    pool = null;
  }
  if (!pool) {
    pool = new Piscina({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 30_000 });
    poolThreads = threads;
  }
  return pool;
}

/** Stops the worker threads (call before a CLI exits or a server closes). */
export async function closeWorkers(): Promise<void> {
  if (pool) {
    const closing = pool;
    pool = null;
    await closing.destroy();
  }
}

/**
 * The compiled worker module. Under the test runner this file is TypeScript
 * source, and worker threads need the build in dist/.
 */
function workerFile(): string {
  const sibling = fileURLToPath(new URL('./run-worker.js', import.meta.url));
  if (existsSync(sibling) && !import.meta.url.endsWith('.ts')) return sibling;
  const built = fileURLToPath(new URL('../../dist/src/analysis/run-worker.js', import.meta.url));
  if (!existsSync(built)) throw new Error(`worker module not built: run "npm run build" (looked for ${built})`);
  return built;
}

/**
 * A Monte Carlo study: `runs` independent runs of a scenario, spread over
 * worker threads (piscina) and folded into the result as they finish; the
 * fold is exact in any order, so the result is the same whatever the number
 * of workers (INV-12).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Scenario } from '../scenarios/schema/scenario.js';
import type { Result } from './result-schema.js';
import type { RunChunk } from './run-chunk.js';
import { runRange, type RunRangeTask } from './run-worker.js';
import { StudyAccumulator } from './study-accumulator.js';
import { chunkSize, estimateStudyMemory, heldDensityBytes, IN_FLIGHT_PER_WORKER, MemoryBudgetExceeded } from './memory-estimate.js';
import type { StudyRuns } from './study-runs.js';

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
  /**
   * Memory the study may hold (see memory-estimate.ts). Checked after every
   * chunk against the estimate with the RPO density as actually held: a
   * density that outgrows the estimate stops the study with
   * MemoryBudgetExceeded instead of the process.
   */
  maxMemoryBytes?: number;
}

export interface Study {
  result: Result;
  /** Every run's scalar figures (RPO, RTO, data loss, trace digest, ...), in run order. */
  runs: StudyRuns;
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

/**
 * Worker threads for a request of `requested`: at most the cores, since more
 * threads only share them, each with its own V8 heap (hundreds of threads
 * abort V8 on a small machine). `clamped` says the request was lowered.
 */
export function boundedWorkers(requested: number): { workers: number; clamped: boolean } {
  const workers = Math.max(1, Math.min(Math.floor(requested), defaultWorkers()));
  return { workers, clamped: workers !== requested };
}

/** The scenario with the CLI's (or API's) seed and runs applied. */
export function withRunSettings(scenario: Scenario, options: Pick<StudyOptions, 'runs' | 'seed'>): Scenario {
  return {
    ...scenario,
    spec: { ...scenario.spec, seed: options.seed ?? scenario.spec.seed, runs: options.runs ?? scenario.spec.runs },
  };
}

/**
 * Runs a study, folding each chunk of runs into the accumulator as it comes
 * back: memory holds the per-run scalars, the merged RPO density and the
 * chunks in flight, never every run's summary.
 */
export async function runStudy(input: Scenario, options: StudyOptions = {}): Promise<Study> {
  const scenario = withRunSettings(input, options);
  const totalRuns = scenario.spec.runs;
  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkers(), totalRuns));
  const accumulator = new StudyAccumulator(scenario, totalRuns);
  const estimate = estimateStudyMemory(scenario, totalRuns, workers);
  const memoryBudget = options.maxMemoryBytes;
  let completed = 0;
  const accept = (chunk: RunChunk) => {
    accumulator.addChunk(chunk);
    if (memoryBudget !== undefined) {
      const held = estimate.bytes - estimate.rpoDensity + heldDensityBytes(accumulator.rpoBreakpointsHeld);
      if (held > memoryBudget) throw new MemoryBudgetExceeded(memoryBudget, held);
    }
    completed += chunk.runs.length;
    options.onProgress?.(completed, totalRuns);
  };
  const chunks = chunkRuns(totalRuns, workers);
  const task = ([firstRun, runCount]: [number, number]): RunRangeTask => ({ scenario, firstRun, runCount, maxEventsPerRun: options.maxEventsPerRun });
  if (workers === 1 && !options.offThread) {
    for (const chunk of chunks) {
      options.signal?.throwIfAborted();
      accept(runRange(task(chunk)));
      // Yield between chunks so progress bars and abort signals get a turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    // The pool is sized by the requested workers, not by this study's run
    // count: resizing it would terminate the tasks of studies running beside
    // this one (a server runs several at once).
    const pool = sharedPool(Math.max(1, options.workers ?? defaultWorkers()));
    await runInFlight(chunks.length, IN_FLIGHT_PER_WORKER * workers, async (index) => {
      accept(await pool.run(task(chunks[index]), { signal: options.signal }));
    });
  }
  return { result: accumulator.finish(scenario.spec.seed), runs: accumulator.runs, scenario };
}

/**
 * Runs tasks 0..count-1 in order, at most `limit` at once. After a failure no
 * further task starts; the ones running settle, then the failure of the lowest
 * task index is rethrown. Every task before it had started (they start in
 * order), so that is the error a run of every task would report first in run
 * order, whatever finished first; and no worker is torn down mid-task when the
 * caller closes the pool.
 */
async function runInFlight(count: number, limit: number, run: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: { index: number; reason: unknown }[] = [];
  const lane = async () => {
    while (next < count && failures.length === 0) {
      const index = next++;
      try {
        await run(index);
      } catch (reason) {
        failures.push({ index, reason });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  if (failures.length > 0) throw failures.reduce((first, failure) => (failure.index < first.index ? failure : first)).reason;
}

/** Chunks of about a quarter of each worker's share (at most MAX_CHUNK_RUNS), so fast workers pick up slack. */
function chunkRuns(totalRuns: number, workers: number): [number, number][] {
  const size = chunkSize(totalRuns, workers);
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

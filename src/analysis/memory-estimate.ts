/**
 * How much memory a study holds while it runs, estimated from the scenario
 * before any run starts, and the error a study stops with when it goes over a
 * budget.
 *
 * A study folds runs as they finish (StudyAccumulator), so what it holds is:
 * - the per-run scalar figures, exact (`STUDY_BYTES_PER_RUN`, typed arrays);
 * - the merged RPO-over-time density: one breakpoint per distinct RPO value
 *   in milliseconds, so bounded by the RPO range, not by the run count; the
 *   estimate takes two breakpoints per cycle and run up to that bound;
 * - the chunks in flight (queued or running, each with its compact records
 *   and its merged density) and the world each worker thread is simulating.
 * The worker pool's own threads (their V8 heaps and the loaded code) are the
 * process's fixed cost, paid once however many studies run: `workerPoolBytes`.
 *
 * Constants were measured with `npm run bench:scenarios` (RSS growth and heap
 * of regional-5m-vms at 2,000 and 20,000 runs, fleet-200-vms at 50) and
 * rounded up: the estimate errs high, so a request is refused rather than a
 * server killed.
 */
import type { Scenario } from '../scenarios/schema/scenario.js';
import { STUDY_BYTES_PER_RUN } from './study-runs.js';

/** Chunks queued or running per worker: enough to keep every worker busy, few enough to hold little. */
export const IN_FLIGHT_PER_WORKER = 2;

/**
 * Most runs in one chunk. A chunk's compact records and merged density are
 * what a worker holds and sends back at once, so this bounds them whatever
 * the study's size; chunks this size cost the main thread a few milliseconds
 * each to fold.
 */
export const MAX_CHUNK_RUNS = 64;

/** Bytes per breakpoint of a density held: two float64 columns, merged and pending copies, and the merge's output. */
const DENSITY_BYTES_PER_BREAKPOINT = 48;
/**
 * Breakpoints the merged density is expected to reach: distinct RPO values in
 * milliseconds, about 3 x 10^5 for a 5-minute sawtooth and 10^6 for a link
 * that keeps the lag near 15 minutes. Beyond it the study's own check (held
 * breakpoints, after every chunk) stops the study.
 */
const EXPECTED_DENSITY_BREAKPOINTS = 1 << 20;
/** A compact run record as a JavaScript object (names, arrays, warnings) weighs this many times its typed-array figures. */
const COMPACT_RECORD_OVERHEAD = 8;
/**
 * What one worker holds while it simulates a run: a fixed part (its heap grows
 * over a long study before the collector gives memory back: regional-5m-vms
 * at 20,000 runs peaked 100 MiB above 2,000), and a part per image (image
 * state, its queues, its RPO timeline).
 */
const SIMULATION_FIXED_BYTES = 32 * 1024 * 1024;
const SIMULATION_BYTES_PER_IMAGE = 256 * 1024;
/** One worker thread of the pool: its V8 heap, code and buffers, before any study. */
const WORKER_THREAD_BYTES = 96 * 1024 * 1024;

export interface ScenarioShape {
  applications: number;
  vms: number;
  images: number;
  /** Mirroring cycles of one run over all applications (the RPO density grows by about two breakpoints per cycle). */
  cyclesPerRun: number;
}

/** Metro-DR has no snapshot cycle; its RPO timeline changes about this often. */
const METRO_ACTIVITY_MS = 60_000;

export function scenarioShape(scenario: Scenario): ScenarioShape {
  const { applications, horizon, drPolicy } = scenario.spec;
  const period = drPolicy.schedulingInterval ?? METRO_ACTIVITY_MS;
  let vms = 0;
  let images = 0;
  for (const application of applications) {
    for (const vm of application.vms) {
      vms += vm.count;
      images += vm.count * vm.disks.length;
    }
    images += application.volumes.length;
  }
  return { applications: applications.length, vms, images, cyclesPerRun: Math.ceil((applications.length * horizon) / period) };
}

export interface StudyMemoryEstimate {
  /** Everything below, summed. */
  bytes: number;
  runFigures: number;
  rpoDensity: number;
  chunksInFlight: number;
  workerSimulations: number;
}

/** Bytes of one run's scalar figures in the study (exact: typed arrays). */
export function runFigureBytes(shape: ScenarioShape): number {
  return STUDY_BYTES_PER_RUN.fixed + STUDY_BYTES_PER_RUN.perApplication * shape.applications + STUDY_BYTES_PER_RUN.perVm * shape.vms;
}

/** The study's chunk size, as `runStudy` cuts it: about a quarter of each worker's share, at most MAX_CHUNK_RUNS. */
export function chunkSize(totalRuns: number, workers: number): number {
  return Math.max(1, Math.min(MAX_CHUNK_RUNS, Math.ceil(totalRuns / (workers * 4))));
}

/** Memory a study of `runs` runs on `workers` worker threads holds at its peak, the worker pool aside. */
export function estimateStudyMemory(scenario: Scenario, runs: number, workers: number): StudyMemoryEstimate {
  const shape = scenarioShape(scenario);
  const threads = Math.max(1, Math.min(workers, runs));
  const runFigures = runs * runFigureBytes(shape);
  const rpoDensity = Math.min(EXPECTED_DENSITY_BREAKPOINTS, runs * 2 * shape.cyclesPerRun) * DENSITY_BYTES_PER_BREAKPOINT;
  const chunkRuns = chunkSize(runs, threads);
  const chunkDensity = Math.min(EXPECTED_DENSITY_BREAKPOINTS, chunkRuns * 2 * shape.cyclesPerRun) * DENSITY_BYTES_PER_BREAKPOINT;
  const chunksInFlight = Math.min(runs, IN_FLIGHT_PER_WORKER * threads * chunkRuns) * runFigureBytes(shape) * COMPACT_RECORD_OVERHEAD + IN_FLIGHT_PER_WORKER * threads * chunkDensity;
  const workerSimulations = threads * (SIMULATION_FIXED_BYTES + SIMULATION_BYTES_PER_IMAGE * shape.images);
  return { bytes: runFigures + rpoDensity + chunksInFlight + workerSimulations, runFigures, rpoDensity, chunksInFlight, workerSimulations };
}

/** The fixed cost of a pool of `workers` threads (a server pays it once, at start-up). */
export function workerPoolBytes(workers: number): number {
  return Math.max(1, workers) * WORKER_THREAD_BYTES;
}

/** A Result kept after its study ends (a sweep keeps one per grid point): its summaries, per application and per VM. */
export function estimateResultBytes(scenario: Scenario): number {
  const shape = scenarioShape(scenario);
  return 16 * 1024 + 4 * 1024 * shape.applications + 1024 * shape.vms;
}

/** What a density of this many breakpoints holds, at the estimate's rate. */
export function heldDensityBytes(breakpoints: number): number {
  return breakpoints * DENSITY_BYTES_PER_BREAKPOINT;
}

export class MemoryBudgetExceeded extends Error {
  readonly code = 'MEMORY_BUDGET_EXCEEDED';
  constructor(
    readonly budgetBytes: number,
    readonly heldBytes: number,
  ) {
    super(`memory budget exceeded: the study holds about ${heldBytes} bytes, over its budget of ${budgetBytes}`);
    this.name = 'MemoryBudgetExceeded';
  }
}

export function isMemoryBudgetError(error: unknown): error is MemoryBudgetExceeded {
  return error instanceof MemoryBudgetExceeded || (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'MEMORY_BUDGET_EXCEEDED');
}

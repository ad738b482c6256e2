/**
 * How much simulating a scenario costs, estimated before any run starts, and
 * the server's limits on it. The estimate decides whether a request runs
 * synchronously or as a job, and refuses work no job could finish.
 */
import { estimateResultBytes, estimateStudyMemory } from '../../analysis/memory-estimate.js';
import { humanBytes } from '../../format/units.js';
import type { Scenario } from '../../scenarios/index.js';
import type { ApiConfig } from '../config.js';
import { limitExceeded } from '../errors.js';

/**
 * Engine events per mirroring or capture cycle of one image, and per run for
 * setup, the disaster, the failover and the run's tail after it. Fitted on
 * the bundled scenarios and the test scenarios (measured 1 to 4 per cycle,
 * 100 to 18,000 per run besides), rounded up: the estimate errs high, so a
 * request is sooner made a job than left to run into its time limit.
 */
const EVENTS_PER_CYCLE = 4;
const FIXED_EVENTS_PER_RUN = 20_000;
/** Metro-DR has no snapshot cycle; its write and health events come about this often. */
const METRO_ACTIVITY_MS = 60_000;

export function estimateEventsPerRun(scenario: Scenario): number {
  const { horizon, drPolicy, applications } = scenario.spec;
  const mirrorPeriod = drPolicy.schedulingInterval ?? METRO_ACTIVITY_MS;
  let cycles = 0;
  for (const application of applications) {
    const images = application.vms.reduce((sum, vm) => sum + vm.count * vm.disks.length, 0) + application.volumes.length;
    cycles += (images * horizon) / mirrorPeriod;
    if (application.kubeObjectProtection) cycles += horizon / application.kubeObjectProtection.captureInterval;
  }
  return Math.ceil(FIXED_EVENTS_PER_RUN + EVENTS_PER_CYCLE * cycles);
}

export interface StudySize {
  runs: number;
  estimatedEvents: number;
  /** Memory the study holds at its peak, on the server's worker threads (memory-estimate.ts). */
  estimatedMemoryBytes: number;
  /** Memory its Result holds once the study is done (a sweep keeps one per grid point). */
  resultBytes: number;
}

/**
 * Checks one study (a simulation, or one grid point of a sweep) against the
 * limits; `runsPath` names where its run count came from for the error.
 */
export function checkStudyLimits(scenario: Scenario, runsOverride: number | undefined, config: ApiConfig): StudySize {
  const runs = runsOverride ?? scenario.spec.runs;
  const runsPath = runsOverride === undefined ? 'spec.runs' : 'runs';
  if (runs > config.maxRuns) {
    throw limitExceeded('runs', config.maxRuns, runs, `${runs} runs asked for; this server runs at most ${config.maxRuns} per study`, runsPath);
  }
  if (scenario.spec.horizon > config.maxHorizonMs) {
    throw limitExceeded(
      'horizon',
      config.maxHorizonMs,
      scenario.spec.horizon,
      `the horizon is ${scenario.spec.horizon} ms; this server simulates at most ${config.maxHorizonMs} ms per run`,
      'spec.horizon',
    );
  }
  return {
    runs,
    estimatedEvents: runs * estimateEventsPerRun(scenario),
    estimatedMemoryBytes: estimateStudyMemory(scenario, runs, config.workers).bytes,
    resultBytes: estimateResultBytes(scenario),
  };
}

/**
 * Peak memory of studies run one after the other (a sweep's grid points, a
 * sizing's bisection): the largest study in flight plus the Results of the
 * ones before it, which are kept.
 */
export function sequentialStudiesMemory(studies: Pick<StudySize, 'estimatedMemoryBytes' | 'resultBytes'>[]): number {
  let kept = 0;
  let peak = 0;
  for (const study of studies) {
    peak = Math.max(peak, kept + study.estimatedMemoryBytes);
    kept += study.resultBytes;
  }
  return Math.max(peak, kept);
}

/** The whole request against the per-request memory limit (`--max-memory`). */
export function checkRequestMemory(estimatedMemoryBytes: number, config: ApiConfig): void {
  if (estimatedMemoryBytes > config.maxMemoryBytes) {
    throw limitExceeded(
      'memory',
      config.maxMemoryBytes,
      estimatedMemoryBytes,
      `the request is estimated to hold ${humanBytes(estimatedMemoryBytes)} while it runs; this server allows ${humanBytes(config.maxMemoryBytes)} per request (fewer runs, fewer grid points or a smaller scenario)`,
    );
  }
}

/** The whole request (all its studies) against the per-request event limit. */
export function checkRequestEvents(estimatedEvents: number, config: ApiConfig): void {
  if (estimatedEvents > config.maxEventsPerRequest) {
    throw limitExceeded(
      'eventsPerRequest',
      config.maxEventsPerRequest,
      estimatedEvents,
      `the request is estimated at ${estimatedEvents} simulated events; this server accepts at most ${config.maxEventsPerRequest} per request (fewer runs or a shorter horizon)`,
    );
  }
}

/**
 * A unit of simulation work, whether it answers a request directly or runs
 * as a job: what it costs, the JSON kept to rebuild it after a restart, and
 * how to run it off the event loop.
 */
export const JOB_KINDS = ['simulation', 'sweep', 'sizing'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface WorkControl {
  signal: AbortSignal;
  /** Monte Carlo runs finished so far, of `total`. */
  onProgress: (completed: number, total: number) => void;
}

export interface Work<Output = unknown> {
  kind: JobKind;
  /** JSON kept with a job: enough to prepare the same work again after a restart. */
  request: unknown;
  estimatedEvents: number;
  totalRuns: number;
  run(control: WorkControl): Promise<Output>;
}

/** Rebuilds work from a job's stored request; throws an ApiError when it no longer validates. */
export type WorkPreparer = (request: unknown) => Work;

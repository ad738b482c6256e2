/**
 * The least a workload needs from an event engine, so the same workload code
 * runs on drsim's Simulation and on a general-purpose heap, event for event.
 */
export interface Scheduler {
  /** Current simulated time in milliseconds. */
  readonly now: number;
  /** Runs `callback(arg)` after `delay` ms, rounded to a whole ms; equal times run in scheduling order. */
  schedule<A>(delay: number, callback: (arg: A) => void, arg: A): unknown;
}

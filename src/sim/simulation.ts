/**
 * The simulation environment: a simulated clock in integer milliseconds, the
 * future event list, the trace, and the run loop. Everything else (processes,
 * signals, models) is built on schedule() and cancel().
 */
import { EventQueue, NO_EVENT, type EventCallback, type EventHandle } from './event-queue.js';
import { Trace } from './trace.js';
import { Process, Signal, type ProcessBody } from './process.js';

export type Time = number;

export interface RunLimits {
  /**
   * Stop before any event later than this time; the clock ends at `until`
   * (floored to a whole ms, since events happen at whole ms).
   */
  until?: Time;
  /** Most events this call may execute; one more throws EventBudgetExceeded. */
  maxEvents?: number;
}

/** Why a run stopped. */
export type RunOutcome = 'empty' | 'until' | 'stopped';

export class EventBudgetExceeded extends Error {
  readonly code = 'EVENT_BUDGET_EXCEEDED';
  constructor(
    readonly maxEvents: number,
    readonly time: Time,
  ) {
    super(`event budget exceeded: more than ${maxEvents} events by simulated time ${time} ms`);
    this.name = 'EventBudgetExceeded';
  }
}

export class Simulation {
  private clock: Time = 0;
  private readonly queue = new EventQueue();
  private stopRequested = false;
  private running = false;
  readonly trace: Trace;

  constructor(options: { log?: boolean } = {}) {
    this.trace = new Trace({ log: options.log });
  }

  /** Current simulated time in milliseconds. */
  get now(): Time {
    return this.clock;
  }

  /** Events executed so far. */
  get eventsProcessed(): number {
    return this.queue.popped;
  }

  /** Events scheduled and not yet fired or cancelled. */
  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Interns a trace label; pass the result as `tag` to schedule(). */
  tag(label: string): number {
    return this.trace.tag(label);
  }

  /**
   * Runs `callback(arg)` after `delay` milliseconds (rounded to a whole ms).
   * Passing a long-lived function and an argument, rather than a fresh
   * closure, keeps the hot path free of allocation.
   */
  schedule<A>(delay: number, callback: EventCallback<A>, arg?: A, tag = 0): EventHandle {
    const time = this.clock + Math.round(delay);
    // The clock is a whole ms at or after the queue's last popped time, so this is all insert() needs.
    if (!(delay >= 0 && time <= Number.MAX_SAFE_INTEGER)) throw invalidDelay(delay);
    return this.queue.insert(time, callback, arg, tag);
  }

  /** Runs `callback(arg)` at absolute time `time` (not before now). */
  scheduleAt<A>(time: Time, callback: EventCallback<A>, arg?: A, tag = 0): EventHandle {
    const rounded = Math.round(time);
    if (!(rounded >= this.clock) || rounded === Infinity) {
      throw new RangeError(`cannot schedule at ${time} ms: the clock is at ${this.clock} ms`);
    }
    return this.queue.push(rounded, callback, arg, tag);
  }

  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  isPending(handle: EventHandle): boolean {
    return this.queue.isPending(handle);
  }

  /** Time of the next pending event, or Infinity. */
  peek(): Time {
    return this.queue.peekTime();
  }

  /** Asks the running loop to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Records a model-level fact in the trace digest (and log). */
  record(tag: number, value: number): void {
    this.trace.recordValue(this.clock, tag, value);
  }

  /** Starts a process (a generator) at the current time. */
  process<T>(body: ProcessBody<T>, name = 'process'): Process<T> {
    return new Process(this, body, name);
  }

  /** A one-shot signal processes can wait on. */
  signal<T = void>(name = 'signal'): Signal<T> {
    return new Signal<T>(this, name);
  }

  /** A signal that fires after `delay` ms. */
  timeout(delay: number): Signal<void> {
    const signal = new Signal<void>(this, 'timeout');
    this.schedule(delay, fireSignal, signal);
    return signal;
  }

  /**
   * Executes events in (time, sequence) order until the queue is empty, the
   * next event is later than `until`, stop() is called, or the event budget
   * is exhausted (EventBudgetExceeded: a clear error rather than a hang).
   */
  run(limits: RunLimits = {}): RunOutcome {
    if (this.running) throw new Error('Simulation.run() is not re-entrant');
    const until = checkedUntil(limits.until, this.clock);
    const budget = limits.maxEvents ?? Infinity;
    if (!(budget >= 0)) throw new RangeError(`maxEvents must be >= 0, got ${limits.maxEvents}`);
    const queue = this.queue;
    const trace = this.trace;
    let executed = 0;
    this.running = true;
    this.stopRequested = false;
    try {
      for (;;) {
        if (this.stopRequested) return 'stopped';
        if (executed >= budget && isDue(queue.peekTime(), until)) throw new EventBudgetExceeded(budget, this.clock);
        const slot = queue.take(until);
        if (slot === NO_EVENT) {
          if (until !== Infinity) this.clock = until;
          return queue.size === 0 ? 'empty' : 'until';
        }
        const time = queue.poppedTime;
        const callback = queue.callbackOf(slot);
        const arg = queue.argOf(slot);
        trace.recordEvent(time, queue.poppedSeq, queue.tagOf(slot));
        this.clock = time;
        executed++;
        callback(arg);
      }
    } finally {
      this.running = false;
    }
  }
}

/** An event at `next` (Infinity: none) runs before a run limited to `until`. */
function isDue(next: Time, until: Time): boolean {
  return next !== Infinity && next <= until;
}

/** Event times are whole ms, so a fractional `until` means its floor. */
function checkedUntil(until: Time | undefined, now: Time): Time {
  if (until === undefined) return Infinity;
  const whole = Math.floor(until);
  if (!(whole >= now)) throw new RangeError(`until ${until} ms is before now (${now} ms)`);
  return whole;
}

// Built out of line so schedule() stays small enough to inline.
function invalidDelay(delay: number): RangeError {
  return new RangeError(`delay must be a finite number >= 0 ms (and end before 2^53 ms), got ${delay}`);
}

function fireSignal(signal: Signal<void>): void {
  signal.succeed();
}

/**
 * Processes and signals, SimPy-style, on top of the callback core.
 *
 * A process is a generator that yields what it waits for:
 *   - a number: a delay in milliseconds;
 *   - a Signal (a one-shot event, another Process, anyOf(...) or allOf(...)):
 *     the process resumes with the signal's value, or the signal's error is
 *     thrown into it.
 * A process can be interrupted (e.g. when its site fails): an Interrupt is
 * thrown into it at the current simulated time, abandoning what it waited for.
 *
 * Waking up always goes through the event queue at the current time, so
 * equal-time wake-ups keep their (time, sequence) order (INV-11).
 */
import type { Simulation } from './simulation.js';
import type { EventHandle } from './event-queue.js';

export type Yieldable = number | Signal<any>;
export type ProcessBody<T> = Generator<Yieldable, T, any>;

/** Thrown into a process by Process.interrupt(cause). */
export class Interrupt extends Error {
  constructor(readonly reason: unknown) {
    super(`interrupted: ${String(reason)}`);
    this.name = 'Interrupt';
  }
}

type Waiter = (signal: Signal<any>) => void;

export class Signal<T = void> {
  private state: 'pending' | 'succeeded' | 'failed' = 'pending';
  private result: T | undefined;
  private failure: unknown;
  private waiters: Waiter[] = [];
  private dispatchScheduled = false;

  constructor(
    protected readonly sim: Simulation,
    readonly name: string,
  ) {}

  get triggered(): boolean {
    return this.state !== 'pending';
  }
  get ok(): boolean {
    return this.state === 'succeeded';
  }
  get value(): T | undefined {
    return this.result;
  }
  get error(): unknown {
    return this.failure;
  }

  succeed(value?: T): this {
    this.settle('succeeded', value as T, undefined);
    return this;
  }

  fail(error: unknown): this {
    this.settle('failed', undefined, error);
    return this;
  }

  /** Calls `waiter(this)` once the signal has triggered (at the current time if it already has). */
  onTrigger(waiter: Waiter): void {
    this.waiters.push(waiter);
    if (this.triggered) this.scheduleDispatch();
  }

  hasWaiters(): boolean {
    return this.waiters.length > 0;
  }

  private settle(state: 'succeeded' | 'failed', value: T | undefined, error: unknown): void {
    if (this.state !== 'pending') throw new Error(`signal '${this.name}' has already triggered`);
    this.state = state;
    this.result = value;
    this.failure = error;
    this.scheduleDispatch();
  }

  private scheduleDispatch(): void {
    if (this.dispatchScheduled || this.waiters.length === 0) return;
    this.dispatchScheduled = true;
    this.sim.schedule(0, dispatchSignal, this as Signal<any>);
  }

  /** @internal called from the event queue. */
  dispatch(): void {
    this.dispatchScheduled = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter(this);
  }
}

function dispatchSignal(signal: Signal<any>): void {
  signal.dispatch();
}

export class Process<T = void> extends Signal<T> {
  private readonly body: ProcessBody<T>;
  /** Bumped whenever the current wait is abandoned, so stale wake-ups are ignored. */
  private waitToken = 0;
  private pendingDelay: EventHandle = -1;
  private started = false;

  constructor(sim: Simulation, body: ProcessBody<T>, name: string) {
    super(sim, name);
    this.body = body;
    sim.schedule(0, startProcess, this as Process<any>);
  }

  get isAlive(): boolean {
    return !this.triggered;
  }

  /**
   * Throws Interrupt(reason) into the process at the current time. Returns
   * false if the process has already finished.
   */
  interrupt(reason: unknown): boolean {
    if (this.triggered) return false;
    this.sim.schedule(0, deliverInterrupt, { process: this as Process<any>, reason });
    return true;
  }

  /** @internal */
  start(): void {
    if (this.started || this.triggered) return;
    this.started = true;
    this.step(false, undefined);
  }

  /** @internal */
  receiveInterrupt(reason: unknown): void {
    if (this.triggered) return;
    this.abandonWait();
    this.started = true;
    this.step(true, new Interrupt(reason));
  }

  /** @internal */
  resumeAfterDelay(token: number): void {
    if (token !== this.waitToken || this.triggered) return;
    this.pendingDelay = -1;
    this.step(false, undefined);
  }

  private abandonWait(): void {
    this.waitToken++;
    if (this.pendingDelay !== -1) {
      this.sim.cancel(this.pendingDelay);
      this.pendingDelay = -1;
    }
  }

  private step(throwIn: boolean, input: unknown): void {
    let result: IteratorResult<Yieldable, T>;
    try {
      result = throwIn ? this.body.throw(input) : this.body.next(input);
    } catch (error) {
      this.fail(error);
      // An error nobody waits for is a bug in the model: surface it.
      if (!this.hasWaiters()) throw error;
      return;
    }
    if (result.done) {
      this.succeed(result.value);
      return;
    }
    this.wait(result.value);
  }

  private wait(target: Yieldable): void {
    const token = ++this.waitToken;
    if (typeof target === 'number') {
      if (!(target >= 0 && target !== Infinity)) {
        // The process asked for the impossible: tell it, where it asked.
        this.step(true, new RangeError(`process '${this.name}' yielded a delay of ${target} ms: expected a finite number >= 0`));
        return;
      }
      this.pendingDelay = this.sim.schedule(target, resumeProcess, { process: this as Process<any>, token });
      return;
    }
    if (!(target instanceof Signal)) {
      this.step(true, new TypeError(`process '${this.name}' yielded ${String(target)}: expected a delay or a Signal`));
      return;
    }
    target.onTrigger((signal) => {
      if (token !== this.waitToken || this.triggered) return;
      if (signal.ok) this.step(false, signal.value);
      else this.step(true, signal.error);
    });
  }
}

function startProcess(process: Process<any>): void {
  process.start();
}

function resumeProcess(wake: { process: Process<any>; token: number }): void {
  wake.process.resumeAfterDelay(wake.token);
}

function deliverInterrupt(delivery: { process: Process<any>; reason: unknown }): void {
  delivery.process.receiveInterrupt(delivery.reason);
}

/** Triggers with {index, value} of the first of `signals` to succeed (or fails with the first failure). */
export function anyOf(sim: Simulation, signals: Signal<any>[]): Signal<{ index: number; value: unknown }> {
  // With nothing to wait for, "the first to succeed" never comes: a process would hang silently.
  if (signals.length === 0) throw new RangeError('anyOf needs at least one signal');
  const combined = new Signal<{ index: number; value: unknown }>(sim, 'anyOf');
  signals.forEach((signal, index) => {
    signal.onTrigger((done) => {
      if (combined.triggered) return;
      if (done.ok) combined.succeed({ index, value: done.value });
      else combined.fail(done.error);
    });
  });
  return combined;
}

/** Triggers with every value, in order, once all of `signals` succeed (or fails with the first failure). */
export function allOf(sim: Simulation, signals: Signal<any>[]): Signal<unknown[]> {
  const combined = new Signal<unknown[]>(sim, 'allOf');
  const values = new Array<unknown>(signals.length);
  let remaining = signals.length;
  if (remaining === 0) return combined.succeed([]);
  signals.forEach((signal, index) => {
    signal.onTrigger((done) => {
      if (combined.triggered) return;
      if (!done.ok) {
        combined.fail(done.error);
        return;
      }
      values[index] = done.value;
      if (--remaining === 0) combined.succeed(values);
    });
  });
  return combined;
}

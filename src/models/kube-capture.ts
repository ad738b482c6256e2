/**
 * Kube-object protection of one application on its current primary cluster:
 * the VRG's periodic capture of the application's Kubernetes objects to S3
 * (docs/domain.md section 5; ramen-facts 3.2, vrg_kubeobjects.go).
 *
 * The cycle, as Ramen runs it:
 *   - captures start every `captureIntervalMs`, measured start to start;
 *   - they alternate between two slots; the slot being reused (the capture
 *     before the last complete one, or a rolled-back or abandoned one) is
 *     deleted from S3 just before the new capture starts;
 *   - a capture completes `captureDurationMs` after its start; it becomes the
 *     recovery point only if its upload reached every S3 store, i.e. every
 *     store is reachable at that instant. Otherwise it is rolled back and the
 *     recovery point does not move, so S3 always names a complete capture.
 *   - the recovery point of the objects is the START of the last complete
 *     capture (that is when they were read).
 *
 * Modelling choices (each a simplification of the controller):
 *   - A capture that overruns the interval delays the next one, which starts
 *     the instant it finishes (Ramen requeues with a 1 ns delay). Captures
 *     never overlap.
 *   - After a rollback the next capture waits for its regular start. Ramen
 *     instead keeps the failed capture's Velero requests and retries them
 *     with backoff, so once the store is back its recovery point can move up
 *     to one interval sooner than here. The recovery point during the outage
 *     is the same in both.
 *   - Reachability matters only at the completion instant: the upload of the
 *     VRG object naming the new capture is the commit point.
 *
 * Object changes are a Poisson process; they cost no events: the number of
 * distinct objects changed since the recovery point is sampled only when
 * objectsLost() is asked. Event economy: one event per capture start and one
 * per completion, and at most one pending at a time.
 */
import type { EventHandle, RandomStream, Simulation } from '../sim/index.js';
import { changedProbability, expectedDistinctChanged, sampleBinomial } from './poisson.js';

export const DEFAULT_CAPTURE_INTERVAL_MS = 5 * 60 * 1000;

/** What happened to a capture; values stored in the record's outcome array. */
export const CaptureOutcome = {
  InProgress: 0,
  /** Uploaded to every store: it became the recovery point. */
  Complete: 1,
  /** A store was unreachable at completion; the recovery point stayed. */
  RolledBack: 2,
  /** Capturing stopped (primary lost, or the app relocated) before completion. */
  Lost: 3,
} as const;
export type CaptureOutcome = (typeof CaptureOutcome)[keyof typeof CaptureOutcome];

export interface KubeObjectCaptureOptions {
  sim: Simulation;
  /** Samples the object changes; one uniform per objectsLost() call. */
  stream: RandomStream;
  /** Start to start; default 5 min. */
  captureIntervalMs?: number;
  /** Time to capture the objects and upload them to every store. */
  captureDurationMs: number;
  /** Kube objects of the application. */
  objects: number;
  /** Object changes (creates, updates, deletes) per second across the application. */
  changeRatePerSecond: number;
  /** Every S3 profile the primary uploads to (all clusters' profiles of the policy). */
  s3Stores: readonly string[];
  /** False while the store is in an outage, lost with its site, or cut off from the primary. */
  isS3Reachable: (store: string) => boolean;
  /** When protection starts (the first capture); default now. */
  startMs?: number;
  /** Prefix of the trace labels; default "kube-capture". */
  name?: string;
}

export interface CaptureTimes {
  startMs: number;
  completedMs: number;
}

/**
 * Every capture, one index per capture in start order, as parallel arrays
 * (cheap to keep for month-long runs and to hand to the timeline).
 */
export interface CaptureRecords {
  readonly startMs: readonly number[];
  /** Completion, rollback or loss instant; NaN while in progress. */
  readonly endMs: readonly number[];
  readonly outcome: readonly CaptureOutcome[];
  readonly slot: readonly number[];
  /** Index in s3Stores of the first unreachable store of a rolled-back capture, else -1. */
  readonly unreachableStore: readonly number[];
  /** When the slot was deleted for reuse; NaN while the capture is still in S3. */
  readonly deletedMs: readonly number[];
}

export class KubeObjectCapture {
  readonly captureIntervalMs: number;
  readonly captureDurationMs: number;
  readonly objects: number;
  readonly changeRatePerSecond: number;
  readonly s3Stores: readonly string[];

  private readonly sim: Simulation;
  private readonly stream: RandomStream;
  private readonly isS3Reachable: (store: string) => boolean;
  private readonly startTag: number;
  private readonly endTag: number;
  private readonly completeTag: number;
  private readonly rollbackTag: number;
  private readonly lostTag: number;

  private readonly records = {
    startMs: [] as number[],
    endMs: [] as number[],
    outcome: [] as CaptureOutcome[],
    slot: [] as number[],
    unreachableStore: [] as number[],
    deletedMs: [] as number[],
  };
  /** Record index of the recovery point, or -1. */
  private lastComplete = -1;
  /** Record index of the capture in progress, or -1, and when its upload ends. */
  private inProgress = -1;
  private inProgressDueMs = NaN;
  /** Record index whose objects fill each slot in S3, or -1. */
  private readonly slotOccupant = [-1, -1];
  /** The next capture start or completion; -1 when stopped. */
  private pending: EventHandle = -1;
  private capturing = false;
  /**
   * Capture cycles (initial start and each restart) and when each stopped.
   * Object changes count only within the latest cycle: a restart follows a
   * restore of the last complete capture, which resets the objects to it.
   */
  private readonly cycleStartMs: number[] = [];
  private readonly cycleStopMs: number[] = [];

  private started = 0;
  private completed = 0;
  private rolledBack = 0;
  private lost = 0;

  constructor(options: KubeObjectCaptureOptions) {
    const interval = options.captureIntervalMs ?? DEFAULT_CAPTURE_INTERVAL_MS;
    if (!(interval > 0) || !Number.isFinite(interval)) {
      throw new RangeError(`captureIntervalMs must be a finite number > 0, got ${interval}`);
    }
    if (!(options.captureDurationMs >= 0) || !Number.isFinite(options.captureDurationMs)) {
      throw new RangeError(`captureDurationMs must be a finite number >= 0, got ${options.captureDurationMs}`);
    }
    if (!Number.isInteger(options.objects) || options.objects < 0) {
      throw new RangeError(`objects must be an integer >= 0, got ${options.objects}`);
    }
    if (!(options.changeRatePerSecond >= 0) || !Number.isFinite(options.changeRatePerSecond)) {
      throw new RangeError(`changeRatePerSecond must be a finite number >= 0, got ${options.changeRatePerSecond}`);
    }
    if (options.s3Stores.length === 0) {
      // Ramen does not capture without a store; the world must not ask it to.
      throw new RangeError('s3Stores must name at least one S3 profile');
    }
    this.sim = options.sim;
    this.stream = options.stream;
    this.captureIntervalMs = interval;
    this.captureDurationMs = options.captureDurationMs;
    this.objects = options.objects;
    this.changeRatePerSecond = options.changeRatePerSecond;
    this.s3Stores = [...options.s3Stores];
    this.isS3Reachable = options.isS3Reachable;
    const name = options.name ?? 'kube-capture';
    this.startTag = this.sim.tag(`${name}.start`);
    this.endTag = this.sim.tag(`${name}.end`);
    this.completeTag = this.sim.tag(`${name}.complete`);
    this.rollbackTag = this.sim.tag(`${name}.rollback`);
    this.lostTag = this.sim.tag(`${name}.lost`);
    this.beginCycle(options.startMs ?? this.sim.now);
  }

  get capturesStarted(): number {
    return this.started;
  }
  get capturesCompleted(): number {
    return this.completed;
  }
  get capturesRolledBack(): number {
    return this.rolledBack;
  }
  /** Captures abandoned in progress by stop(). */
  get capturesLost(): number {
    return this.lost;
  }
  /** True from a (re)start until stop(). */
  get isCapturing(): boolean {
    return this.capturing;
  }

  /** The record of every capture so far (live arrays: read, do not keep across events). */
  get captures(): CaptureRecords {
    return this.records;
  }

  /** Why capture `index` was rolled back, for reports; undefined if it was not. */
  rollbackReason(index: number): string | undefined {
    const store = this.records.unreachableStore[index];
    if (store === undefined || store < 0) return undefined;
    return `S3 store ${this.s3Stores[store]} unreachable at completion`;
  }

  /** Record indices of the captures whose objects are in S3 now (at most one per slot). */
  liveCaptures(): number[] {
    this.settleDueCapture();
    return this.slotOccupant.filter((index) => index >= 0);
  }

  /** Whether any capture has reached every store by `atMs` (default now). */
  hasCompleteCapture(atMs: number = this.sim.now): boolean {
    return this.completeCaptureIndexAt(atMs) >= 0;
  }

  /**
   * The recovery point at `atMs` (default now, never later): the latest
   * capture that completed on every store at or before that instant.
   */
  lastCompleteCapture(atMs: number = this.sim.now): CaptureTimes | undefined {
    const index = this.completeCaptureIndexAt(atMs);
    if (index < 0) return undefined;
    return { startMs: this.records.startMs[index], completedMs: this.records.endMs[index] };
  }

  /**
   * Distinct kube objects created, changed or deleted after the start of the
   * recovery point at `atMs`, up to `atMs`: what a restore at that instant
   * loses, reverts or resurrects (INV-07). Without any complete capture the
   * application's definition never reached S3 and every object is lost (for a
   * VM: replicated disks, no definition on the target: an orphan). Changes
   * count only while capturing runs, in the latest cycle begun by `atMs`.
   * Draws exactly one uniform from the stream per call.
   */
  objectsLost(atMs: number = this.sim.now): number {
    const windowMs = this.lossWindowMs(atMs);
    // Draw even when the answer is certain, so the stream stays aligned across runs.
    const changed = sampleBinomial(this.objects, this.changedProbabilityOver(windowMs), this.stream);
    return windowMs === undefined ? this.objects : changed;
  }

  /** The mean of objectsLost(atMs), without drawing. */
  expectedObjectsLost(atMs: number = this.sim.now): number {
    const windowMs = this.lossWindowMs(atMs);
    if (windowMs === undefined) return this.objects;
    return expectedDistinctChanged(this.objects, this.changeRatePerSecond, windowMs);
  }

  /**
   * Stops capturing now (`atMs` must be the current time): the primary died
   * or the application was moved. A capture in progress is lost; the recovery
   * point stays where it is, in S3. No-op if already stopped.
   */
  stop(atMs: number = this.sim.now): void {
    this.requireNow(atMs, 'stop');
    if (!this.capturing) return;
    this.settleDueCapture();
    this.capturing = false;
    const cycle = this.cycleStartMs.length - 1;
    if (this.cycleStartMs[cycle] > atMs) {
      // A restart scheduled for later that never began: forget it.
      this.cycleStartMs.pop();
      this.cycleStopMs.pop();
    } else {
      this.cycleStopMs[cycle] = atMs;
    }
    if (this.pending !== -1) this.sim.cancel(this.pending);
    this.pending = -1;
    const index = this.inProgress;
    if (index < 0) return;
    // Its partial objects stay in its slot until the next capture reuses it.
    this.inProgress = -1;
    this.records.endMs[index] = atMs;
    this.records.outcome[index] = CaptureOutcome.Lost;
    this.lost++;
    this.sim.record(this.lostTag, index);
  }

  /**
   * Starts a new cycle on the new primary at `atMs` (default now), after a
   * failover or relocate restored the last complete capture there; its first
   * capture starts at `atMs`.
   */
  restart(atMs: number = this.sim.now): void {
    if (this.capturing) throw new Error('restart() while still capturing: stop() first');
    this.beginCycle(atMs);
  }

  /** @internal event: a capture starts. */
  startCapture(): void {
    const now = this.sim.now;
    const records = this.records;
    const slot = this.lastComplete >= 0 ? 1 - records.slot[this.lastComplete] : 1;
    // The older capture in the reused slot is deleted before the new one starts.
    const previous = this.slotOccupant[slot];
    if (previous >= 0) records.deletedMs[previous] = now;
    const index = records.startMs.length;
    records.startMs.push(now);
    records.endMs.push(NaN);
    records.outcome.push(CaptureOutcome.InProgress);
    records.slot.push(slot);
    records.unreachableStore.push(-1);
    records.deletedMs.push(NaN);
    this.slotOccupant[slot] = index;
    this.inProgress = index;
    this.inProgressDueMs = now + Math.round(this.captureDurationMs);
    this.started++;
    this.pending = this.sim.scheduleAt(this.inProgressDueMs, finishCapture, this, this.endTag);
  }

  /** @internal event: a capture's upload ends; it completes or rolls back, and the next is scheduled. */
  finishCapture(): void {
    const index = this.inProgress;
    this.settleInProgress();
    // Start to start; an overrunning capture pushes the next one to now.
    const nextStart = Math.max(this.records.startMs[index] + this.captureIntervalMs, this.sim.now);
    this.pending = this.sim.scheduleAt(nextStart, startCapture, this, this.startTag);
  }

  /**
   * Completes now a capture whose upload ends now but whose event has not run
   * yet, so that what another event at the same instant sees (a query, a
   * stop) does not depend on the order of equal-time events.
   */
  private settleDueCapture(): void {
    if (this.inProgress < 0 || this.inProgressDueMs > this.sim.now) return;
    this.sim.cancel(this.pending);
    this.finishCapture();
  }

  private settleInProgress(): void {
    const now = this.sim.now;
    const records = this.records;
    const index = this.inProgress;
    this.inProgress = -1;
    records.endMs[index] = now;
    const unreachable = this.firstUnreachableStore();
    if (unreachable < 0) {
      records.outcome[index] = CaptureOutcome.Complete;
      this.lastComplete = index;
      this.completed++;
      this.sim.record(this.completeTag, index);
    } else {
      records.outcome[index] = CaptureOutcome.RolledBack;
      records.unreachableStore[index] = unreachable;
      this.rolledBack++;
      this.sim.record(this.rollbackTag, unreachable);
    }
  }

  private beginCycle(atMs: number): void {
    if (!(atMs >= this.sim.now) || !Number.isFinite(atMs)) {
      throw new RangeError(`capturing cannot start at ${atMs} ms: the clock is at ${this.sim.now} ms`);
    }
    // Whole milliseconds, as the engine schedules them.
    atMs = Math.round(atMs);
    this.capturing = true;
    this.cycleStartMs.push(atMs);
    this.cycleStopMs.push(Infinity);
    this.pending = this.sim.scheduleAt(atMs, startCapture, this, this.startTag);
  }

  private firstUnreachableStore(): number {
    for (let i = 0; i < this.s3Stores.length; i++) {
      if (!this.isS3Reachable(this.s3Stores[i])) return i;
    }
    return -1;
  }

  private completeCaptureIndexAt(atMs: number): number {
    this.requireNotFuture(atMs);
    this.settleDueCapture();
    const { outcome, endMs } = this.records;
    // Captures complete in start order, so the latest complete one is found from the end.
    for (let i = outcome.length - 1; i >= 0; i--) {
      if (outcome[i] === CaptureOutcome.Complete && endMs[i] <= atMs) return i;
    }
    return -1;
  }

  /**
   * How long the objects changed unrecorded before `atMs`: from the recovery
   * point's start (or the latest cycle's start, if later) to `atMs` (or that
   * cycle's stop, if earlier). Undefined when there is no recovery point.
   */
  private lossWindowMs(atMs: number): number | undefined {
    const index = this.completeCaptureIndexAt(atMs);
    if (index < 0) return undefined;
    let cycle = this.cycleStartMs.length - 1;
    while (cycle > 0 && this.cycleStartMs[cycle] > atMs) cycle--;
    const from = Math.max(this.records.startMs[index], this.cycleStartMs[cycle]);
    const to = Math.min(atMs, this.cycleStopMs[cycle]);
    return Math.max(0, to - from);
  }

  private changedProbabilityOver(windowMs: number | undefined): number {
    if (windowMs === undefined) return 0;
    return changedProbability(this.objects, this.changeRatePerSecond, windowMs);
  }

  private requireNow(atMs: number, operation: string): void {
    if (atMs !== this.sim.now) {
      throw new RangeError(`${operation}() acts at the current time ${this.sim.now} ms, got ${atMs} ms`);
    }
  }

  private requireNotFuture(atMs: number): void {
    if (!(atMs <= this.sim.now)) {
      throw new RangeError(`cannot ask about ${atMs} ms: the clock is at ${this.sim.now} ms`);
    }
  }
}

function startCapture(capture: KubeObjectCapture): void {
  capture.startCapture();
}

function finishCapture(capture: KubeObjectCapture): void {
  capture.finishCapture();
}

/**
 * The write load of a disk as a fluid: a rate profile over simulated time,
 * integrated in closed form, and the unique bytes those writes dirty once
 * rewrites of the same blocks coalesce. No event is ever scheduled per write.
 *
 * Units: times in milliseconds of simulated time, rates in bytes per second,
 * sizes in bytes.
 */

import type { WriteProfile } from '../scenarios/schema/write-profile.js';

const MS_PER_SECOND = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const TWO_PI = 2 * Math.PI;

/**
 * How fast a disk is written: the scenario schema's parsed `writeRate`.
 *
 * - `constant`: the same rate all the time.
 * - `diurnal`: rate(t) = mean + (peak - mean) cos(2 pi (t - peakAt) / 24h). The
 *   rate is never negative when 0 <= peak <= 2 mean.
 * - `bursts`: the base rate, except during [offset + k every, offset + k every +
 *   duration) for k >= 0, when the burst rate applies instead. Before the offset
 *   only the base rate applies; a duration >= every means a permanent burst.
 * - `series`: a measured step function: rates[i] during [offset + k period + i
 *   step, offset + k period + (i + 1) step) for every integer k (before the
 *   offset too), period = step x rates.length.
 */
export type { WriteProfile };

/**
 * Checks that a profile describes a finite, never-negative rate; returns what is
 * wrong, or undefined. The integrals below assume it holds.
 */
export function writeProfileProblem(profile: WriteProfile): string | undefined {
  const finite = (...values: number[]) => values.every(Number.isFinite);
  switch (profile.kind) {
    case 'constant':
      if (!finite(profile.bytesPerSecond)) return 'constant write rate must be finite';
      return profile.bytesPerSecond >= 0 ? undefined : 'constant write rate must be >= 0';
    case 'diurnal': {
      const { meanBytesPerSecond: mean, peakBytesPerSecond: peak, peakAtMs } = profile;
      if (!finite(mean, peak, peakAtMs)) return 'diurnal mean, peak and peakAt must be finite';
      return peak >= 0 && peak <= 2 * mean ? undefined : 'diurnal rate would go negative: need 0 <= peak <= 2 * mean';
    }
    case 'bursts': {
      const { baseBytesPerSecond, burstBytesPerSecond, durationMs, everyMs, offsetMs } = profile;
      if (!finite(baseBytesPerSecond, burstBytesPerSecond, durationMs, everyMs, offsetMs)) {
        return 'bursts fields must be finite';
      }
      if (baseBytesPerSecond < 0 || burstBytesPerSecond < 0) return 'bursts rates must be >= 0';
      if (durationMs < 0) return 'bursts duration must be >= 0';
      return everyMs > 0 ? undefined : 'bursts every must be > 0';
    }
    case 'series': {
      const { stepMs, periodMs, offsetMs, bytesPerSecond: rates } = profile;
      if (!finite(stepMs, periodMs, offsetMs, ...rates)) return 'series step, period, offset and rates must be finite';
      if (rates.length === 0) return 'series needs at least one rate';
      if (rates.some((rate) => rate < 0)) return 'series rates must be >= 0';
      if (!(stepMs > 0)) return 'series step must be > 0';
      return periodMs === stepMs * rates.length ? undefined : 'series period must be step x the number of rates';
    }
  }
}

/** The write rate at instant t (bytes per second). */
export function writeRate(profile: WriteProfile, atMs: number): number {
  switch (profile.kind) {
    case 'constant':
      return profile.bytesPerSecond;
    case 'diurnal':
      return (
        profile.meanBytesPerSecond +
        (profile.peakBytesPerSecond - profile.meanBytesPerSecond) * Math.cos((TWO_PI * (atMs - profile.peakAtMs)) / DAY_MS)
      );
    case 'bursts':
      return inBurst(profile, atMs) ? profile.burstBytesPerSecond : profile.baseBytesPerSecond;
    case 'series':
      return profile.bytesPerSecond[seriesPosition(profile, atMs).step];
  }
}

/** Bytes written during [fromMs, toMs]: the closed-form integral of the rate. */
export function bytesWritten(profile: WriteProfile, fromMs: number, toMs: number): number {
  if (!(toMs >= fromMs)) throw new RangeError(`write window ends before it starts: [${fromMs}, ${toMs}]`);
  if (toMs === fromMs) return 0;
  switch (profile.kind) {
    case 'constant':
      return (profile.bytesPerSecond * (toMs - fromMs)) / MS_PER_SECOND;
    case 'diurnal': {
      const { meanBytesPerSecond: mean, peakBytesPerSecond: peak, peakAtMs } = profile;
      // sin(b) - sin(a) = 2 cos((a + b) / 2) sin((b - a) / 2), with both phases
      // taken from the window's middle and length: full precision for windows
      // much shorter than a day.
      const middlePhase = (TWO_PI * ((fromMs + toMs) / 2 - peakAtMs)) / DAY_MS;
      const halfWidthPhase = (Math.PI * (toMs - fromMs)) / DAY_MS;
      const sineDifference = 2 * Math.cos(middlePhase) * Math.sin(halfWidthPhase);
      const swingIntegralMs = ((peak - mean) * DAY_MS * sineDifference) / TWO_PI;
      // Near a zero-rate trough the two terms cancel; rounding must not go below 0.
      return Math.max(0, mean * (toMs - fromMs) + swingIntegralMs) / MS_PER_SECOND;
    }
    case 'bursts': {
      const burstMs = burstTimeBefore(profile, toMs) - burstTimeBefore(profile, fromMs);
      const baseMs = toMs - fromMs - burstMs;
      return (profile.baseBytesPerSecond * baseMs + profile.burstBytesPerSecond * burstMs) / MS_PER_SECOND;
    }
    case 'series':
      return seriesBytesWritten(profile, fromMs, toMs);
  }
}

type SeriesProfile = Extract<WriteProfile, { kind: 'series' }>;

/** Where an instant falls: the whole periods since the offset (may be negative), and the step within the period. */
function seriesPosition(profile: SeriesProfile, atMs: number): { periods: number; step: number; intoStepMs: number } {
  const sinceOffset = atMs - profile.offsetMs;
  const periods = Math.floor(sinceOffset / profile.periodMs);
  const intoPeriod = sinceOffset - periods * profile.periodMs;
  // Rounding can put intoPeriod at periodMs exactly; that instant starts the last step's end.
  const step = Math.min(profile.bytesPerSecond.length - 1, Math.floor(intoPeriod / profile.stepMs));
  return { periods, step, intoStepMs: intoPeriod - step * profile.stepMs };
}

/**
 * Bytes written from the start of a period to the start of each step (index
 * n: the whole period), in bytes. Computed once per rates array: a series
 * profile is immutable, and a run integrates it thousands of times.
 */
const seriesPrefixCache = new WeakMap<readonly number[], Float64Array>();

function seriesPrefix(profile: SeriesProfile): Float64Array {
  let prefix = seriesPrefixCache.get(profile.bytesPerSecond);
  if (!prefix) {
    const rates = profile.bytesPerSecond;
    prefix = new Float64Array(rates.length + 1);
    for (let i = 0; i < rates.length; i++) prefix[i + 1] = prefix[i] + (rates[i] * profile.stepMs) / MS_PER_SECOND;
    seriesPrefixCache.set(rates, prefix);
  }
  return prefix;
}

/**
 * The integral of a step function: with F(t) the bytes written from the
 * offset to t, F(t) = periods x P + prefix[i] + rates[i] x (time into step i),
 * P the bytes of a whole period. A window inside one step is rate x length
 * directly, so short windows far from the offset keep full precision instead
 * of being the difference of two large cumulative sums.
 */
function seriesBytesWritten(profile: SeriesProfile, fromMs: number, toMs: number): number {
  const from = seriesPosition(profile, fromMs);
  const to = seriesPosition(profile, toMs);
  const rates = profile.bytesPerSecond;
  if (from.periods === to.periods && from.step === to.step) return (rates[from.step] * (toMs - fromMs)) / MS_PER_SECOND;
  const prefix = seriesPrefix(profile);
  const periodBytes = prefix[rates.length];
  const fromBytes = prefix[from.step] + (rates[from.step] * from.intoStepMs) / MS_PER_SECOND;
  const toBytes = prefix[to.step] + (rates[to.step] * to.intoStepMs) / MS_PER_SECOND;
  return Math.max(0, (to.periods - from.periods) * periodBytes + toBytes - fromBytes);
}

type BurstsProfile = Extract<WriteProfile, { kind: 'bursts' }>;

function inBurst(profile: BurstsProfile, atMs: number): boolean {
  const sinceOffset = atMs - profile.offsetMs;
  if (sinceOffset < 0) return false;
  return sinceOffset - Math.floor(sinceOffset / profile.everyMs) * profile.everyMs < profile.durationMs;
}

/** Total time spent bursting in [offset, t): whole periods plus the partial one. */
function burstTimeBefore(profile: BurstsProfile, atMs: number): number {
  const sinceOffset = atMs - profile.offsetMs;
  if (sinceOffset <= 0) return 0;
  const burstPerPeriod = Math.min(profile.durationMs, profile.everyMs);
  const wholePeriods = Math.floor(sinceOffset / profile.everyMs);
  const intoPeriod = sinceOffset - wholePeriods * profile.everyMs;
  return wholePeriods * burstPerPeriod + Math.min(intoPeriod, burstPerPeriod);
}

/**
 * What a sync copies for the blocks a delta dirtied.
 * - `extent` (the default): only the bytes actually changed; librbd's deep copy
 *   reads the changed extents inside each changed object.
 * - `object`: whole objects (RBD default 4 MiB) are copied whenever any write of
 *   `ioSize` bytes hit them; a coarser, pessimistic what-if.
 */
export type DirtyGranularity = { kind: 'extent' } | { kind: 'object'; objectSize?: number; ioSize?: number };

export const DEFAULT_OBJECT_SIZE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_IO_SIZE_BYTES = 4096;
const EXTENT: DirtyGranularity = { kind: 'extent' };

/**
 * Unique bytes a sync must copy after `writtenBytes` of uniformly random writes
 * over a working set of W bytes, rewrites of the same block counted once.
 *
 * - extent: each byte of W escapes all writes with probability exp(-written/W),
 *   so the dirtied bytes are W (1 - exp(-written / W)).
 * - object: written / ioSize writes, each landing in a given object with
 *   probability objectSize / W; an object escapes with probability
 *   exp(-(written / ioSize) objectSize / W), so the copied bytes are
 *   W (1 - exp(-(written / ioSize) objectSize / W)), never more than W.
 *
 * `expm1` keeps the result exact when written << W (a short interval on a large
 * disk). W = 0 (or no writes) dirties nothing.
 */
export function uniqueBytesDirtied(
  writtenBytes: number,
  workingSetBytes: number,
  granularity: DirtyGranularity = EXTENT,
): number {
  if (!(writtenBytes >= 0)) throw new RangeError(`written bytes must be >= 0, got ${writtenBytes}`);
  if (!(workingSetBytes >= 0)) throw new RangeError(`working set must be >= 0, got ${workingSetBytes}`);
  if (workingSetBytes === 0 || writtenBytes === 0) return 0;
  let exposure = writtenBytes / workingSetBytes;
  if (granularity.kind === 'object') {
    const objectSize = granularity.objectSize ?? DEFAULT_OBJECT_SIZE_BYTES;
    const ioSize = granularity.ioSize ?? DEFAULT_IO_SIZE_BYTES;
    exposure *= objectSize / ioSize;
  }
  return Math.min(workingSetBytes, -workingSetBytes * Math.expm1(-exposure));
}

/**
 * RBD objects a sync copies for a delta of `writtenBytes` (dirtying
 * `uniqueBytes`) over a working set of W bytes, in objects of `objectSize`:
 * - packed (no random write size): the unique bytes fill whole objects,
 *   ceil(unique / objectSize), the fewest objects they can occupy;
 * - random writes of `randomWriteSize` bytes, uniform over the N = W /
 *   objectSize objects: written / randomWriteSize writes each land in a given
 *   object with probability 1 / N, so N (1 - exp(-writes / N)) objects are
 *   hit (the `object` granularity formula of `uniqueBytesDirtied`), rounded up.
 * Never more than the working set's objects.
 */
export function objectsDirtied(
  writtenBytes: number,
  uniqueBytes: number,
  workingSetBytes: number,
  objectSize: number,
  randomWriteSize?: number,
): number {
  // The slack keeps a float a hair above a whole count from adding an object.
  const ceilObjects = (bytes: number) => Math.max(0, Math.ceil(bytes / objectSize - 1e-9));
  if (randomWriteSize === undefined) return ceilObjects(uniqueBytes);
  const scattered = uniqueBytesDirtied(writtenBytes, workingSetBytes, { kind: 'object', objectSize, ioSize: randomWriteSize });
  return Math.max(ceilObjects(uniqueBytes), ceilObjects(scattered));
}

/** The bytes of one delta: everything written since the previous cut. */
export interface DirtyDelta {
  fromMs: number;
  toMs: number;
  /** Bytes of writes issued in the window (rewrites counted each time). */
  writtenBytes: number;
  /** Bytes the sync must copy (`uniqueBytesDirtied` of `writtenBytes`). */
  uniqueBytes: number;
}

/**
 * The writes to one image, for the replication model: how much was written
 * since the last snapshot cut, in total, or in any window, each in O(1) (O(k)
 * for windows reaching back before the last of k pauses and resumes).
 *
 * The application may stop writing (its site is lost, it is quiesced for a
 * relocate) and start again; `pause` and `resume` record that. Cumulative writes
 * are kept at each such change, so windows reaching back past a pause are exact.
 *
 * When the model merges pending deltas (an intermediate snapshot pruned), it
 * should add their `writtenBytes` and call `uniqueBytesDirtied` on the sum:
 * unique bytes do not add.
 */
export class DirtyTracker {
  /** Instants where writing started or stopped, and the bytes written before each. */
  private readonly changeTimes: number[];
  private readonly writtenAtChange: number[];
  private writing = true;
  private lastCutMs: number;

  constructor(
    readonly profile: WriteProfile,
    readonly workingSetBytes: number,
    readonly granularity: DirtyGranularity = EXTENT,
    readonly startMs = 0,
  ) {
    const problem = writeProfileProblem(profile);
    if (problem) throw new RangeError(problem);
    this.changeTimes = [startMs];
    this.writtenAtChange = [0];
    this.lastCutMs = startMs;
  }

  get isWriting(): boolean {
    return this.writing;
  }

  /** The application stops writing at `atMs` (no-op if already stopped). */
  pause(atMs: number): void {
    if (!this.writing) return;
    this.recordChange(atMs);
    this.writing = false;
  }

  /** The application writes again from `atMs` (no-op if already writing). */
  resume(atMs: number): void {
    if (this.writing) return;
    this.recordChange(atMs);
    this.writing = true;
  }

  /** Bytes written from the start up to `atMs`. */
  totalWrittenBytes(atMs: number): number {
    if (atMs <= this.startMs) return 0;
    const index = this.changeIndexAtOrBefore(atMs);
    const written = this.writtenAtChange[index];
    // Changes alternate writing / paused, starting with writing at index 0.
    const writingAfterChange = index % 2 === 0;
    return writingAfterChange ? written + bytesWritten(this.profile, this.changeTimes[index], atMs) : written;
  }

  /** Bytes written in [fromMs, toMs], e.g. after a recovery point (data lost). */
  writtenBetween(fromMs: number, toMs: number): number {
    if (!(toMs >= fromMs)) throw new RangeError(`write window ends before it starts: [${fromMs}, ${toMs}]`);
    // Differences of cumulative sums may round just below zero.
    return Math.max(0, this.totalWrittenBytes(toMs) - this.totalWrittenBytes(fromMs));
  }

  /** The delta a snapshot taken at `atMs` would hold, without taking it. */
  peek(atMs: number): DirtyDelta {
    const writtenBytes = this.writtenBetween(this.lastCutMs, atMs);
    return {
      fromMs: this.lastCutMs,
      toMs: atMs,
      writtenBytes,
      uniqueBytes: uniqueBytesDirtied(writtenBytes, this.workingSetBytes, this.granularity),
    };
  }

  /** Takes a snapshot at `atMs`: returns its delta and starts the next one. */
  cut(atMs: number): DirtyDelta {
    const delta = this.peek(atMs);
    this.lastCutMs = atMs;
    return delta;
  }

  private recordChange(atMs: number): void {
    const lastTime = this.changeTimes[this.changeTimes.length - 1];
    if (!(atMs >= lastTime)) throw new RangeError(`write state change at ${atMs} before ${lastTime}`);
    this.writtenAtChange.push(this.totalWrittenBytes(atMs));
    this.changeTimes.push(atMs);
  }

  /**
   * Largest index whose change time is <= atMs (atMs >= startMs). A backward
   * scan: an application pauses a handful of times per run, and queries are
   * mostly recent.
   */
  private changeIndexAtOrBefore(atMs: number): number {
    let index = this.changeTimes.length - 1;
    while (index > 0 && this.changeTimes[index] > atMs) index--;
    return index;
  }
}

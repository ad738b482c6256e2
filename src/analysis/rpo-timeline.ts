/**
 * The RPO a failure would see at any instant, computed exactly from the
 * replication timeline instead of sampling failure instants.
 *
 * The recovery point RP(t) of an image is the creation time of its newest fully
 * synced snapshot: a non-decreasing step function that jumps when a sync
 * completes. A failure at t loses everything after RP(t), so its RPO is
 * t - RP(t): a sawtooth rising with slope 1 between completions. Over a window,
 * each constant stretch [a, b) of RP = r contributes the RPO values [a - r, b - r)
 * each for the same time (slope 1), so the time-weighted RPO distribution is a
 * mixture of uniform pieces whose weights are their widths. Everything below
 * (mean, quantiles, fractions of time under a threshold, Ramen's alert
 * fractions) follows exactly from those pieces.
 *
 * Times are milliseconds of simulated time. Step functions are typed arrays;
 * every function here is O(n) or O(n log n) in the number of steps.
 */
import type { RpoOverTime } from './result-schema.js';

/**
 * A recovery point step function: RP(t) = points[i] for times[i] <= t <
 * times[i + 1], undefined (no recovery point yet) before times[0]. Times are
 * strictly increasing and points strictly increasing.
 */
export interface RecoveryPointSteps {
  readonly times: Float64Array;
  readonly points: Float64Array;
}

/**
 * Builds an image's recovery point from its sync completions: at
 * completionTimesMs[i] the snapshot created at creationTimesMs[i] became fully
 * synced. Completions must be in time order (rbd-mirror syncs in order); a
 * completion that does not move the recovery point forward adds no step.
 */
export function recoveryPointSteps(
  completionTimesMs: ArrayLike<number>,
  creationTimesMs: ArrayLike<number>,
): RecoveryPointSteps {
  const n = completionTimesMs.length;
  if (creationTimesMs.length !== n) {
    throw new RangeError(`${n} completion times but ${creationTimesMs.length} creation times`);
  }
  const times = new Float64Array(n);
  const points = new Float64Array(n);
  let count = 0;
  let previousCompletion = -Infinity;
  for (let i = 0; i < n; i++) {
    const completion = completionTimesMs[i];
    const creation = creationTimesMs[i];
    if (!(completion >= previousCompletion)) {
      throw new RangeError(`sync completions out of order at index ${i}: ${completion} after ${previousCompletion}`);
    }
    if (!(creation <= completion)) {
      throw new RangeError(`snapshot created at ${creation} cannot finish syncing at ${completion} (index ${i})`);
    }
    previousCompletion = completion;
    if (count > 0 && creation <= points[count - 1]) continue;
    if (count > 0 && times[count - 1] === completion) {
      points[count - 1] = creation;
    } else {
      times[count] = completion;
      points[count] = creation;
      count++;
    }
  }
  return { times: times.subarray(0, count), points: points.subarray(0, count) };
}

/** Index of the last step at or before t, or -1 if t precedes every step. */
function stepIndexAt(steps: RecoveryPointSteps, atMs: number): number {
  let low = -1;
  let high = steps.times.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (steps.times[middle] <= atMs) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** RP(t); -Infinity before the first sync completes. */
export function recoveryPointAt(steps: RecoveryPointSteps, atMs: number): number {
  const index = stepIndexAt(steps, atMs);
  return index < 0 ? -Infinity : steps.points[index];
}

// ---------------------------------------------------------------------------
// Groups: an application's volumes, a VM's disks

/**
 * A fixed-size tournament tree over k slots, for the smallest value and the
 * slot holding it, updated in O(log k).
 */
class MinTree {
  private readonly size: number;
  private readonly values: Float64Array;
  private readonly slots: Int32Array;

  constructor(count: number, initial: number) {
    let size = 1;
    while (size < count) size *= 2;
    this.size = size;
    this.values = new Float64Array(2 * size).fill(Infinity);
    this.slots = new Int32Array(2 * size);
    for (let i = 0; i < size; i++) this.slots[size + i] = i;
    for (let i = 0; i < count; i++) this.values[size + i] = initial;
    for (let node = size - 1; node >= 1; node--) this.pull(node);
  }

  get min(): number {
    return this.values[1];
  }

  get argmin(): number {
    return this.slots[1];
  }

  set(slot: number, value: number): void {
    let node = this.size + slot;
    this.values[node] = value;
    for (node >>= 1; node >= 1; node >>= 1) this.pull(node);
  }

  private pull(node: number): void {
    const left = 2 * node;
    const right = left + 1;
    const from = this.values[right] < this.values[left] ? right : left;
    this.values[node] = this.values[from];
    this.slots[node] = this.slots[from];
  }
}

/**
 * Walks the union of the members' step times in order; after applying every
 * step at an instant, reports the smallest and largest member recovery point
 * (-Infinity while some member has none yet).
 */
function sweepMembers(
  members: readonly RecoveryPointSteps[],
  visit: (atMs: number, minPoint: number, maxPoint: number) => void,
): void {
  const k = members.length;
  const cursors = new Int32Array(k);
  const nextTimes = new MinTree(k, Infinity);
  const lowest = new MinTree(k, -Infinity);
  const highestNegated = new MinTree(k, Infinity);
  for (let i = 0; i < k; i++) nextTimes.set(i, members[i].times.length > 0 ? members[i].times[0] : Infinity);
  while (nextTimes.min < Infinity) {
    const now = nextTimes.min;
    while (nextTimes.min === now) {
      const member = nextTimes.argmin;
      const steps = members[member];
      const cursor = cursors[member]++;
      lowest.set(member, steps.points[cursor]);
      highestNegated.set(member, -steps.points[cursor]);
      nextTimes.set(member, cursor + 1 < steps.times.length ? steps.times[cursor + 1] : Infinity);
    }
    visit(now, lowest.min, -highestNegated.min);
  }
}

/**
 * The recovery point of a group (Ramen's lastGroupSyncTime): the oldest of its
 * members' at every instant, defined once every member has one.
 */
export function groupRecoveryPoint(members: readonly RecoveryPointSteps[]): RecoveryPointSteps {
  if (members.length === 0) throw new RangeError('a group needs at least one member');
  if (members.length === 1) return members[0];
  let capacity = 0;
  for (const member of members) capacity += member.times.length;
  const times = new Float64Array(capacity);
  const points = new Float64Array(capacity);
  let count = 0;
  sweepMembers(members, (now, minPoint) => {
    if (minPoint === -Infinity || (count > 0 && minPoint <= points[count - 1])) return;
    times[count] = now;
    points[count] = minPoint;
    count++;
  });
  return { times: times.subarray(0, count), points: points.subarray(0, count) };
}

export interface SkewStatistics {
  /** Largest spread (newest minus oldest recovery point) during the window. */
  maxMs: number;
  /** Time-weighted mean spread over the window. */
  meanMs: number;
}

/**
 * How far apart the recovery points of a VM's disks are (they sync
 * independently without a consistency group) over [startMs, endMs]; every
 * disk must have a recovery point at startMs.
 */
export function recoveryPointSkew(
  members: readonly RecoveryPointSteps[],
  startMs: number,
  endMs: number,
): SkewStatistics {
  checkWindow(startMs, endMs);
  if (members.length === 0) throw new RangeError('skew needs at least one member');
  if (endMs === startMs) {
    const pointsAtStart = members.map((member) => recoveryPointAt(member, startMs));
    const oldest = Math.min(...pointsAtStart);
    if (oldest === -Infinity) throw new RangeError(`not every member has a recovery point at ${startMs}`);
    const spread = Math.max(...pointsAtStart) - oldest;
    return { maxMs: spread, meanMs: spread };
  }
  let segmentStart = -Infinity;
  let skew = Number.NaN; // no skew until every member has a recovery point
  let maxMs = 0;
  let weightedSum = 0;
  const close = (segmentEnd: number) => {
    const from = Math.max(segmentStart, startMs);
    const to = Math.min(segmentEnd, endMs);
    if (to > from) {
      if (Number.isNaN(skew)) throw new RangeError(`not every member has a recovery point at ${from}`);
      maxMs = Math.max(maxMs, skew);
      weightedSum += skew * (to - from);
    }
  };
  sweepMembers(members, (now, minPoint, maxPoint) => {
    close(now);
    segmentStart = now;
    skew = minPoint === -Infinity ? Number.NaN : maxPoint - minPoint;
  });
  close(Infinity);
  return { maxMs, meanMs: weightedSum / (endMs - startMs) };
}

// ---------------------------------------------------------------------------
// The time-weighted RPO distribution

/**
 * The RPO over a window as a time-weighted distribution, exact and mergeable.
 *
 * Representation: the density of time per unit of RPO is piecewise constant,
 * an integer (how many uniform pieces cover that RPO value). It is kept as the
 * sorted distinct values where it changes (`breakpoints`) and the change there
 * (`densityChanges`: pieces starting minus pieces ending). Merging two
 * distributions is a sorted merge adding the changes, exact (integers) and
 * independent of the merge order, so images, applications and Monte Carlo runs
 * combine into one mixture weighted by their time, with no approximation.
 *
 * Cost: 16 bytes per breakpoint. A window with n syncs has at most 2n; a merge
 * keeps one per distinct RPO value, so with integer-millisecond times it stays
 * below both 2 x (all syncs merged) and the RPO range in milliseconds (about
 * 10^6 for a 15-minute sawtooth), whichever is smaller. Building one from n
 * steps sorts the 2n piece ends, O(n log n) (about 2 ms for a week of 1-minute
 * syncs); merging is linear per level; queries are O(size).
 *
 * Scalars ride along: the time covered, the integral of RPO over time (for
 * the mean), the maximum, and the time within the interval and in Ramen's
 * alert bands, which depend on each image's own interval and so are computed
 * per image and added.
 */
export interface RpoDistribution {
  readonly breakpoints: Float64Array;
  readonly densityChanges: Float64Array;
  /** Time the distribution covers (the window length, summed over merged parts). */
  readonly totalMs: number;
  /** Integral of RPO over that time, in ms x ms. */
  readonly rpoIntegral: number;
  readonly maxMs: number;
  /** Time with RPO <= the scheduling interval. */
  readonly withinIntervalMs: number;
  /** Time with 2 < ramen_rpo_difference < 3 (VolumeSynchronizationDelay warning). */
  readonly warningMs: number;
  /** Time with ramen_rpo_difference >= 3 (VolumeSynchronizationDelay critical). */
  readonly criticalMs: number;
  /** Some part's backlog grows without bound (see `isBacklogUnbounded`). */
  readonly unbounded: boolean;
  /**
   * Some part's syncs never caught up: its link carries less than the writes
   * change, so pending snapshots merge and the lag settles high but finite
   * (the figures above are its RPO, not a trend).
   */
  readonly saturated: boolean;
}

/** A distribution's scalars: everything but its density. */
export type RpoScalars = Omit<RpoDistribution, 'breakpoints' | 'densityChanges'>;

export const NO_RPO_SCALARS: RpoScalars = Object.freeze({
  totalMs: 0,
  rpoIntegral: 0,
  maxMs: 0,
  withinIntervalMs: 0,
  warningMs: 0,
  criticalMs: 0,
  unbounded: false,
  saturated: false,
});

export const EMPTY_RPO_DISTRIBUTION: RpoDistribution = Object.freeze({
  breakpoints: new Float64Array(0),
  densityChanges: new Float64Array(0),
  ...NO_RPO_SCALARS,
});

/**
 * The RPO over [startMs, endMs] for one image or group: start is protection
 * established (its initial full sync completed, so RP(start) must exist), end
 * is the first disaster or the horizon. `ramen_rpo_difference` is taken as
 * RPO / interval, i.e. with the true lastSyncTime; for the value Ramen observes
 * (refreshed every interval / 2), pass the step function of observed values.
 */
export function rpoDistribution(
  steps: RecoveryPointSteps,
  startMs: number,
  endMs: number,
  intervalMs: number,
  criterion: UnboundedCriterion = DEFAULT_UNBOUNDED_CRITERION,
): RpoDistribution {
  checkWindow(startMs, endMs);
  if (!(intervalMs > 0)) throw new RangeError(`scheduling interval must be > 0, got ${intervalMs}`);
  const first = stepIndexAt(steps, startMs);
  if (first < 0) throw new RangeError(`no recovery point at the window start ${startMs}: protection not established`);
  if (endMs === startMs) return EMPTY_RPO_DISTRIBUTION;

  const { times, points } = steps;
  const pieceCount = stepIndexAt(steps, endMs) - first + 1;
  const lows = new Float64Array(pieceCount);
  const highs = new Float64Array(pieceCount);
  let pieces = 0;
  let rpoIntegral = 0;
  let maxMs = 0;
  for (let j = first; j < times.length && times[j] < endMs; j++) {
    const from = Math.max(times[j], startMs);
    const to = j + 1 < times.length ? Math.min(times[j + 1], endMs) : endMs;
    if (!(to > from)) continue;
    const low = from - points[j];
    const high = to - points[j];
    lows[pieces] = low;
    highs[pieces] = high;
    pieces++;
    rpoIntegral += ((low + high) / 2) * (to - from);
    maxMs = Math.max(maxMs, high);
  }
  const { breakpoints, densityChanges } = breakpointsOfPieces(lows.subarray(0, pieces), highs.subarray(0, pieces));
  const totalMs = endMs - startMs;
  const atMostInterval = timeAtOrBelow(breakpoints, densityChanges, intervalMs);
  const atMostTwice = timeAtOrBelow(breakpoints, densityChanges, 2 * intervalMs);
  const atMostThrice = timeAtOrBelow(breakpoints, densityChanges, 3 * intervalMs);
  return {
    breakpoints,
    densityChanges,
    totalMs,
    rpoIntegral,
    maxMs,
    withinIntervalMs: atMostInterval,
    warningMs: atMostThrice - atMostTwice,
    criticalMs: Math.max(0, totalMs - atMostThrice),
    unbounded: stepsBacklogUnbounded(steps, startMs, endMs, intervalMs, criterion),
    saturated: false,
  };
}

/** Sorts piece ends and turns them into density changes (+1 at a low, -1 at a high). */
function breakpointsOfPieces(lows: Float64Array, highs: Float64Array) {
  lows.sort();
  highs.sort();
  return mergeChanges(lows, null, highs, null, -1);
}

/**
 * Sorted merge of two breakpoint lists, adding their changes; a null change
 * list means +1 at each breakpoint (scaled by `sign` for the second list).
 * Breakpoints whose changes cancel are dropped.
 */
function mergeChanges(
  aPoints: Float64Array,
  aChanges: Float64Array | null,
  bPoints: Float64Array,
  bChanges: Float64Array | null,
  sign: 1 | -1,
): { breakpoints: Float64Array; densityChanges: Float64Array } {
  const capacity = aPoints.length + bPoints.length;
  const breakpoints = new Float64Array(capacity);
  const densityChanges = new Float64Array(capacity);
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < aPoints.length || j < bPoints.length) {
    const takeA = j >= bPoints.length || (i < aPoints.length && aPoints[i] <= bPoints[j]);
    let point: number;
    let change: number;
    if (takeA) {
      point = aPoints[i];
      change = aChanges ? aChanges[i] : 1;
      i++;
    } else {
      point = bPoints[j];
      change = sign * (bChanges ? bChanges[j] : 1);
      j++;
    }
    if (count > 0 && breakpoints[count - 1] === point) {
      densityChanges[count - 1] += change;
      if (densityChanges[count - 1] === 0) count--;
    } else {
      breakpoints[count] = point;
      densityChanges[count] = change;
      count++;
    }
  }
  return { breakpoints: breakpoints.subarray(0, count), densityChanges: densityChanges.subarray(0, count) };
}

/** Time with RPO <= x: the integral of the density up to x. */
function timeAtOrBelow(breakpoints: Float64Array, densityChanges: Float64Array, x: number): number {
  let time = 0;
  let density = 0;
  for (let k = 0; k < breakpoints.length; k++) {
    if (breakpoints[k] >= x) return time + density * (x - (k > 0 ? breakpoints[k - 1] : x));
    if (k > 0) time += density * (breakpoints[k] - breakpoints[k - 1]);
    density += densityChanges[k];
  }
  return time; // the density is 0 past the last breakpoint
}

/**
 * One distribution for many images, applications or runs: the time-weighted
 * mixture. Breakpoints merge pairwise in a balanced tree (O(N log m) for m
 * parts of total size N); scalars add in the given order, so a fixed order
 * (run order) gives bit-identical results.
 */
export function mergeRpoDistributions(parts: readonly RpoDistribution[]): RpoDistribution {
  if (parts.length === 0) return EMPTY_RPO_DISTRIBUTION;
  return { ...mergeRpoShapes(parts), ...parts.reduce(addRpoScalars, NO_RPO_SCALARS) };
}

/** The scalars of a mixture of two parts; folded in a fixed order (run order), bit-identical. */
export function addRpoScalars(sum: RpoScalars, part: RpoScalars): RpoScalars {
  return {
    totalMs: sum.totalMs + part.totalMs,
    rpoIntegral: sum.rpoIntegral + part.rpoIntegral,
    maxMs: Math.max(sum.maxMs, part.maxMs),
    withinIntervalMs: sum.withinIntervalMs + part.withinIntervalMs,
    warningMs: sum.warningMs + part.warningMs,
    criticalMs: sum.criticalMs + part.criticalMs,
    unbounded: sum.unbounded || part.unbounded,
    saturated: sum.saturated || part.saturated,
  };
}

/** The piecewise-constant density of a distribution, without its scalars. */
export interface RpoShape {
  readonly breakpoints: Float64Array;
  readonly densityChanges: Float64Array;
}

/**
 * The density of a mixture: the parts' breakpoints merged pairwise in a
 * balanced tree, adding their changes. The changes are integers, so the
 * result is exact and the same whatever the order or grouping of the parts:
 * runs can be merged in the order they finish, in any batches.
 */
export function mergeRpoShapes(parts: readonly RpoShape[]): RpoShape {
  if (parts.length === 0) return { breakpoints: EMPTY_RPO_DISTRIBUTION.breakpoints, densityChanges: EMPTY_RPO_DISTRIBUTION.densityChanges };
  let level = parts.map((part) => ({ breakpoints: part.breakpoints, densityChanges: part.densityChanges }));
  while (level.length > 1) {
    const next: typeof level = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      const a = level[i];
      const b = level[i + 1];
      next.push(mergeChanges(a.breakpoints, a.densityChanges, b.breakpoints, b.densityChanges, 1));
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

/** Time-weighted mean RPO (0 for an empty distribution). */
export function rpoMean(distribution: RpoDistribution): number {
  return distribution.totalMs > 0 ? distribution.rpoIntegral / distribution.totalMs : 0;
}

/** Fraction of the time with RPO <= x. */
export function rpoFractionWithin(distribution: RpoDistribution, xMs: number): number {
  if (distribution.totalMs === 0) return 0;
  return Math.min(1, timeAtOrBelow(distribution.breakpoints, distribution.densityChanges, xMs) / distribution.totalMs);
}

/**
 * The q-quantile (0 <= q <= 1) of the time-weighted RPO: the smallest x with
 * fraction of time at or below x >= q, found by inverting the piecewise-linear
 * CDF. q = 0 gives the smallest RPO seen, q = 1 the largest; 0 when empty.
 */
export function rpoQuantile(distribution: RpoDistribution, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
  const { breakpoints, densityChanges, totalMs } = distribution;
  if (totalMs === 0 || breakpoints.length === 0) return 0;
  const target = q * totalMs;
  let time = 0;
  let density = 0;
  for (let k = 0; k + 1 < breakpoints.length; k++) {
    density += densityChanges[k];
    if (density <= 0) continue;
    const width = breakpoints[k + 1] - breakpoints[k];
    if (time + density * width >= target) {
      return Math.min(breakpoints[k + 1], breakpoints[k] + Math.max(0, target - time) / density);
    }
    time += density * width;
  }
  return breakpoints[breakpoints.length - 1];
}

/** Per-image or aggregate RPO statistics, in milliseconds and fractions of time. */
export interface RpoStatistics {
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  fractionWithinInterval: number;
  alertWarningFraction: number;
  alertCriticalFraction: number;
  unbounded: boolean;
  saturated: boolean;
  totalMs: number;
}

export function rpoStatistics(distribution: RpoDistribution): RpoStatistics {
  const { totalMs } = distribution;
  const fraction = (time: number) => (totalMs > 0 ? Math.min(1, time / totalMs) : 0);
  return {
    meanMs: rpoMean(distribution),
    p50Ms: rpoQuantile(distribution, 0.5),
    p90Ms: rpoQuantile(distribution, 0.9),
    p95Ms: rpoQuantile(distribution, 0.95),
    p99Ms: rpoQuantile(distribution, 0.99),
    maxMs: distribution.maxMs,
    fractionWithinInterval: fraction(distribution.withinIntervalMs),
    alertWarningFraction: fraction(distribution.warningMs),
    alertCriticalFraction: fraction(distribution.criticalMs),
    unbounded: distribution.unbounded,
    saturated: distribution.saturated,
    totalMs,
  };
}

/**
 * The result contract's `rpoOverTime`, in seconds. An unbounded backlog has no
 * finite RPO to report: its RPO statistics are null. An empty window (no time
 * between protection and the first disaster) reports zeros.
 */
export function toRpoOverTime(distribution: RpoDistribution): RpoOverTime {
  const statistics = rpoStatistics(distribution);
  const seconds = (ms: number) => (statistics.unbounded ? null : ms / 1000);
  return {
    mean: seconds(statistics.meanMs),
    p50: seconds(statistics.p50Ms),
    p90: seconds(statistics.p90Ms),
    p95: seconds(statistics.p95Ms),
    p99: seconds(statistics.p99Ms),
    max: seconds(statistics.maxMs),
    fractionWithinInterval: statistics.fractionWithinInterval,
    alertWarningFraction: statistics.alertWarningFraction,
    alertCriticalFraction: statistics.alertCriticalFraction,
    unbounded: statistics.unbounded,
    saturated: statistics.saturated,
  };
}

// ---------------------------------------------------------------------------
// Unbounded backlog

/**
 * When a sync backlog counts as growing without bound. Over the second half of
 * the observed span, the least-squares slope of the lag against time must
 * exceed `minSlope` (ms of lag gained per ms elapsed; 0.01 is 14 minutes a
 * day), and the last lag must exceed `minFinalLagIntervals` intervals. A
 * steady sawtooth has a slope near 0 and a lag below interval + longest sync,
 * so it never qualifies; an under-provisioned link (mean sync time s > I)
 * gains lag at about 1 - I / s, and a stalled one at 1.
 */
export interface UnboundedCriterion {
  minSlope: number;
  minFinalLagIntervals: number;
}

export const DEFAULT_UNBOUNDED_CRITERION: UnboundedCriterion = Object.freeze({
  minSlope: 0.01,
  minFinalLagIntervals: 3,
});

/** Streaming least squares of lag on time, times centred for precision. */
class LagTrend {
  private n = 0;
  private sumT = 0;
  private sumLag = 0;
  private sumTT = 0;
  private sumTLag = 0;
  lastLag = 0;

  constructor(private readonly originMs: number) {}

  add(atMs: number, lagMs: number): void {
    const t = atMs - this.originMs;
    this.n++;
    this.sumT += t;
    this.sumLag += lagMs;
    this.sumTT += t * t;
    this.sumTLag += t * lagMs;
    this.lastLag = lagMs;
  }

  verdict(intervalMs: number, criterion: UnboundedCriterion): boolean {
    const spread = this.n * this.sumTT - this.sumT * this.sumT;
    if (this.n < 2 || !(spread > 0)) return false;
    const slope = (this.n * this.sumTLag - this.sumT * this.sumLag) / spread;
    return slope > criterion.minSlope && this.lastLag > criterion.minFinalLagIntervals * intervalMs;
  }
}

/**
 * Decides from lag samples (timeMs[i], lagMs[i]) whether the backlog grows
 * without bound; lag is the RPO at that instant (t - RP(t)). Samples must be in
 * time order; only those in the second half of their span count.
 */
export function isBacklogUnbounded(
  timesMs: ArrayLike<number>,
  lagsMs: ArrayLike<number>,
  intervalMs: number,
  criterion: UnboundedCriterion = DEFAULT_UNBOUNDED_CRITERION,
): boolean {
  const n = timesMs.length;
  if (lagsMs.length !== n) throw new RangeError(`${n} sample times but ${lagsMs.length} lags`);
  if (n < 2) return false;
  const middle = (timesMs[0] + timesMs[n - 1]) / 2;
  const trend = new LagTrend(middle);
  for (let i = 0; i < n; i++) if (timesMs[i] >= middle) trend.add(timesMs[i], lagsMs[i]);
  return trend.verdict(intervalMs, criterion);
}

/**
 * `isBacklogUnbounded` on a step function over [startMs, endMs], sampling the
 * sawtooth at the middle of the window, at each peak (just before every jump
 * of the recovery point) after it, and at the end. With no jump in the second
 * half the samples rise with slope 1: the backlog is stalled.
 */
export function stepsBacklogUnbounded(
  steps: RecoveryPointSteps,
  startMs: number,
  endMs: number,
  intervalMs: number,
  criterion: UnboundedCriterion = DEFAULT_UNBOUNDED_CRITERION,
): boolean {
  checkWindow(startMs, endMs);
  const middle = (startMs + endMs) / 2;
  let index = stepIndexAt(steps, middle);
  if (index < 0) throw new RangeError(`no recovery point at ${middle}`);
  const trend = new LagTrend(middle);
  trend.add(middle, middle - steps.points[index]);
  const { times, points } = steps;
  for (index++; index < times.length && times[index] <= endMs; index++) {
    trend.add(times[index], times[index] - points[index - 1]);
  }
  trend.add(endMs, endMs - points[index - 1]);
  return trend.verdict(intervalMs, criterion);
}

function checkWindow(startMs: number, endMs: number): void {
  if (!(endMs >= startMs)) throw new RangeError(`window ends before it starts: [${startMs}, ${endMs}]`);
}

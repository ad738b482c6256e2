/**
 * Summaries over Monte Carlo runs: the mean, percentiles and maximum of the
 * result contract.
 *
 * Percentiles use linear interpolation between order statistics (Hyndman and
 * Fan type 7, the default of R, NumPy and Excel's PERCENTILE.INC): with n sorted
 * values x[0..n-1], the p-th percentile sits at position h = (n - 1) p / 100 and
 * is x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). So p = 0 is the
 * minimum, p = 100 the maximum, and one value is its own every percentile.
 *
 * An empty input (no run produced the quantity, e.g. no failover happened)
 * summarizes to all zeros, so the contract always holds numbers. Values must be
 * finite: an unbounded quantity has to be reported as such, not averaged.
 */
import type { Summary } from './result-schema.js';

/** The p-th percentile (0 <= p <= 100) of the values, type 7; 0 when empty. */
export function percentile(values: ArrayLike<number>, p: number): number {
  return percentileOfSorted(sortedCopy(values), p);
}

/** Mean, p50, p90, p95, p99 and max of the values; all zeros when empty. */
export function summarize(values: ArrayLike<number>): Summary {
  const sorted = sortedCopy(values);
  const n = sorted.length;
  if (n === 0) return { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const max = sorted[n - 1];
  // Rounding can put the mean of equal values an ulp outside [min, max].
  const mean = Math.min(max, Math.max(sorted[0], sum / n));
  return {
    mean,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max,
  };
}

/** Type 7 percentile of already sorted values (ascending). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  const n = sorted.length;
  if (n === 0) return 0;
  const position = ((n - 1) * p) / 100;
  const below = Math.floor(position);
  if (below >= n - 1) return sorted[n - 1];
  const low = sorted[below];
  const high = sorted[below + 1];
  // Clamped so that rounding never lets a percentile pass the next order statistic.
  return Math.min(high, low + (position - below) * (high - low));
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values);
  for (let i = 0; i < sorted.length; i++) {
    if (!Number.isFinite(sorted[i])) throw new RangeError(`cannot summarize a non-finite value (${sorted[i]}) at index ${i}`);
  }
  return sorted.sort();
}

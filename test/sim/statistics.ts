/**
 * Tolerances for checking samples against closed forms, derived from the
 * sampling error rather than picked by hand. Every check allows CHECK_Z
 * standard errors: a false alarm has probability below 1e-6 per check (the
 * seeds are fixed anyway, so a test either always passes or always fails).
 */
export const CHECK_Z = 5;

/** Probability that a DKW check raises a false alarm. */
export const DKW_FALSE_ALARM = 1e-6;

export function sampleMean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < values.length; index++) sum += values[index];
  return sum / values.length;
}

/** CHECK_Z standard errors of the mean of n draws with this variance. */
export function meanTolerance(variance: number, n: number): number {
  return CHECK_Z * Math.sqrt(variance / n);
}

/** CHECK_Z standard errors of the fraction of n draws below the p-quantile. */
export function proportionTolerance(p: number, n: number): number {
  return CHECK_Z * Math.sqrt((p * (1 - p)) / n);
}

/**
 * Dvoretzky-Kiefer-Wolfowitz (with Massart's constant): the empirical CDF of
 * n draws stays within this distance of the true CDF everywhere, except with
 * probability DKW_FALSE_ALARM.
 */
export function dkwBound(n: number): number {
  return Math.sqrt(Math.log(2 / DKW_FALSE_ALARM) / (2 * n));
}

/** Fraction of the sorted values that are <= x. */
export function fractionAtOrBelow(sorted: Float64Array, x: number): number {
  return countWhile(sorted, (value) => value <= x) / sorted.length;
}

/** Fraction of the sorted values that are < x. */
export function fractionBelow(sorted: Float64Array, x: number): number {
  return countWhile(sorted, (value) => value < x) / sorted.length;
}

/** Length of the sorted prefix whose values pass `test` (binary search). */
function countWhile(sorted: Float64Array, test: (value: number) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (test(sorted[middle])) low = middle + 1;
    else high = middle;
  }
  return low;
}

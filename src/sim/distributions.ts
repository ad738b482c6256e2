/**
 * The random quantities a scenario can name, as plain data, with samplers and
 * their closed forms (mean and quantile) used by tests and analysis.
 *
 * Units are whatever the caller uses (drsim passes milliseconds or bytes).
 */
import type { RandomStream } from './random.js';
import { standardExponential } from './ziggurat.js';

export type Distribution =
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exponential'; mean: number }
  /** Given by its median and 95th percentile, the way people estimate durations. */
  | { kind: 'lognormal'; median: number; p95: number }
  /** Observed values; sampled from their piecewise-linear empirical CDF. */
  | { kind: 'empirical'; values: readonly number[] };

/** z such that P(N(0,1) <= z) = 0.95. */
export const Z95 = 1.6448536269514722;

export function lognormalParameters(median: number, p95: number): { mu: number; sigma: number } {
  const mu = Math.log(median);
  return { mu, sigma: (Math.log(p95) - mu) / Z95 };
}

/** Checks the parameters, naming the one at fault. */
export function validateDistribution(distribution: Distribution): string | undefined {
  switch (distribution.kind) {
    case 'constant':
      return Number.isFinite(distribution.value) ? undefined : 'constant value must be finite';
    case 'uniform':
      if (!Number.isFinite(distribution.min) || !Number.isFinite(distribution.max)) return 'uniform bounds must be finite';
      return distribution.min <= distribution.max ? undefined : 'uniform needs min <= max';
    case 'exponential':
      return distribution.mean > 0 && Number.isFinite(distribution.mean) ? undefined : 'exponential mean must be > 0';
    case 'lognormal':
      if (!(distribution.median > 0)) return 'lognormal median must be > 0';
      return distribution.p95 >= distribution.median && Number.isFinite(distribution.p95)
        ? undefined
        : 'lognormal p95 must be >= median';
    case 'empirical':
      if (distribution.values.length === 0) return 'empirical needs at least one value';
      return distribution.values.every(Number.isFinite) ? undefined : 'empirical values must be finite';
  }
}

export type Sampler = (stream: RandomStream) => number;

/** Compiles a distribution into a sampler (parameters precomputed once). */
export function sampler(distribution: Distribution): Sampler {
  const problem = validateDistribution(distribution);
  if (problem) throw new RangeError(problem);
  switch (distribution.kind) {
    case 'constant': {
      const value = distribution.value;
      return () => value;
    }
    case 'uniform': {
      const { min, max } = distribution;
      const width = max - min;
      return (stream) => min + width * stream.next();
    }
    case 'exponential': {
      const mean = distribution.mean;
      return (stream) => mean * standardExponential(stream);
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(distribution.median, distribution.p95);
      return (stream) => Math.exp(mu + sigma * standardNormal(stream));
    }
    case 'empirical': {
      const sorted = [...distribution.values].sort((a, b) => a - b);
      return (stream) => empiricalQuantile(sorted, stream.next());
    }
  }
}

export function sample(distribution: Distribution, stream: RandomStream): number {
  return sampler(distribution)(stream);
}

/** Box-Muller; two uniforms per normal keeps each draw independent of history. */
function standardNormal(stream: RandomStream): number {
  const u1 = 1 - stream.next(); // (0, 1]
  const u2 = stream.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function empiricalQuantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 1) return sorted[0];
  const position = p * (sorted.length - 1);
  const index = Math.floor(position);
  if (index >= sorted.length - 1) return sorted[sorted.length - 1];
  const fraction = position - index;
  return sorted[index] + fraction * (sorted[index + 1] - sorted[index]);
}

export function mean(distribution: Distribution): number {
  switch (distribution.kind) {
    case 'constant':
      return distribution.value;
    case 'uniform':
      return (distribution.min + distribution.max) / 2;
    case 'exponential':
      return distribution.mean;
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(distribution.median, distribution.p95);
      return Math.exp(mu + (sigma * sigma) / 2);
    }
    case 'empirical': {
      const sorted = [...distribution.values].sort((a, b) => a - b);
      if (sorted.length === 1) return sorted[0];
      let area = 0;
      for (let i = 0; i + 1 < sorted.length; i++) area += (sorted[i] + sorted[i + 1]) / 2;
      return area / (sorted.length - 1);
    }
  }
}

/** Closed-form variance; with mean(), what a sample mean's standard error is made of. */
export function variance(distribution: Distribution): number {
  switch (distribution.kind) {
    case 'constant':
      return 0;
    case 'uniform':
      return (distribution.max - distribution.min) ** 2 / 12;
    case 'exponential':
      return distribution.mean ** 2;
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(distribution.median, distribution.p95);
      return Math.expm1(sigma * sigma) * Math.exp(2 * mu + sigma * sigma);
    }
    case 'empirical': {
      // An equal-weight mixture of uniforms over the gaps between sorted values.
      const sorted = [...distribution.values].sort((a, b) => a - b);
      if (sorted.length === 1) return 0;
      let secondMoment = 0;
      for (let i = 0; i + 1 < sorted.length; i++) {
        const low = sorted[i];
        const high = sorted[i + 1];
        secondMoment += (low * low + low * high + high * high) / 3;
      }
      return secondMoment / (sorted.length - 1) - mean(distribution) ** 2;
    }
  }
}

/** The p-quantile (0 <= p <= 1). */
export function quantile(distribution: Distribution, p: number): number {
  switch (distribution.kind) {
    case 'constant':
      return distribution.value;
    case 'uniform':
      return distribution.min + p * (distribution.max - distribution.min);
    case 'exponential':
      return -distribution.mean * Math.log(1 - p);
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(distribution.median, distribution.p95);
      return Math.exp(mu + sigma * inverseStandardNormal(p));
    }
    case 'empirical':
      return empiricalQuantile(
        [...distribution.values].sort((a, b) => a - b),
        p,
      );
  }
}

/** Smallest value the distribution can take (its support's lower end). */
export function minimum(distribution: Distribution): number {
  switch (distribution.kind) {
    case 'constant':
      return distribution.value;
    case 'uniform':
      return distribution.min;
    case 'exponential':
    case 'lognormal':
      return 0;
    case 'empirical':
      return Math.min(...distribution.values);
  }
}

/** Acklam's rational approximation (relative error < 1.2e-9). */
export function inverseStandardNormal(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

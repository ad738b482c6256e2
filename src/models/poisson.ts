/**
 * Counting helpers for changes that arrive as a Poisson process spread
 * uniformly over a population (kube objects of an application).
 *
 * With a total change rate `rate` over `population` items, each item changes
 * at rate rate/population, so over `dt` it has changed at least once with
 * probability 1 - exp(-rate * dt / population), independently of the others:
 * the number of distinct items changed is Binomial(population, that p).
 */
import { inverseStandardNormal, type RandomStream } from '../sim/index.js';

/**
 * Below this expected count of the rarer outcome (n * min(p, 1 - p)) the
 * binomial is sampled exactly by inversion, which walks about that many terms;
 * at or above it the normal approximation with continuity correction is used
 * (its variance is then at least INVERSION_LIMIT / 2, where the normal is
 * accurate to well under one count), so a draw costs O(1) for any population.
 */
export const BINOMIAL_INVERSION_LIMIT = 30;

/** Probability that one item of `population` changed at least once in `durationMs`. */
export function changedProbability(population: number, ratePerSecond: number, durationMs: number): number {
  if (population <= 0 || ratePerSecond <= 0 || durationMs <= 0) return 0;
  // -expm1 keeps precision when the expected changes per item are tiny.
  return -Math.expm1((-ratePerSecond * durationMs) / 1000 / population);
}

/** Expected number of distinct items changed in `durationMs` (the binomial mean). */
export function expectedDistinctChanged(population: number, ratePerSecond: number, durationMs: number): number {
  return population * changedProbability(population, ratePerSecond, durationMs);
}

/**
 * A Binomial(trials, probability) draw. Always consumes exactly one uniform
 * from `stream`, and the result never decreases as that uniform grows, so two
 * variants of a scenario sharing the stream (common random numbers) see
 * coupled counts: a longer window never samples fewer changes.
 */
export function sampleBinomial(trials: number, probability: number, stream: RandomStream): number {
  const uniform = stream.next();
  if (!(trials > 0) || !(probability > 0)) return 0;
  if (probability >= 1) return trials;
  const rare = Math.min(probability, 1 - probability);
  if (trials * rare < BINOMIAL_INVERSION_LIMIT) {
    // Invert the rarer side; mirror the uniform too so the result stays monotone in it.
    return rare === probability
      ? binomialByInversion(trials, rare, uniform)
      : trials - binomialByInversion(trials, rare, 1 - uniform);
  }
  const mean = trials * probability;
  const sd = Math.sqrt(mean * (1 - probability));
  // Rounding to the nearest integer is the continuity correction.
  const draw = Math.round(mean + sd * inverseStandardNormal(uniform));
  return Math.min(trials, Math.max(0, draw));
}

/** Smallest x with P(X <= x) > uniform, walking the pmf from 0; needs trials * p small. */
function binomialByInversion(trials: number, p: number, uniform: number): number {
  const oddsRatio = p / (1 - p);
  // (1-p)^n >= exp(-2 * INVERSION_LIMIT) here, so it never underflows.
  let term = Math.pow(1 - p, trials);
  let remaining = uniform;
  let x = 0;
  // Rounding can leave `remaining` above every term at the far tail: stop at n.
  while (remaining >= term && x < trials) {
    remaining -= term;
    term *= ((trials - x) / (x + 1)) * oddsRatio;
    x++;
  }
  return x;
}

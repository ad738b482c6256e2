import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { percentile, percentileOfSorted, summarize } from '../../src/analysis/stats.js';
import { SummarySchema } from '../../src/analysis/result-schema.js';

/** Textbook type 7: sort, position (n - 1) p, interpolate linearly. */
function referencePercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * (p / 100);
  const lower = sorted[Math.floor(h)];
  const upper = sorted[Math.ceil(h)];
  return lower + (h - Math.floor(h)) * (upper - lower);
}

const finiteValues = fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 300 });

describe('percentile', () => {
  it('interpolates between order statistics (type 7)', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 0, 20], 25)).toBe(5);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 100)).toBe(3);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
    // 11 values: p90 is exactly the 10th order statistic.
    expect(percentile([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });

  it('rejects a percentile outside [0, 100] and non-finite values', () => {
    expect(() => percentile([1, 2], 101)).toThrow(RangeError);
    expect(() => percentile([1, 2], Number.NaN)).toThrow(RangeError);
    expect(() => percentile([1, Number.POSITIVE_INFINITY], 50)).toThrow(/non-finite/);
    expect(() => summarize([Number.NaN])).toThrow(/non-finite/);
  });

  it('agrees with a reference implementation', () => {
    fc.assert(
      fc.property(finiteValues, fc.double({ min: 0, max: 100, noNaN: true }), (values, p) => {
        const expected = referencePercentile(values, p);
        const scale = Math.max(1, ...values.map(Math.abs));
        expect(Math.abs(percentile(values, p) - expected)).toBeLessThanOrEqual(1e-12 * scale);
      }),
    );
  });

  it('accepts typed arrays, sorted or not', () => {
    expect(percentileOfSorted(new Float64Array([1, 2, 4]), 75)).toBe(3);
    expect(percentile(new Float64Array([4, 1, 2]), 75)).toBe(3);
  });
});

describe('summarize', () => {
  it('gives all zeros for no values', () => {
    expect(summarize([])).toEqual({ mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });
  });

  it('summarizes 1..100', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(values)).toEqual({ mean: 50.5, p50: 50.5, p90: 90.1, p95: 95.05, p99: 99.01, max: 100 });
  });

  it('agrees with a reference implementation and satisfies the contract', () => {
    fc.assert(
      fc.property(finiteValues, (values) => {
        const summary = summarize(values);
        const scale = Math.max(1, ...values.map(Math.abs));
        const reference = {
          mean: values.reduce((a, b) => a + b, 0) / values.length,
          p50: referencePercentile(values, 50),
          p90: referencePercentile(values, 90),
          p95: referencePercentile(values, 95),
          p99: referencePercentile(values, 99),
          max: Math.max(...values),
        };
        for (const key of Object.keys(reference) as (keyof typeof reference)[]) {
          expect(Math.abs(summary[key] - reference[key])).toBeLessThanOrEqual(1e-9 * scale);
        }
        expect(SummarySchema.safeParse(summary).success).toBe(true);
      }),
    );
  });

  it('keeps the mean of equal values within them despite rounding', () => {
    const summary = summarize([0.1, 0.1, 0.1]);
    expect(summary.mean).toBeLessThanOrEqual(summary.max);
    expect(SummarySchema.safeParse(summary).success).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import {
  RandomStreams,
  Z95,
  inverseStandardNormal,
  mean,
  minimum,
  quantile,
  sample,
  sampler,
  validateDistribution,
  variance,
  type Distribution,
} from '../../src/sim/index.js';
import { standardExponential } from '../../src/sim/ziggurat.js';
import { dkwBound, fractionAtOrBelow, fractionBelow, meanTolerance, proportionTolerance, sampleMean } from './statistics.js';

const SAMPLES = 200_000;
const PROBABILITIES = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

function draw(distribution: Distribution, n: number, streamName: string): Float64Array {
  const stream = new RandomStreams(20_240_601, 0).stream(streamName);
  const next = sampler(distribution);
  const values = new Float64Array(n);
  for (let index = 0; index < n; index++) values[index] = next(stream);
  return values.sort();
}

const cases: { name: string; distribution: Distribution }[] = [
  { name: 'uniform', distribution: { kind: 'uniform', min: 2_000, max: 9_000 } },
  { name: 'exponential', distribution: { kind: 'exponential', mean: 500 } },
  // A duration known by its median (30 s) and its 95th percentile (2 min).
  { name: 'lognormal', distribution: { kind: 'lognormal', median: 30_000, p95: 120_000 } },
  { name: 'empirical', distribution: { kind: 'empirical', values: [40, 10, 10, 25, 90, 60, 15] } },
];

describe.each(cases)('$name distribution against its closed forms', ({ name, distribution }) => {
  const values = draw(distribution, SAMPLES, name);

  it('has the closed-form mean, within 5 standard errors', () => {
    expect(Math.abs(sampleMean(values) - mean(distribution))).toBeLessThanOrEqual(
      meanTolerance(variance(distribution), SAMPLES),
    );
  });

  it('has the closed-form variance, within 5 standard errors', () => {
    const center = mean(distribution);
    const squares = values.map((value) => (value - center) ** 2);
    // The variance of a squared deviation is the fourth central moment minus the variance squared.
    const fourth = sampleMean(squares.map((square) => square * square));
    expect(Math.abs(sampleMean(squares) - variance(distribution))).toBeLessThanOrEqual(
      meanTolerance(fourth - variance(distribution) ** 2, SAMPLES),
    );
  });

  it.each(PROBABILITIES)('has its sample %f-quantile where the closed form puts it', (p) => {
    // The sample p-quantile must lie between the true quantiles at p -/+ 5 standard errors of a proportion.
    const tolerance = proportionTolerance(p, SAMPLES);
    const sampleQuantile = values[Math.floor(p * SAMPLES)];
    expect(sampleQuantile).toBeGreaterThanOrEqual(quantile(distribution, p - tolerance));
    expect(sampleQuantile).toBeLessThanOrEqual(quantile(distribution, p + tolerance));
  });

  it('matches the closed-form CDF everywhere within the DKW bound', () => {
    // At x = q(p) the true CDF is >= p and just below x it is <= p (equal unless x is an atom).
    const bound = dkwBound(SAMPLES);
    for (let permille = 1; permille < 1000; permille++) {
      const p = permille / 1000;
      const x = quantile(distribution, p);
      expect(fractionAtOrBelow(values, x)).toBeGreaterThanOrEqual(p - bound);
      expect(fractionBelow(values, x)).toBeLessThanOrEqual(p + bound);
    }
  });

  it('never goes below its minimum', () => {
    expect(values[0]).toBeGreaterThanOrEqual(minimum(distribution));
  });
});

describe('lognormal given by median and p95', () => {
  const distribution: Distribution = { kind: 'lognormal', median: 4_000, p95: 30_000 };

  it('has exactly that median and p95 in closed form', () => {
    // Up to the 1e-9 accuracy of the inverse normal CDF.
    expect(quantile(distribution, 0.5) / 4_000 - 1).toBeCloseTo(0, 9);
    expect(quantile(distribution, 0.95) / 30_000 - 1).toBeCloseTo(0, 8);
  });

  it('puts half of its draws below the median and 95% below the p95', () => {
    const values = draw(distribution, SAMPLES, 'lognormal-given');
    for (const [p, x] of [
      [0.5, 4_000],
      [0.95, 30_000],
    ] as const) {
      expect(Math.abs(fractionAtOrBelow(values, x) - p)).toBeLessThanOrEqual(proportionTolerance(p, SAMPLES));
    }
  });

  it('degenerates to its median when p95 equals it', () => {
    const flat: Distribution = { kind: 'lognormal', median: 700, p95: 700 };
    expect(draw(flat, 10, 'flat').every((value) => Math.abs(value - 700) < 1e-9)).toBe(true);
    expect(variance(flat)).toBe(0);
  });
});

describe('empirical distribution', () => {
  it('has the mean and quantiles of its piecewise-linear CDF, computed by hand', () => {
    const distribution: Distribution = { kind: 'empirical', values: [30, 10, 20] };
    // Two gaps, [10, 20] and [20, 30], each with half the mass.
    expect(mean(distribution)).toBe(20);
    expect(variance(distribution)).toBeCloseTo(100 / 3, 10);
    expect(quantile(distribution, 0.25)).toBe(15);
    expect(quantile(distribution, 0.5)).toBe(20);
    expect(quantile(distribution, 1)).toBe(30);
    expect(minimum(distribution)).toBe(10);
  });

  it('always returns the value when there is only one', () => {
    const distribution: Distribution = { kind: 'empirical', values: [42] };
    expect(draw(distribution, 100, 'single').every((value) => value === 42)).toBe(true);
    expect([mean(distribution), variance(distribution), quantile(distribution, 0.3)]).toEqual([42, 0, 42]);
  });
});

describe('ziggurat exponential', () => {
  const n = 1_000_000;
  const stream = new RandomStreams(7, 3).stream('ziggurat');
  const values = new Float64Array(n);
  for (let index = 0; index < n; index++) values[index] = standardExponential(stream);
  values.sort();
  const tailStart = 7.697117470131487;

  it('matches the exponential CDF within the DKW bound over a million draws, wedges included', () => {
    let largestGap = 0;
    for (let index = 0; index < n; index += 97) {
      const x = values[index];
      const below = fractionAtOrBelow(values, x);
      largestGap = Math.max(largestGap, Math.abs(below - (1 - Math.exp(-x))));
    }
    expect(largestGap).toBeLessThanOrEqual(dkwBound(n));
  });

  it('reaches the tail beyond the last layer as often as e^-r, and is memoryless there', () => {
    const tail = values.filter((value) => value > tailStart);
    const expectedShare = Math.exp(-tailStart);
    expect(Math.abs(tail.length / n - expectedShare)).toBeLessThanOrEqual(proportionTolerance(expectedShare, n));
    // Beyond r the excess is again Exp(1): mean 1, standard deviation 1.
    expect(Math.abs(sampleMean(tail.map((value) => value - tailStart)) - 1)).toBeLessThanOrEqual(
      meanTolerance(1, tail.length),
    );
  });

  it('accepts a point in the wedge of the bottom layer with the probability the density gives', () => {
    // The bottom layer spans [0, r); its wedge is (x1, r) with x1 the next layer's edge,
    // between heights e^-r and e^-x1. A point at x there is kept with probability
    // (e^-x - e^-r) / (e^-x1 - e^-r), using the second uniform drawn.
    const layerArea = 3.949659822581572e-3;
    const nextEdge = -Math.log(layerArea / tailStart + Math.exp(-tailStart));
    const trials = 100_000;
    for (const fraction of [0.2, 0.5, 0.8]) {
      const position = Math.ceil(((nextEdge + fraction * (tailStart - nextEdge)) / tailStart) * 2 ** 24);
      const x = position * (tailStart / 2 ** 24);
      const firstUniform = (position * 256 + 255) / 2 ** 32;
      const source = new RandomStreams(11, 0).stream(`wedge-${fraction}`);
      let kept = 0;
      for (let trial = 0; trial < trials; trial++) {
        let calls = 0;
        const forced = { name: 'forced', next: () => (calls++ === 0 ? firstUniform : source.next()) };
        const value = standardExponential(forced);
        if (calls === 2) {
          expect(value).toBe(x);
          kept++;
        }
      }
      const expected = (Math.exp(-x) - Math.exp(-tailStart)) / (Math.exp(-nextEdge) - Math.exp(-tailStart));
      expect(Math.abs(kept / trials - expected)).toBeLessThanOrEqual(proportionTolerance(expected, trials));
    }
  });

  it('scales with the mean, so common random numbers keep their order across means', () => {
    const short = sampler({ kind: 'exponential', mean: 10 });
    const long = sampler({ kind: 'exponential', mean: 25 });
    const first = new RandomStreams(5, 0).stream('crn');
    const second = new RandomStreams(5, 0).stream('crn');
    for (let index = 0; index < 1_000; index++) {
      expect(long(second)).toBeCloseTo(2.5 * short(first), 9);
    }
  });
});

describe('distribution helpers', () => {
  it('samples a constant as itself, and sample() agrees with sampler()', () => {
    const stream = new RandomStreams(1, 0).stream('constant');
    expect(sample({ kind: 'constant', value: 12 }, stream)).toBe(12);
    const direct = new RandomStreams(1, 0).stream('same');
    const compiled = new RandomStreams(1, 0).stream('same');
    const uniform: Distribution = { kind: 'uniform', min: 0, max: 10 };
    const next = sampler(uniform);
    for (let index = 0; index < 100; index++) expect(sample(uniform, direct)).toBe(next(compiled));
  });

  it('names the parameter at fault, and refuses to compile a bad distribution', () => {
    expect(validateDistribution({ kind: 'uniform', min: 5, max: 1 })).toMatch(/min <= max/);
    expect(validateDistribution({ kind: 'exponential', mean: 0 })).toMatch(/mean/);
    expect(validateDistribution({ kind: 'lognormal', median: 10, p95: 5 })).toMatch(/p95/);
    expect(validateDistribution({ kind: 'lognormal', median: 0, p95: 5 })).toMatch(/median/);
    expect(validateDistribution({ kind: 'empirical', values: [] })).toMatch(/at least one/);
    expect(validateDistribution({ kind: 'constant', value: Number.NaN })).toMatch(/finite/);
    expect(validateDistribution({ kind: 'exponential', mean: 3 })).toBeUndefined();
    expect(() => sampler({ kind: 'exponential', mean: -1 })).toThrow(RangeError);
  });

  it('inverts the standard normal CDF to 1e-9', () => {
    expect(inverseStandardNormal(0.5)).toBeCloseTo(0, 12);
    expect(inverseStandardNormal(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(inverseStandardNormal(0.001)).toBeCloseTo(-3.090232306167813, 8);
    expect(inverseStandardNormal(0.95)).toBeCloseTo(Z95, 8);
    expect(inverseStandardNormal(0.2)).toBeCloseTo(-inverseStandardNormal(0.8), 12);
    expect(inverseStandardNormal(0)).toBe(-Infinity);
    expect(inverseStandardNormal(1)).toBe(Infinity);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EMPTY_RPO_DISTRIBUTION,
  groupRecoveryPoint,
  isBacklogUnbounded,
  mergeRpoDistributions,
  recoveryPointAt,
  recoveryPointSkew,
  recoveryPointSteps,
  rpoDistribution,
  rpoFractionWithin,
  rpoMean,
  rpoQuantile,
  rpoStatistics,
  stepsBacklogUnbounded,
  toRpoOverTime,
  type RecoveryPointSteps,
} from '../../src/analysis/rpo-timeline.js';
import { RpoOverTimeSchema } from '../../src/analysis/result-schema.js';
import { SECOND, MINUTE, HOUR, DAY } from './units.js';

/** Snapshots created every interval from 0, each synced `sync(k)` after it starts, in order. */
function inOrderTimeline(intervalMs: number, count: number, sync: (k: number) => number): RecoveryPointSteps {
  const completions: number[] = [];
  const creations: number[] = [];
  let previousCompletion = -Infinity;
  for (let k = 0; k < count; k++) {
    const created = k * intervalMs;
    const completed = Math.max(created, previousCompletion) + sync(k);
    completions.push(completed);
    creations.push(created);
    previousCompletion = completed;
  }
  return recoveryPointSteps(completions, creations);
}

/** Exact closed forms of docs/domain.md section 8 for interval I, sync time D < I. */
const sawtooth = { I: 5 * MINUTE, D: 40 * SECOND, n: 200 };

describe('recoveryPointSteps', () => {
  it('keeps only steps that move the recovery point forward, merging equal completion times', () => {
    const steps = recoveryPointSteps([10, 20, 20, 30, 40], [0, 5, 15, 12, 35]);
    expect(Array.from(steps.times)).toEqual([10, 20, 40]);
    expect(Array.from(steps.points)).toEqual([0, 15, 35]);
    expect(recoveryPointAt(steps, 9)).toBe(-Infinity);
    expect(recoveryPointAt(steps, 10)).toBe(0);
    expect(recoveryPointAt(steps, 39.5)).toBe(15);
    expect(recoveryPointAt(steps, 1e9)).toBe(35);
  });

  it('rejects completions out of order and syncs finishing before their snapshot exists', () => {
    expect(() => recoveryPointSteps([10, 5], [0, 1])).toThrow(/out of order/);
    expect(() => recoveryPointSteps([10], [11])).toThrow(/cannot finish/);
    expect(() => recoveryPointSteps([10], [])).toThrow(RangeError);
  });
});

describe('RPO over time: closed forms (docs/domain.md section 8)', () => {
  const { I, D, n } = sawtooth;
  const steps = inOrderTimeline(I, n + 1, () => D);
  // Whole intervals: from the first completion to the last.
  const distribution = rpoDistribution(steps, D, n * I + D, I);

  it('mean = I/2 + D and max = I + D', () => {
    expect(rpoMean(distribution)).toBeCloseTo(I / 2 + D, 6);
    expect(distribution.maxMs).toBe(I + D);
  });

  it('P(RPO <= x) = (x - D) / I on [D, I + D], 0 below, 1 above', () => {
    for (const x of [D, D + 1, D + I / 4, D + I / 2, 2 * MINUTE, I, I + D - 1, I + D]) {
      expect(rpoFractionWithin(distribution, x)).toBeCloseTo((x - D) / I, 12);
    }
    expect(rpoFractionWithin(distribution, D / 2)).toBe(0);
    expect(rpoFractionWithin(distribution, 10 * I)).toBe(1);
    expect(rpoStatistics(distribution).fractionWithinInterval).toBeCloseTo((I - D) / I, 12);
  });

  it('quantiles invert the CDF: q-quantile = D + q I', () => {
    for (const q of [0, 0.01, 0.5, 0.9, 0.95, 0.99, 1]) {
      expect(rpoQuantile(distribution, q)).toBeCloseTo(D + q * I, 6);
    }
    const statistics = rpoStatistics(distribution);
    expect(statistics.p50Ms).toBeCloseTo(D + 0.5 * I, 6);
    expect(statistics.p99Ms).toBeCloseTo(D + 0.99 * I, 6);
    expect(statistics.alertWarningFraction).toBe(0);
    expect(statistics.alertCriticalFraction).toBe(0);
    expect(statistics.unbounded).toBe(false);
  });

  it('holds for any interval, sync time and whole number of intervals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MINUTE, max: DAY }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (intervalMs, syncFraction, intervals, q) => {
          const syncMs = Math.floor(syncFraction * intervalMs);
          const timeline = inOrderTimeline(intervalMs, intervals + 1, () => syncMs);
          const rpo = rpoDistribution(timeline, syncMs, intervals * intervalMs + syncMs, intervalMs);
          const tolerance = 1e-9 * intervalMs;
          expect(Math.abs(rpoMean(rpo) - (intervalMs / 2 + syncMs))).toBeLessThanOrEqual(tolerance);
          expect(rpo.maxMs).toBe(intervalMs + syncMs);
          expect(Math.abs(rpoQuantile(rpo, q) - (syncMs + q * intervalMs))).toBeLessThanOrEqual(tolerance);
          const x = syncMs + q * intervalMs;
          expect(Math.abs(rpoFractionWithin(rpo, x) - q)).toBeLessThanOrEqual(1e-9);
        },
      ),
    );
  });
});

describe('Ramen alert fractions', () => {
  it('counts the time in the warning (2 < RPO/I < 3) and critical (>= 3) bands of a long gap', () => {
    const I = MINUTE;
    const D = 10 * SECOND;
    // Syncs of snapshots 0..4 and 9..14 complete D after creation; 5..8 never do.
    const created = [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 14].map((k) => k * I);
    const steps = recoveryPointSteps(
      created.map((c) => c + D),
      created,
    );
    const distribution = rpoDistribution(steps, D, 14 * I + D, I);
    const statistics = rpoStatistics(distribution);
    // Ten one-minute pieces with RPO in [10 s, 70 s), one five-minute piece in [10 s, 310 s).
    const total = 840 * SECOND;
    expect(distribution.totalMs).toBe(total);
    expect(statistics.maxMs).toBe(310 * SECOND);
    expect(statistics.alertWarningFraction).toBeCloseTo((60 * SECOND) / total, 12); // RPO in (120 s, 180 s)
    expect(statistics.alertCriticalFraction).toBeCloseTo((130 * SECOND) / total, 12); // RPO in [180 s, 310 s)
    expect(statistics.fractionWithinInterval).toBeCloseTo((9 * 50 + 50) / 840, 12);
    expect(statistics.meanMs).toBeCloseTo(((9 * 60 * 40 + 300 * 160) / 840) * SECOND, 6);
  });
});

/** An independent, naive evaluation: segment pieces by linear scans, CDF by clamping. */
function naivePieces(completions: number[], creations: number[], start: number, end: number) {
  const rp = (t: number) => {
    let best = -Infinity;
    for (let i = 0; i < completions.length; i++) if (completions[i] <= t) best = Math.max(best, creations[i]);
    return best;
  };
  const cuts = [start, ...completions.filter((c) => c > start && c < end), end].sort((a, b) => a - b);
  const pieces: { low: number; width: number }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    if (cuts[i + 1] > cuts[i]) pieces.push({ low: cuts[i] - rp(cuts[i]), width: cuts[i + 1] - cuts[i] });
  }
  const fractionWithin = (x: number) =>
    pieces.reduce((sum, p) => sum + Math.min(Math.max(x - p.low, 0), p.width), 0) / (end - start);
  const mean = pieces.reduce((sum, p) => sum + p.width * (p.low + p.width / 2), 0) / (end - start);
  return { pieces, fractionWithin, mean, rp };
}

const randomTimeline = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 20 * MINUTE }), fc.integer({ min: 0, max: 30 * MINUTE })), {
    minLength: 1,
    maxLength: 60,
  })
  .map((gapsAndSyncs) => {
    // Snapshot k created `gap` after snapshot k - 1, synced in order taking `sync`.
    const creations: number[] = [];
    const completions: number[] = [];
    let created = 0;
    let previous = -Infinity;
    for (const [gap, sync] of gapsAndSyncs) {
      created += gap;
      previous = Math.max(previous, created) + sync;
      creations.push(created);
      completions.push(previous);
    }
    return { creations, completions };
  });

describe('RPO over time: arbitrary timelines', () => {
  it('matches a naive evaluation for any timeline and window', () => {
    fc.assert(
      fc.property(
        randomTimeline,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ creations, completions }, startFraction, lengthFraction, q) => {
          const first = completions[0];
          const last = completions[completions.length - 1] + HOUR;
          const start = Math.round(first + startFraction * (last - first));
          const end = Math.round(start + lengthFraction * (last - start)) + 1;
          const interval = 5 * MINUTE;
          const exact = rpoDistribution(recoveryPointSteps(completions, creations), start, end, interval);
          const naive = naivePieces(completions, creations, start, end);
          const scale = end - Math.min(...creations);
          expect(Math.abs(rpoMean(exact) - naive.mean)).toBeLessThanOrEqual(1e-9 * scale);
          expect(exact.maxMs).toBe(Math.max(...naive.pieces.map((p) => p.low + p.width)));
          for (const x of [interval, 2 * interval, 3 * interval, naive.pieces[0].low + 1, q * scale]) {
            expect(Math.abs(rpoFractionWithin(exact, x) - naive.fractionWithin(x))).toBeLessThanOrEqual(1e-9);
          }
          // The quantile is where the naive CDF reaches q.
          const quantile = rpoQuantile(exact, q);
          expect(naive.fractionWithin(quantile)).toBeGreaterThanOrEqual(q - 1e-9);
          expect(naive.fractionWithin(quantile - 1e-6 * scale)).toBeLessThanOrEqual(q + 1e-9);
          const statistics = rpoStatistics(exact);
          expect(statistics.alertCriticalFraction).toBeCloseTo(1 - naive.fractionWithin(3 * interval), 9);
          expect(statistics.alertWarningFraction).toBeCloseTo(
            naive.fractionWithin(3 * interval) - naive.fractionWithin(2 * interval),
            9,
          );
        },
      ),
    );
  });

  it('agrees with the RPO sampled at many instants', () => {
    const steps = inOrderTimeline(MINUTE, 500, (k) => ((k * 7919) % 50) * SECOND + 5 * SECOND);
    const start = steps.times[0];
    const end = steps.times[steps.times.length - 1];
    const samples = 200_000;
    let sum = 0;
    let within = 0;
    for (let i = 0; i < samples; i++) {
      const t = start + ((i + 0.5) / samples) * (end - start);
      const rpo = t - recoveryPointAt(steps, t);
      sum += rpo;
      if (rpo <= MINUTE) within++;
    }
    const distribution = rpoDistribution(steps, start, end, MINUTE);
    expect(rpoMean(distribution) / (sum / samples)).toBeCloseTo(1, 3);
    expect(rpoFractionWithin(distribution, MINUTE)).toBeCloseTo(within / samples, 3);
  });

  it('refuses a window that starts before protection is established', () => {
    const steps = recoveryPointSteps([MINUTE], [0]);
    expect(() => rpoDistribution(steps, 0, HOUR, MINUTE)).toThrow(/protection not established/);
    expect(() => rpoDistribution(steps, HOUR, MINUTE, MINUTE)).toThrow(/ends before it starts/);
    expect(() => rpoDistribution(steps, MINUTE, HOUR, 0)).toThrow(/interval/);
    expect(rpoDistribution(steps, HOUR, HOUR, MINUTE)).toBe(EMPTY_RPO_DISTRIBUTION);
  });
});

/** Random member step functions for group tests. */
const members = fc.array(randomTimeline, { minLength: 1, maxLength: 5 }).map((timelines) =>
  timelines.map(({ completions, creations }) => recoveryPointSteps(completions, creations)),
);

describe('groups', () => {
  it('a group recovery point is the pointwise minimum of its members', () => {
    fc.assert(
      fc.property(members, fc.array(fc.integer({ min: 0, max: 2 * DAY }), { maxLength: 20 }), (group, instants) => {
        const merged = groupRecoveryPoint(group);
        const probes = [...instants];
        for (const member of group) for (const t of member.times) probes.push(t - 1, t, t + 1);
        for (const t of probes) {
          expect(recoveryPointAt(merged, t)).toBe(Math.min(...group.map((member) => recoveryPointAt(member, t))));
        }
      }),
    );
  });

  it('measures the skew between the disks of a VM', () => {
    // Disk a syncs at 10 s past each minute, disk b at 40 s; both snapshots at the minute.
    const a = inOrderTimeline(MINUTE, 10, () => 10 * SECOND);
    const b = inOrderTimeline(MINUTE, 10, () => 40 * SECOND);
    // From 40 s to 9 min 40 s: each minute, a is one minute ahead from :10 to :40, then b catches up.
    const skew = recoveryPointSkew([a, b], 40 * SECOND, 9 * MINUTE + 40 * SECOND);
    expect(skew.maxMs).toBe(MINUTE);
    expect(skew.meanMs).toBeCloseTo(MINUTE / 2, 9);
    expect(recoveryPointSkew([a, b], 80 * SECOND, 80 * SECOND)).toEqual({ maxMs: MINUTE, meanMs: MINUTE });
    expect(recoveryPointSkew([a, b], 50 * SECOND, 50 * SECOND)).toEqual({ maxMs: 0, meanMs: 0 });
    expect(recoveryPointSkew([a], 10 * SECOND, HOUR)).toEqual({ maxMs: 0, meanMs: 0 });
    expect(() => recoveryPointSkew([a, b], 20 * SECOND, HOUR)).toThrow(/recovery point/);
  });

  it('skew matches a naive evaluation', () => {
    fc.assert(
      fc.property(members, fc.double({ min: 0, max: 1, noNaN: true }), (group, lengthFraction) => {
        const start = Math.max(...group.map((m) => m.times[0]));
        const last = Math.max(...group.map((m) => m.times[m.times.length - 1])) + HOUR;
        const end = start + Math.round(lengthFraction * (last - start)) + 1;
        const cuts = [...new Set([start, end, ...group.flatMap((m) => Array.from(m.times))])]
          .filter((t) => t >= start && t <= end)
          .sort((x, y) => x - y);
        let max = 0;
        let weighted = 0;
        for (let i = 0; i + 1 < cuts.length; i++) {
          const points = group.map((m) => recoveryPointAt(m, cuts[i]));
          const spread = Math.max(...points) - Math.min(...points);
          max = Math.max(max, spread);
          weighted += spread * (cuts[i + 1] - cuts[i]);
        }
        const skew = recoveryPointSkew(group, start, end);
        expect(skew.maxMs).toBe(max);
        expect(Math.abs(skew.meanMs - weighted / (end - start))).toBeLessThanOrEqual(1e-9 * Math.max(1, max));
      }),
    );
  });
});

describe('mixtures over images, applications and runs', () => {
  const I = 5 * MINUTE;
  const short = rpoDistribution(inOrderTimeline(I, 20, () => 30 * SECOND), 30 * SECOND, HOUR + 30 * SECOND, I);
  const long = rpoDistribution(inOrderTimeline(I, 60, () => 2 * MINUTE), 2 * MINUTE, 3 * HOUR + 2 * MINUTE, I);

  it('weights each part by its time', () => {
    const merged = mergeRpoDistributions([short, long]);
    expect(merged.totalMs).toBe(4 * HOUR);
    expect(rpoMean(merged)).toBeCloseTo((rpoMean(short) + 3 * rpoMean(long)) / 4, 6);
    for (const x of [MINUTE, 2 * MINUTE, 3 * MINUTE, I, 6 * MINUTE]) {
      expect(rpoFractionWithin(merged, x)).toBeCloseTo((rpoFractionWithin(short, x) + 3 * rpoFractionWithin(long, x)) / 4, 12);
    }
    expect(rpoStatistics(merged).fractionWithinInterval).toBeCloseTo(
      (rpoStatistics(short).fractionWithinInterval + 3 * rpoStatistics(long).fractionWithinInterval) / 4,
      12,
    );
    expect(merged.maxMs).toBe(I + 2 * MINUTE);
    for (const q of [0.1, 0.5, 0.99]) expect(rpoFractionWithin(merged, rpoQuantile(merged, q))).toBeCloseTo(q, 12);
  });

  it('is exact and independent of the merge order and grouping', () => {
    fc.assert(
      fc.property(fc.array(randomTimeline, { minLength: 1, maxLength: 8 }), (timelines) => {
        const parts = timelines.map(({ completions, creations }) =>
          rpoDistribution(recoveryPointSteps(completions, creations), completions[0], completions[completions.length - 1] + HOUR, I),
        );
        const forward = mergeRpoDistributions(parts);
        const backward = mergeRpoDistributions([...parts].reverse());
        const nested = mergeRpoDistributions([mergeRpoDistributions(parts.slice(0, 1)), mergeRpoDistributions(parts.slice(1))]);
        for (const other of [backward, nested]) {
          expect(Array.from(other.breakpoints)).toEqual(Array.from(forward.breakpoints));
          expect(Array.from(other.densityChanges)).toEqual(Array.from(forward.densityChanges));
          expect(other.totalMs).toBe(forward.totalMs);
        }
        expect(mergeRpoDistributions([forward, EMPTY_RPO_DISTRIBUTION]).breakpoints).toEqual(forward.breakpoints);
        // The density never goes negative and returns to zero.
        let density = 0;
        for (const change of forward.densityChanges) {
          density += change;
          expect(density).toBeGreaterThanOrEqual(0);
        }
        expect(density).toBe(0);
      }),
    );
  });

  it('is empty for no parts', () => {
    expect(mergeRpoDistributions([])).toBe(EMPTY_RPO_DISTRIBUTION);
    expect(rpoStatistics(EMPTY_RPO_DISTRIBUTION)).toMatchObject({ meanMs: 0, p99Ms: 0, maxMs: 0, fractionWithinInterval: 0 });
  });
});

describe('unbounded backlog', () => {
  const I = 5 * MINUTE;

  it('is detected when syncs take longer than the interval', () => {
    const steps = inOrderTimeline(I, 2 * 288, () => 1.25 * I);
    const end = 2 * DAY;
    const start = steps.times[0];
    expect(stepsBacklogUnbounded(steps, start, end, I)).toBe(true);
    const distribution = rpoDistribution(steps, start, end, I);
    expect(distribution.unbounded).toBe(true);
    const reported = toRpoOverTime(distribution);
    expect(reported).toMatchObject({ unbounded: true, mean: null, p99: null, max: null });
    expect(RpoOverTimeSchema.safeParse(reported).success).toBe(true);
  });

  it('is detected when replication stalls', () => {
    const steps = inOrderTimeline(I, 100, () => 30 * SECOND);
    expect(stepsBacklogUnbounded(steps, 30 * SECOND, 2 * DAY, I)).toBe(true);
  });

  it('is not reported for a steady sawtooth, even with varying sync times', () => {
    const steady = inOrderTimeline(I, 2016, (k) => ((k * 104729) % 97) * 3 * SECOND); // up to ~4.8 min
    const start = steady.times[0];
    const end = steady.times[steady.times.length - 1];
    expect(stepsBacklogUnbounded(steady, start, end, I)).toBe(false);
    const reported = toRpoOverTime(rpoDistribution(steady, start, end, I));
    expect(reported.unbounded).toBe(false);
    expect(reported.max).toBeLessThanOrEqual((2 * I) / 1000);
    expect(RpoOverTimeSchema.safeParse(reported).success).toBe(true);
  });

  it('decides from raw lag samples', () => {
    const times = Array.from({ length: 200 }, (_, i) => i * I);
    const growing = times.map((t) => 0.1 * t + I);
    const steady = times.map((_, i) => I + ((i * 37) % 11) * 10 * SECOND);
    const slowButSmall = times.map((t) => 30 * SECOND + 0.02 * (t % (10 * I)));
    expect(isBacklogUnbounded(times, growing, I)).toBe(true);
    expect(isBacklogUnbounded(times, steady, I)).toBe(false);
    expect(isBacklogUnbounded(times, slowButSmall, I)).toBe(false);
    expect(isBacklogUnbounded([0], [10 * I], I)).toBe(false);
    expect(isBacklogUnbounded(times, growing, I, { minSlope: 0.2, minFinalLagIntervals: 3 })).toBe(false);
  });
});

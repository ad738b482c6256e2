import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation, createStream, type RandomStream } from '../../src/sim/index.js';
import { CaptureOutcome, KubeObjectCapture, type KubeObjectCaptureOptions } from '../../src/models/kube-capture.js';
import {
  BINOMIAL_INVERSION_LIMIT,
  changedProbability,
  expectedDistinctChanged,
  sampleBinomial,
} from '../../src/models/poisson.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const STORES = ['s3-east', 's3-west'];

/** [fromMs, toMs) per store: the store is unreachable inside. */
type Outages = Record<string, ReadonlyArray<readonly [number, number]>>;

function unreachableAt(outages: Outages, store: string, atMs: number): boolean {
  return (outages[store] ?? []).some(([from, to]) => atMs >= from && atMs < to);
}

function build(
  overrides: Partial<KubeObjectCaptureOptions> & { outages?: Outages } = {},
): { sim: Simulation; capture: KubeObjectCapture } {
  const sim = overrides.sim ?? new Simulation();
  const outages = overrides.outages ?? {};
  const capture = new KubeObjectCapture({
    sim,
    stream: createStream('kube-capture-test'),
    captureIntervalMs: 5 * MINUTE,
    captureDurationMs: 40 * SECOND,
    objects: 200,
    changeRatePerSecond: 0.05,
    s3Stores: STORES,
    isS3Reachable: (store) => !unreachableAt(outages, store, sim.now),
    startMs: 10 * SECOND,
    ...overrides,
  });
  return { sim, capture };
}

/** A stream that returns the given uniforms in turn (to probe one draw at a time). */
function fixedStream(...uniforms: number[]): RandomStream & { drawn: number } {
  let i = 0;
  return {
    name: 'fixed',
    get drawn() {
      return i;
    },
    next: () => uniforms[i++ % uniforms.length],
  };
}

function sampleMoments(draw: () => number, count: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < count; i++) {
    const x = draw();
    sum += x;
    sumSquares += x * x;
  }
  const mean = sum / count;
  return { mean, variance: (sumSquares - count * mean * mean) / (count - 1) };
}

describe('sampleBinomial', () => {
  const cases = [
    { name: 'exact inversion (small mean)', n: 200, p: 0.08 },
    { name: 'exact inversion of the rarer side (p > 1/2)', n: 40, p: 0.7 },
    { name: 'normal approximation (10,000 objects)', n: 10_000, p: 0.19 },
  ];
  for (const { name, n, p } of cases) {
    it(`matches the binomial mean and variance: ${name}`, () => {
      const stream = createStream(`binomial-${n}-${p}`);
      const draws = 40_000;
      const { mean, variance } = sampleMoments(() => sampleBinomial(n, p, stream), draws);
      const expectedMean = n * p;
      const expectedVariance = n * p * (1 - p);
      // Four standard errors of the mean; the variance within 5 % (its own SE is about 0.7 %).
      expect(Math.abs(mean - expectedMean)).toBeLessThan(4 * Math.sqrt(expectedVariance / draws));
      expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(0.05);
    });
  }

  it('follows the exact pmf in the inversion range', () => {
    const n = 12;
    const p = 0.3;
    const stream = createStream('binomial-pmf');
    const draws = 60_000;
    const counts = new Array<number>(n + 1).fill(0);
    for (let i = 0; i < draws; i++) counts[sampleBinomial(n, p, stream)]++;
    let pmf = Math.pow(1 - p, n);
    let totalVariation = 0;
    for (let x = 0; x <= n; x++) {
      totalVariation += Math.abs(counts[x] / draws - pmf) / 2;
      pmf *= ((n - x) / (x + 1)) * (p / (1 - p));
    }
    expect(totalVariation).toBeLessThan(0.01);
  });

  it('draws one uniform per call and never decreases as the uniform or the probability grows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, p1, p2, u1, u2) => {
          const [pLow, pHigh] = p1 <= p2 ? [p1, p2] : [p2, p1];
          const [uLow, uHigh] = u1 <= u2 ? [u1, u2] : [u2, u1];
          const stream = fixedStream(uLow);
          const low = sampleBinomial(n, pLow, stream);
          expect(stream.drawn).toBe(1);
          expect(low).toBeGreaterThanOrEqual(0);
          expect(low).toBeLessThanOrEqual(n);
          expect(Number.isInteger(low)).toBe(true);
          expect(sampleBinomial(n, pLow, fixedStream(uHigh))).toBeGreaterThanOrEqual(low);
          // Across the inversion/normal switch the coupling is only approximate.
          const sameBranch =
            n * Math.min(pLow, 1 - pLow) < BINOMIAL_INVERSION_LIMIT ===
            n * Math.min(pHigh, 1 - pHigh) < BINOMIAL_INVERSION_LIMIT;
          if (sameBranch) expect(sampleBinomial(n, pHigh, fixedStream(uLow))).toBeGreaterThanOrEqual(low);
        },
      ),
    );
  });

  it('stays O(1) for 10,000 objects', () => {
    const stream = createStream('binomial-speed');
    const started = process.hrtime.bigint();
    for (let i = 0; i < 100_000; i++) sampleBinomial(10_000, 0.4, stream);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    // An O(n) sampler would walk a billion terms here.
    expect(elapsedMs).toBeLessThan(1000);
  });
});

describe('KubeObjectCapture with every store reachable', () => {
  it('captures at start, start + I, start + 2I, ... each completing D later', () => {
    const { sim, capture } = build();
    sim.run({ until: 10 * SECOND + 30 * MINUTE });
    const { startMs, endMs, outcome } = capture.captures;
    const expectedStarts = [0, 1, 2, 3, 4, 5, 6].map((k) => 10 * SECOND + k * 5 * MINUTE);
    expect(startMs).toEqual(expectedStarts);
    expect(endMs.slice(0, 6)).toEqual(expectedStarts.slice(0, 6).map((s) => s + 40 * SECOND));
    expect(outcome.slice(0, 6).every((o) => o === CaptureOutcome.Complete)).toBe(true);
    expect(outcome[6]).toBe(CaptureOutcome.InProgress);
    expect(capture.capturesStarted).toBe(7);
    expect(capture.capturesCompleted).toBe(6);
    expect(capture.capturesRolledBack).toBe(0);
    // Event economy: one event per start and one per completion, nothing else.
    expect(sim.eventsProcessed).toBe(7 + 6);
    expect(sim.pendingEvents).toBe(1);
  });

  it('names the latest capture completed at or before each query instant', () => {
    const { sim, capture } = build();
    const start = 10 * SECOND;
    const completion = (k: number) => start + k * 5 * MINUTE + 40 * SECOND;
    const instants = [0, completion(0) - 1, completion(0), completion(0) + 1, completion(1) - 1, completion(1), completion(3) + 2 * MINUTE];
    for (const t of instants) {
      sim.run({ until: t });
      let k = -1;
      while (completion(k + 1) <= t) k++;
      const expected = k < 0 ? undefined : { startMs: start + k * 5 * MINUTE, completedMs: completion(k) };
      expect(capture.lastCompleteCapture()).toEqual(expected);
      expect(capture.hasCompleteCapture()).toBe(k >= 0);
    }
    // Past instants are answered from the record.
    expect(capture.lastCompleteCapture(completion(1))).toEqual({ startMs: start + 5 * MINUTE, completedMs: completion(1) });
    expect(capture.lastCompleteCapture(completion(1) - 1)).toEqual({ startMs: start, completedMs: completion(0) });
    expect(() => capture.lastCompleteCapture(sim.now + 1)).toThrow(RangeError);
  });

  it('sees a capture completing at the same instant as another event, whatever their order', () => {
    const sim = new Simulation();
    let seen: ReturnType<KubeObjectCapture['lastCompleteCapture']>;
    // Scheduled before the capture exists, so it runs before the completion event at 40 s.
    sim.scheduleAt(40 * SECOND, () => {
      seen = capture.lastCompleteCapture();
    });
    const { capture } = build({ sim, startMs: 0 });
    sim.run({ until: MINUTE });
    expect(seen).toEqual({ startMs: 0, completedMs: 40 * SECOND });
    expect(capture.capturesCompleted).toBe(1);
    // The query and the start; the completion was settled by the query, not run as an event.
    expect(sim.eventsProcessed).toBe(2);
  });

  it('INV-07: counts the objects changed since the START of the recovery point', () => {
    const objects = 200;
    const rate = 0.05;
    const { sim, capture } = build({ objects, changeRatePerSecond: rate });
    // Just before the third capture completes, so the recovery point is the second one.
    const t = 10 * SECOND + 10 * MINUTE + 40 * SECOND - 1;
    sim.run({ until: t });
    const recoveryPoint = capture.lastCompleteCapture()!;
    expect(recoveryPoint.startMs).toBe(10 * SECOND + 5 * MINUTE);
    const p = 1 - Math.exp((-rate * (t - recoveryPoint.startMs)) / SECOND / objects);
    const expectedMean = objects * p;
    const fromCompletion = objects * (1 - Math.exp((-rate * (t - recoveryPoint.completedMs)) / SECOND / objects));
    expect(capture.expectedObjectsLost()).toBeCloseTo(expectedMean, 9);

    const draws = 20_000;
    const { mean } = sampleMoments(() => capture.objectsLost(t), draws);
    const standardError = Math.sqrt((objects * p * (1 - p)) / draws);
    expect(Math.abs(mean - expectedMean)).toBeLessThan(4 * standardError);
    // Counting from the completion instead would be far outside that tolerance.
    expect(Math.abs(fromCompletion - expectedMean)).toBeGreaterThan(20 * standardError);
  });

  it('keeps 10,000 objects cheap: the mean matches and no event is added per change', () => {
    const objects = 10_000;
    const rate = 5;
    const { sim, capture } = build({ objects, changeRatePerSecond: rate });
    sim.run({ until: 2 * HOUR });
    const window = sim.now - capture.lastCompleteCapture()!.startMs;
    const p = changedProbability(objects, rate, window);
    const draws = 5_000;
    const { mean } = sampleMoments(() => capture.objectsLost(), draws);
    expect(Math.abs(mean - objects * p)).toBeLessThan(4 * Math.sqrt((objects * p * (1 - p)) / draws));
    expect(sim.eventsProcessed).toBe(capture.capturesStarted + capture.capturesCompleted);
  });
});

describe('KubeObjectCapture during an S3 outage', () => {
  it('rolls back the captures completing while one store is out; the recovery point waits', () => {
    const start = 10 * SECOND;
    const completion = (k: number) => start + k * 5 * MINUTE + 40 * SECOND;
    // s3-west is out from just after capture 1 completes until just after capture 4 would.
    const outage: [number, number] = [completion(1) + 1, completion(4) + 1];
    const { sim, capture } = build({ outages: { 's3-west': [outage] } });

    sim.run({ until: completion(4) });
    const { outcome, unreachableStore } = capture.captures;
    expect(outcome.slice(0, 5)).toEqual([
      CaptureOutcome.Complete,
      CaptureOutcome.Complete,
      CaptureOutcome.RolledBack,
      CaptureOutcome.RolledBack,
      CaptureOutcome.RolledBack,
    ]);
    expect(unreachableStore.slice(2, 5)).toEqual([1, 1, 1]);
    expect(capture.rollbackReason(3)).toContain('s3-west');
    expect(capture.rollbackReason(1)).toBeUndefined();
    expect(capture.capturesRolledBack).toBe(3);
    expect(capture.lastCompleteCapture()).toEqual({ startMs: start + 5 * MINUTE, completedMs: completion(1) });
    // The loss window keeps growing from that capture's start.
    expect(capture.expectedObjectsLost()).toBeCloseTo(expectedDistinctChanged(200, 0.05, sim.now - (start + 5 * MINUTE)), 9);

    sim.run({ until: completion(5) });
    expect(capture.captures.outcome[5]).toBe(CaptureOutcome.Complete);
    expect(capture.lastCompleteCapture()).toEqual({ startMs: start + 25 * MINUTE, completedMs: completion(5) });
  });

  it('loses every object while no capture has ever reached every store', () => {
    const { sim, capture } = build({ objects: 37, outages: { 's3-east': [[0, HOUR]] } });
    sim.run({ until: 50 * MINUTE });
    expect(capture.capturesRolledBack).toBe(10);
    expect(capture.hasCompleteCapture()).toBe(false);
    expect(capture.lastCompleteCapture()).toBeUndefined();
    expect(capture.objectsLost()).toBe(37);
    expect(capture.expectedObjectsLost()).toBe(37);
  });
});

/** Record indices whose objects are in S3 at `t`, rebuilt from the record. */
function liveAt(capture: KubeObjectCapture, t: number): number[] {
  const { startMs, deletedMs } = capture.captures;
  const live: number[] = [];
  for (let i = 0; i < startMs.length; i++) {
    if (startMs[i] <= t && !(deletedMs[i] <= t)) live.push(i);
  }
  return live;
}

function inProgressAt(capture: KubeObjectCapture, t: number): number {
  const { startMs, endMs } = capture.captures;
  for (let i = 0; i < startMs.length; i++) {
    if (startMs[i] <= t && !(endMs[i] <= t)) return i;
  }
  return -1;
}

function completeIndexAt(capture: KubeObjectCapture, t: number): number {
  const point = capture.lastCompleteCapture(t);
  return point === undefined ? -1 : capture.captures.startMs.indexOf(point.startMs);
}

describe('KubeObjectCapture slots', () => {
  it('alternates two slots and keeps at most two captures in S3', () => {
    const outages: Outages = { 's3-east': [[40 * MINUTE, 62 * MINUTE]], 's3-west': [[2 * HOUR, 2 * HOUR + 11 * MINUTE]] };
    const { sim, capture } = build({ outages });
    sim.run({ until: 4 * HOUR });
    const { startMs, endMs, slot, outcome } = capture.captures;
    expect(slot[0]).toBe(1);
    const complete = outcome.flatMap((o, i) => (o === CaptureOutcome.Complete ? [i] : []));
    for (let j = 1; j < complete.length; j++) expect(slot[complete[j]]).not.toBe(slot[complete[j - 1]]);

    const instants = [...startMs, ...endMs.filter(Number.isFinite)].flatMap((t) => [t - 1, t, t + 1]);
    for (const t of instants.filter((t) => t >= 0 && t <= sim.now)) {
      const live = liveAt(capture, t);
      expect(live.length).toBeLessThanOrEqual(2);
      const recoveryPoint = completeIndexAt(capture, t);
      if (recoveryPoint >= 0) expect(live).toContain(recoveryPoint);
      const running = inProgressAt(capture, t);
      if (running >= 0) {
        // While a capture runs, S3 holds it and the recovery point only.
        expect(live).toEqual(recoveryPoint >= 0 ? [recoveryPoint, running].sort((a, b) => a - b) : [running]);
      }
    }
    expect(capture.liveCaptures().sort((a, b) => a - b)).toEqual(liveAt(capture, sim.now));
  });
});

describe('KubeObjectCapture stop and restart', () => {
  it('loses the capture in progress at stop(), keeps the recovery point, and restarts a new cycle', () => {
    const { sim, capture } = build({ startMs: 0 });
    const midCapture = 10 * MINUTE + 20 * SECOND; // capture 2 started at 10 min
    sim.run({ until: midCapture });
    capture.stop(midCapture);
    expect(capture.isCapturing).toBe(false);
    expect(capture.captures.outcome[2]).toBe(CaptureOutcome.Lost);
    expect(capture.captures.endMs[2]).toBe(midCapture);
    expect(capture.capturesLost).toBe(1);
    expect(capture.lastCompleteCapture()).toEqual({ startMs: 5 * MINUTE, completedMs: 5 * MINUTE + 40 * SECOND });
    expect(sim.pendingEvents).toBe(0);

    // Nothing changes after the primary is gone: the window ends at stop().
    sim.run({ until: 20 * MINUTE });
    expect(capture.capturesStarted).toBe(3);
    expect(capture.expectedObjectsLost()).toBeCloseTo(expectedDistinctChanged(200, 0.05, midCapture - 5 * MINUTE), 9);

    capture.restart(20 * MINUTE);
    sim.run({ until: 20 * MINUTE + 10 * SECOND });
    expect(capture.capturesStarted).toBe(4);
    expect(capture.captures.startMs[3]).toBe(20 * MINUTE);
    // The new primary reuses the slot of the lost capture, which is deleted first.
    expect(capture.captures.slot[3]).toBe(capture.captures.slot[2]);
    expect(capture.captures.deletedMs[2]).toBe(20 * MINUTE);
    // The objects were restored to the recovery point at restart: changes count from there.
    expect(capture.expectedObjectsLost()).toBeCloseTo(expectedDistinctChanged(200, 0.05, 10 * SECOND), 9);

    sim.run({ until: 20 * MINUTE + 40 * SECOND });
    expect(capture.lastCompleteCapture()).toEqual({ startMs: 20 * MINUTE, completedMs: 20 * MINUTE + 40 * SECOND });
    sim.run({ until: 25 * MINUTE });
    expect(capture.captures.startMs[4]).toBe(25 * MINUTE);
  });

  it('keeps a capture that completes at the instant of stop()', () => {
    const sim = new Simulation();
    sim.scheduleAt(40 * SECOND, () => capture.stop());
    const { capture } = build({ sim, startMs: 0 });
    sim.run();
    expect(capture.capturesCompleted).toBe(1);
    expect(capture.capturesLost).toBe(0);
    expect(sim.pendingEvents).toBe(0);
  });

  it('refuses a restart while capturing and a stop at another instant', () => {
    const { sim, capture } = build();
    sim.run({ until: MINUTE });
    expect(() => capture.restart()).toThrow(/stop\(\) first/);
    expect(() => capture.stop(MINUTE - 1)).toThrow(RangeError);
  });
});

describe('KubeObjectCapture captures longer than the interval', () => {
  it('starts the next capture as soon as an overrunning one finishes', () => {
    const { sim, capture } = build({ startMs: 0, captureIntervalMs: 2 * MINUTE, captureDurationMs: 3 * MINUTE });
    sim.run({ until: 12 * MINUTE });
    expect(capture.captures.startMs).toEqual([0, 3, 6, 9, 12].map((m) => m * MINUTE));
  });
});

/** The schedule and outcomes computed independently of the model. */
function oracleRecoveryPoint(
  startMs: number,
  intervalMs: number,
  durationMs: number,
  outages: Outages,
  t: number,
): { startMs: number; completedMs: number } | undefined {
  let best: { startMs: number; completedMs: number } | undefined;
  const step = Math.max(intervalMs, durationMs);
  for (let s = startMs; s + durationMs <= t; s += step) {
    const completedMs = s + durationMs;
    if (STORES.every((store) => !unreachableAt(outages, store, completedMs))) best = { startMs: s, completedMs };
  }
  return best;
}

describe('KubeObjectCapture recovery point (property)', () => {
  it('is always a capture complete on every store before the query instant, and the latest one', () => {
    const window = fc
      .tuple(fc.integer({ min: 0, max: 3 * HOUR }), fc.integer({ min: 1, max: HOUR }))
      .map(([from, length]) => [from, from + length] as const);
    fc.assert(
      fc.property(
        fc.integer({ min: 10 * SECOND, max: 20 * MINUTE }),
        fc.integer({ min: 0, max: 25 * MINUTE }),
        fc.integer({ min: 0, max: 30 * MINUTE }),
        fc.array(window, { maxLength: 3 }),
        fc.array(window, { maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 4 * HOUR }), { minLength: 1, maxLength: 12 }),
        (intervalMs, durationMs, startMs, eastOutages, westOutages, queries) => {
          const outages: Outages = { 's3-east': eastOutages, 's3-west': westOutages };
          const { sim, capture } = build({ captureIntervalMs: intervalMs, captureDurationMs: durationMs, startMs, outages });
          for (const t of [...queries].sort((a, b) => a - b)) {
            sim.run({ until: t });
            const point = capture.lastCompleteCapture();
            expect(point).toEqual(oracleRecoveryPoint(startMs, intervalMs, durationMs, outages, t));
            if (point === undefined) {
              expect(capture.objectsLost()).toBe(capture.objects);
              continue;
            }
            expect(point.completedMs).toBeLessThanOrEqual(t);
            expect(STORES.every((store) => !unreachableAt(outages, store, point.completedMs))).toBe(true);
            // No capture in the record completed on every store after it and by t.
            const { endMs, outcome } = capture.captures;
            for (let i = 0; i < endMs.length; i++) {
              if (endMs[i] > point.completedMs && endMs[i] <= t) expect(outcome[i]).not.toBe(CaptureOutcome.Complete);
            }
            expect(capture.liveCaptures().length).toBeLessThanOrEqual(2);
          }
          expect(sim.eventsProcessed).toBe(capture.capturesStarted + capture.capturesCompleted + capture.capturesRolledBack);
        },
      ),
      { numRuns: 200 },
    );
  });
});

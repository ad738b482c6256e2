import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DirtyTracker,
  bytesWritten,
  objectsDirtied,
  uniqueBytesDirtied,
  writeProfileProblem,
  writeRate,
  type WriteProfile,
} from '../../src/models/write-load.js';
import { SECOND, MINUTE, HOUR, DAY, MiB, GiB } from '../analysis/units.js';

const profileArbitrary: fc.Arbitrary<WriteProfile> = fc.oneof(
  fc.record({ kind: fc.constant('constant' as const), bytesPerSecond: fc.double({ min: 0, max: 1e9, noNaN: true }) }),
  fc
    .record({
      kind: fc.constant('diurnal' as const),
      meanBytesPerSecond: fc.double({ min: 0, max: 1e9, noNaN: true }),
      peakFraction: fc.double({ min: 0, max: 2, noNaN: true }),
      peakAtMs: fc.integer({ min: -DAY, max: 2 * DAY }),
    })
    .map(({ peakFraction, ...rest }) => ({ ...rest, peakBytesPerSecond: rest.meanBytesPerSecond * peakFraction })),
  fc.record({
    kind: fc.constant('bursts' as const),
    baseBytesPerSecond: fc.double({ min: 0, max: 1e9, noNaN: true }),
    burstBytesPerSecond: fc.double({ min: 0, max: 1e9, noNaN: true }),
    durationMs: fc.integer({ min: 0, max: 3 * HOUR }),
    everyMs: fc.integer({ min: MINUTE, max: 6 * HOUR }),
    offsetMs: fc.integer({ min: -HOUR, max: DAY }),
  }),
  fc
    .record({
      kind: fc.constant('series' as const),
      stepMs: fc.integer({ min: MINUTE, max: 6 * HOUR }),
      offsetMs: fc.integer({ min: -DAY, max: DAY }),
      bytesPerSecond: fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 50 }),
    })
    .map((series) => ({ ...series, periodMs: series.stepMs * series.bytesPerSecond.length })),
);

const windowArbitrary = fc
  .tuple(fc.integer({ min: 0, max: 3 * DAY }), fc.integer({ min: 0, max: 2 * DAY }))
  .map(([from, length]) => ({ from, to: from + length }));

/** Midpoint rule with `steps` slices, and a bound on its error for this profile. */
function numericIntegral(profile: WriteProfile, from: number, to: number, steps: number) {
  const h = (to - from) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += writeRate(profile, from + (i + 0.5) * h);
  const integral = (sum * h) / SECOND;
  let errorBound: number;
  if (profile.kind === 'bursts') {
    // A jump inside a slice misattributes at most |jump| * h of it.
    const jump = Math.abs(profile.burstBytesPerSecond - profile.baseBytesPerSecond);
    const jumps = 2 * ((to - from) / profile.everyMs + 2);
    errorBound = (jumps * jump * h) / SECOND;
  } else if (profile.kind === 'series') {
    // As for bursts: at most one jump per step boundary, each at most the widest swing.
    const rates = profile.bytesPerSecond;
    const jump = Math.max(...rates) - Math.min(...rates);
    const jumps = (to - from) / profile.stepMs + 2;
    errorBound = (jumps * jump * h) / SECOND;
  } else if (profile.kind === 'diurnal') {
    // Midpoint error <= (b - a) h^2 max|f''| / 24, with |f''| <= amplitude (2 pi / day)^2.
    const amplitude = Math.abs(profile.peakBytesPerSecond - profile.meanBytesPerSecond);
    errorBound = ((to - from) * h * h * amplitude * (2 * Math.PI / DAY) ** 2) / 24 / SECOND;
  } else {
    errorBound = 0;
  }
  return { integral, errorBound };
}

function maximumRate(profile: WriteProfile): number {
  switch (profile.kind) {
    case 'constant':
      return profile.bytesPerSecond;
    case 'diurnal':
      return profile.meanBytesPerSecond + Math.abs(profile.peakBytesPerSecond - profile.meanBytesPerSecond);
    case 'bursts':
      return Math.max(profile.baseBytesPerSecond, profile.burstBytesPerSecond);
    case 'series':
      return Math.max(...profile.bytesPerSecond);
  }
}

describe('writeProfileProblem', () => {
  it('accepts sane profiles and names what is wrong in others', () => {
    expect(writeProfileProblem({ kind: 'constant', bytesPerSecond: 5 * MiB })).toBeUndefined();
    expect(writeProfileProblem({ kind: 'constant', bytesPerSecond: -1 })).toMatch(/>= 0/);
    expect(
      writeProfileProblem({ kind: 'diurnal', meanBytesPerSecond: 10, peakBytesPerSecond: 25, peakAtMs: 0 }),
    ).toMatch(/negative/);
    expect(
      writeProfileProblem({
        kind: 'bursts',
        baseBytesPerSecond: 1,
        burstBytesPerSecond: 2,
        durationMs: 10,
        everyMs: 0,
        offsetMs: 0,
      }),
    ).toMatch(/every/);
  });
});

describe('bytesWritten', () => {
  it('integrates a constant rate', () => {
    expect(bytesWritten({ kind: 'constant', bytesPerSecond: 5 * MiB }, 10 * SECOND, 70 * SECOND)).toBe(300 * MiB);
  });

  it('integrates a whole diurnal day to mean * 24h, and the peak half-day to more', () => {
    const profile: WriteProfile = { kind: 'diurnal', meanBytesPerSecond: 100, peakBytesPerSecond: 180, peakAtMs: 14 * HOUR };
    expect(bytesWritten(profile, 3 * HOUR, 3 * HOUR + DAY)).toBeCloseTo(100 * 86400, 3);
    // Over the half day centred on the peak: mean * T + amplitude * T / pi.
    const halfDay = bytesWritten(profile, 8 * HOUR, 20 * HOUR);
    expect(halfDay).toBeCloseTo(100 * 43200 + (80 * 86400) / Math.PI, 3);
  });

  it('counts whole burst periods and the partial overlaps', () => {
    const profile: WriteProfile = {
      kind: 'bursts',
      baseBytesPerSecond: 1,
      burstBytesPerSecond: 11,
      durationMs: 10 * MINUTE,
      everyMs: HOUR,
      offsetMs: 2 * HOUR,
    };
    // [0, 2h): base only. Bursts at [2h, 2h10m), [3h, 3h10m), [4h, 4h10m).
    expect(bytesWritten(profile, 0, 2 * HOUR)).toBe(7200);
    // [1h, 4h05m): 3h05m of base time plus 25 min of extra (burst - base) rate.
    expect(bytesWritten(profile, HOUR, 4 * HOUR + 5 * MINUTE)).toBe(11100 + 25 * 60 * 10);
    // A window entirely inside a burst.
    expect(bytesWritten(profile, 3 * HOUR + MINUTE, 3 * HOUR + 2 * MINUTE)).toBe(660);
  });

  it('treats a burst as long as its period as a permanent burst', () => {
    const profile: WriteProfile = {
      kind: 'bursts',
      baseBytesPerSecond: 1,
      burstBytesPerSecond: 3,
      durationMs: 2 * HOUR,
      everyMs: HOUR,
      offsetMs: 0,
    };
    expect(bytesWritten(profile, 0, 5 * HOUR)).toBe(3 * 5 * 3600);
  });

  describe('a measured series', () => {
    // Three 8-hour steps of 1, 4 and 0 MiB/s repeating every day from 2h:
    // [2h, 10h) 1 MiB/s, [10h, 18h) 4 MiB/s, [18h, 26h) nothing, and so on.
    const series: WriteProfile = { kind: 'series', stepMs: 8 * HOUR, periodMs: DAY, offsetMs: 2 * HOUR, bytesPerSecond: [MiB, 4 * MiB, 0] };
    const stepSeconds = 8 * 3600;

    it('integrates whole periods to (sum of rates) x step each, wherever they start', () => {
      const periodBytes = 5 * MiB * stepSeconds;
      expect(bytesWritten(series, 2 * HOUR, 2 * HOUR + DAY)).toBe(periodBytes);
      expect(bytesWritten(series, 5 * HOUR + 17, 5 * HOUR + 17 + 3 * DAY)).toBeCloseTo(3 * periodBytes, 3);
      // Before the offset the series repeats backwards.
      expect(bytesWritten(series, -4 * DAY + 2 * HOUR, -2 * DAY + 2 * HOUR)).toBe(2 * periodBytes);
    });

    it('integrates partial steps and partial periods', () => {
      // [6h, 12h): 4 h at 1 MiB/s then 2 h at 4 MiB/s.
      expect(bytesWritten(series, 6 * HOUR, 12 * HOUR)).toBe(4 * 3600 * MiB + 2 * 3600 * 4 * MiB);
      // [17h, 1d 3h): 1 h at 4 MiB/s, 8 h of nothing, 1 h at 1 MiB/s.
      expect(bytesWritten(series, 17 * HOUR, DAY + 3 * HOUR)).toBe(3600 * 4 * MiB + 3600 * MiB);
      // [0, 2h) is the end of the previous period's silent step.
      expect(bytesWritten(series, 0, 2 * HOUR)).toBe(0);
      // Inside one step far from the offset: rate x length, not a difference of large sums.
      expect(bytesWritten(series, 300 * DAY + 11 * HOUR, 300 * DAY + 11 * HOUR + 1)).toBe((4 * MiB) / 1000);
    });

    it('reads the rate of the step an instant falls in, and its mean', () => {
      expect(writeRate(series, 2 * HOUR)).toBe(MiB);
      expect(writeRate(series, 10 * HOUR - 1)).toBe(MiB);
      expect(writeRate(series, 10 * HOUR)).toBe(4 * MiB);
      expect(writeRate(series, HOUR)).toBe(0);
      expect(writeRate(series, -DAY + 11 * HOUR)).toBe(4 * MiB);
    });

    it('coalesces rewrites over the bytes each delta wrote: W(1 - exp(-written / W))', () => {
      const W = 20 * GiB;
      const tracker = new DirtyTracker(series, W);
      // A 5-minute interval inside the 4 MiB/s step.
      const inPeak = tracker.cut(11 * HOUR);
      expect(inPeak.writtenBytes).toBe(8 * 3600 * MiB + 3600 * 4 * MiB);
      const delta = tracker.cut(11 * HOUR + 5 * MINUTE);
      expect(delta.writtenBytes).toBe(300 * 4 * MiB);
      expect(delta.uniqueBytes).toBeCloseTo(W * -Math.expm1((-300 * 4 * MiB) / W), 0);
      // A whole period in one delta coalesces more: fewer unique bytes than written.
      const day = tracker.cut(11 * HOUR + 5 * MINUTE + DAY);
      expect(day.writtenBytes).toBeCloseTo(5 * MiB * stepSeconds, 3);
      expect(day.uniqueBytes).toBeCloseTo(W * -Math.expm1((-5 * MiB * stepSeconds) / W), 0);
      expect(day.uniqueBytes).toBeLessThan(day.writtenBytes);
    });

    it('is refused when its period is not step x its rates, or a rate is negative', () => {
      expect(writeProfileProblem({ ...series, periodMs: 2 * DAY })).toMatch(/step x the number of rates/);
      expect(writeProfileProblem({ ...series, bytesPerSecond: [1, -1, 0] })).toMatch(/>= 0/);
      expect(writeProfileProblem({ ...series, stepMs: 0, periodMs: 0 })).toMatch(/step must be > 0/);
    });
  });

  it('rejects a window that ends before it starts', () => {
    expect(() => bytesWritten({ kind: 'constant', bytesPerSecond: 1 }, 10, 5)).toThrow(RangeError);
  });

  it('matches a fine numerical integration of the rate', () => {
    fc.assert(
      fc.property(profileArbitrary, windowArbitrary, (profile, { from, to }) => {
        const exact = bytesWritten(profile, from, to);
        const { integral, errorBound } = numericIntegral(profile, from, to, 20_000);
        // Rounding is relative to the largest rate the profile reaches, not to
        // the (possibly near-zero) integral.
        const roundingScale = (maximumRate(profile) * (to - from)) / SECOND;
        expect(Math.abs(exact - integral)).toBeLessThanOrEqual(errorBound + 1e-12 * roundingScale + 1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('is additive over split windows', () => {
    fc.assert(
      fc.property(
        profileArbitrary,
        fc.tuple(fc.integer({ min: 0, max: 5 * DAY }), fc.integer({ min: 0, max: 5 * DAY }), fc.integer({ min: 0, max: 5 * DAY })),
        (profile, bounds) => {
          const [a, b, c] = bounds.sort((x, y) => x - y);
          const whole = bytesWritten(profile, a, c);
          const split = bytesWritten(profile, a, b) + bytesWritten(profile, b, c);
          expect(Math.abs(whole - split)).toBeLessThanOrEqual(1e-9 * Math.max(1, whole));
        },
      ),
    );
  });
});

describe('uniqueBytesDirtied', () => {
  it('is W(1 - exp(-rI/W)) for extent granularity, exact for tiny deltas', () => {
    const W = 20 * GiB;
    const written = 5 * MiB * 300; // 5 MiB/s over 5 minutes
    expect(uniqueBytesDirtied(written, W)).toBeCloseTo(W * (1 - Math.exp(-written / W)), 0);
    // written << W: unique ~ written (1 - written / 2W); 1 - exp() would lose it.
    expect(uniqueBytesDirtied(1, 1e18)).toBeCloseTo(1, 12);
    expect(uniqueBytesDirtied(0, W)).toBe(0);
    expect(uniqueBytesDirtied(written, 0)).toBe(0);
    expect(uniqueBytesDirtied(1e30, W)).toBe(W);
  });

  it('copies whole 4 MiB objects with object granularity', () => {
    const W = 1 * GiB;
    const written = 64 * MiB;
    const writes = written / 4096;
    const expected = W * (1 - Math.exp((-writes * 4 * MiB) / W));
    expect(uniqueBytesDirtied(written, W, { kind: 'object' })).toBeCloseTo(expected, 0);
    expect(uniqueBytesDirtied(written, W, { kind: 'object' })).toBeGreaterThan(uniqueBytesDirtied(written, W));
    // Larger ios hit fewer objects for the same bytes written.
    expect(uniqueBytesDirtied(written, W, { kind: 'object', ioSize: MiB })).toBeLessThan(
      uniqueBytesDirtied(written, W, { kind: 'object' }),
    );
    expect(uniqueBytesDirtied(1e15, W, { kind: 'object' })).toBe(W);
  });

  it('matches the closed form, and a shorter interval sends more bytes per day', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e9, noNaN: true }), // r, bytes per second
        fc.double({ min: 1e6, max: 1e13, noNaN: true }), // W, bytes
        fc.integer({ min: 1, max: 1440 }), // I, minutes
        fc.integer({ min: 2, max: 10 }), // the shorter interval is I / k
        (rate, W, minutes, k) => {
          const intervalSeconds = minutes * 60;
          const perSync = uniqueBytesDirtied(rate * intervalSeconds, W);
          const closedForm = W * (1 - Math.exp((-rate * intervalSeconds) / W));
          // The reference's 1 - exp(-x) is itself off by up to ~1e-16 absolute.
          expect(Math.abs(perSync - closedForm)).toBeLessThanOrEqual(1e-12 * closedForm + 4e-16 * W);
          const longDay = (86400 / intervalSeconds) * perSync;
          const shortDay = ((86400 * k) / intervalSeconds) * uniqueBytesDirtied((rate * intervalSeconds) / k, W);
          expect(shortDay).toBeGreaterThanOrEqual(longDay * (1 - 1e-12));
          // Never more than what was written.
          expect(shortDay).toBeLessThanOrEqual(rate * 86400 * (1 + 1e-12));
        },
      ),
    );
  });
});

describe('objectsDirtied', () => {
  const OBJECT = 4 * MiB;

  it('packed writes fill whole objects: ceil(unique / object size)', () => {
    expect(objectsDirtied(20 * MiB, 19 * MiB, 10 * GiB, OBJECT)).toBe(5);
    expect(objectsDirtied(8 * MiB, 8 * MiB, 10 * GiB, OBJECT)).toBe(2);
    expect(objectsDirtied(0, 0, 10 * GiB, OBJECT)).toBe(0);
  });

  it('random writes hit N (1 - exp(-writes / N)) of the N objects of the working set', () => {
    // 4800 writes of 4 KiB over 2560 objects: 2560 (1 - exp(-1.875)) = 2167.4.
    expect(objectsDirtied(4800 * 4096, uniqueBytesDirtied(4800 * 4096, 10 * GiB), 10 * GiB, OBJECT, 4096)).toBe(2168);
    // Never more than the working set's objects, however much is written.
    expect(objectsDirtied(1000 * GiB, 10 * GiB, 10 * GiB, OBJECT, 4096)).toBe(2560);
    // Writes of a whole object are packed: the same count as the unique bytes give.
    const unique = uniqueBytesDirtied(GiB, 10 * GiB);
    expect(objectsDirtied(GiB, unique, 10 * GiB, OBJECT, OBJECT)).toBe(Math.ceil(unique / OBJECT));
  });
});

describe('DirtyTracker', () => {
  const constant: WriteProfile = { kind: 'constant', bytesPerSecond: 2 * MiB };

  it('returns the delta since the previous cut and resets', () => {
    const tracker = new DirtyTracker(constant, 10 * GiB, { kind: 'extent' }, 1000);
    const first = tracker.cut(1000 + MINUTE);
    expect(first).toEqual({
      fromMs: 1000,
      toMs: 1000 + MINUTE,
      writtenBytes: 120 * MiB,
      uniqueBytes: uniqueBytesDirtied(120 * MiB, 10 * GiB),
    });
    expect(tracker.peek(1000 + 3 * MINUTE).writtenBytes).toBe(240 * MiB);
    expect(tracker.cut(1000 + 3 * MINUTE).writtenBytes).toBe(240 * MiB);
    expect(tracker.cut(1000 + 3 * MINUTE).writtenBytes).toBe(0);
    expect(tracker.totalWrittenBytes(1000 + 3 * MINUTE)).toBe(360 * MiB);
  });

  it('counts no writes while paused, also for windows reaching back past a pause', () => {
    const tracker = new DirtyTracker(constant, 10 * GiB);
    tracker.pause(10 * SECOND);
    tracker.resume(30 * SECOND);
    tracker.pause(40 * SECOND);
    expect(tracker.isWriting).toBe(false);
    expect(tracker.totalWrittenBytes(100 * SECOND)).toBe(40 * MiB);
    expect(tracker.writtenBetween(5 * SECOND, 35 * SECOND)).toBe(20 * MiB);
    expect(tracker.writtenBetween(15 * SECOND, 25 * SECOND)).toBe(0);
    tracker.resume(50 * SECOND);
    expect(tracker.writtenBetween(35 * SECOND, 60 * SECOND)).toBe(30 * MiB);
    expect(tracker.cut(60 * SECOND).writtenBytes).toBe(60 * MiB);
    expect(() => tracker.pause(45 * SECOND)).toThrow(RangeError);
  });

  it('conserves bytes: the cuts add up to the total written', () => {
    fc.assert(
      fc.property(
        profileArbitrary,
        fc.array(fc.integer({ min: 0, max: 6 * HOUR }), { minLength: 1, maxLength: 30 }),
        (profile, gaps) => {
          const tracker = new DirtyTracker(profile, GiB);
          let now = 0;
          let cutTotal = 0;
          for (const [i, gap] of gaps.entries()) {
            now += gap;
            if (i % 5 === 3) tracker.pause(now);
            else if (i % 5 === 4) tracker.resume(now);
            else cutTotal += tracker.cut(now).writtenBytes;
          }
          cutTotal += tracker.cut(now).writtenBytes;
          const total = tracker.totalWrittenBytes(now);
          expect(Math.abs(cutTotal - total)).toBeLessThanOrEqual(1e-9 * Math.max(1, total));
        },
      ),
    );
  });

  it('refuses an invalid profile', () => {
    expect(() => new DirtyTracker({ kind: 'constant', bytesPerSecond: Number.NaN }, GiB)).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  formatBandwidth,
  formatDataRate,
  formatDuration,
  formatQuantity,
  parseBandwidth,
  parseDataRate,
  parseDuration,
  parseEventRate,
  parseQuantity,
  parseSchedulingInterval,
  type UnitResult,
} from '../../src/scenarios/index.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

function value(result: UnitResult | { ok: true; value: number | null } | { ok: false; problem: string }): number | null {
  if (!result.ok) throw new Error(`unexpected rejection: ${result.problem}`);
  return result.value;
}

function problem(result: { ok: boolean; problem?: string }): string {
  if (result.ok) throw new Error('unexpectedly accepted');
  return result.problem ?? '';
}

describe('durations', () => {
  test.each([
    ['500ms', 500],
    ['30s', 30 * SECOND],
    ['5m', 5 * MINUTE],
    ['1h', HOUR],
    ['7d', 7 * DAY],
    ['1h30m', HOUR + 30 * MINUTE],
    ['1d2h3m4s5ms', DAY + 2 * HOUR + 3 * MINUTE + 4 * SECOND + 5],
    ['1.5s', 1500],
    ['0', 0],
    ['0s', 0],
    [0, 0],
  ] as const)('%s is %d ms', (text, expected) => {
    expect(value(parseDuration(text))).toBe(expected);
  });

  test.each([
    ['30', 'needs a unit'],
    [30, 'needs a unit'],
    ['5x', 'unknown unit'],
    ['-5s', 'negative'],
    ['30m1h', 'largest to smallest'],
    ['1m1m', 'largest to smallest'],
    ['0.5ms', 'whole number of milliseconds'],
    ['', 'empty'],
    ['1 h', 'unknown unit'],
  ] as const)('%j is refused (%s)', (text, reason) => {
    expect(problem(parseDuration(text))).toContain(reason);
  });

  test('format then parse gives the same milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * DAY }), (milliseconds) => {
        expect(value(parseDuration(formatDuration(milliseconds)))).toBe(milliseconds);
      }),
      { numRuns: 500 },
    );
  });

  test('formatting picks compound units, largest first', () => {
    expect(formatDuration(HOUR + 30 * MINUTE)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(1)).toBe('1ms');
  });
});

describe('sizes (Kubernetes quantities)', () => {
  test.each([
    ['100Gi', 100 * GIB],
    ['500M', 500e6],
    ['1.5Ti', 1.5 * 1024 * GIB],
    ['128Mi', 128 * MIB],
    ['1073741824', GIB],
    [4096, 4096],
    ['1e3', 1000],
    ['100GiB', 100 * GIB],
    ['500MB', 500e6],
    ['1k', 1000],
    ['1.1G', 1.1e9],
    ['0.5', 1],
  ] as const)('%s is %d bytes', (text, expected) => {
    expect(value(parseQuantity(text))).toBe(expected);
  });

  test.each([
    ['100Gx', 'not a number'],
    ['-1Gi', 'negative'],
    [-5, 'negative'],
    ['Gi', 'not a number'],
    ['', 'empty'],
    ['1e400', 'too large'],
  ] as const)('%j is refused (%s)', (text, reason) => {
    expect(problem(parseQuantity(text))).toContain(reason);
  });

  test('format then parse gives the same bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
          fc.tuple(fc.integer({ min: 1, max: 4096 }), fc.constantFrom(KIB, MIB, GIB, 1024 * GIB, 1e3, 1e6, 1e9)).map(([count, unit]) => count * unit),
        ),
        (bytes) => {
          expect(value(parseQuantity(formatQuantity(bytes)))).toBe(bytes);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('data rates', () => {
  test.each([
    ['5MiB/s', 5 * MIB],
    ['500KB/s', 500e3],
    ['2GiB/h', (2 * GIB) / 3600],
    ['60Mi/m', MIB],
    ['0', 0],
  ] as const)('%s is %d bytes per second', (text, expected) => {
    expect(value(parseDataRate(text))).toBeCloseTo(expected, 9);
  });

  test.each([
    ['5MiB', 'time unit'],
    ['5Mib/s', 'bits'],
    ['-1MiB/s', 'negative'],
    ['5XB/s', 'not a number'],
  ] as const)('%j is refused (%s)', (text, reason) => {
    expect(problem(parseDataRate(text))).toContain(reason);
  });

  test('format then parse gives the same rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (bytesPerSecond) => {
        expect(value(parseDataRate(formatDataRate(bytesPerSecond)))).toBe(bytesPerSecond);
      }),
      { numRuns: 300 },
    );
  });
});

describe('bandwidths', () => {
  test.each([
    ['1Gbps', 125e6],
    ['100Mbps', 12.5e6],
    ['10Gb/s', 1.25e9],
    ['125MB/s', 125e6],
    ['1 Gbps', 125e6],
    ['1Gbit/s', 125e6],
    ['1GiB/s', GIB],
  ] as const)('%s is %d bytes per second', (text, expected) => {
    expect(value(parseBandwidth(text))).toBe(expected);
  });

  test.each([
    ['1 Gbpss', 'unknown unit'],
    ['1GB/h', 'per second'],
    ['1G', 'unknown unit'],
    ['-1Gbps', 'negative'],
    [100, 'needs a unit'],
  ] as const)('%j is refused (%s)', (text, reason) => {
    expect(problem(parseBandwidth(text))).toContain(reason);
  });

  test('format then parse gives the same bandwidth', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 1, max: 2 ** 40 }),
          fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(1e3, 1e6, 1e9, 1e12)).map(([count, unit]) => (count * unit) / 8),
        ),
        (bytesPerSecond) => {
          expect(value(parseBandwidth(formatBandwidth(bytesPerSecond)))).toBe(bytesPerSecond);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('round decimal bit rates are written the network way', () => {
    expect(formatBandwidth(125e6)).toBe('1Gbps');
    expect(formatBandwidth(12.5e6)).toBe('100Mbps');
  });
});

describe('event rates', () => {
  test.each([
    ['6/h', 6 / 3600],
    ['1/m', 1 / 60],
    ['0.5/s', 0.5],
    ['2/d', 2 / 86400],
    ['0', 0],
  ] as const)('%s is %d per second', (text, expected) => {
    expect(value(parseEventRate(text))).toBeCloseTo(expected, 12);
  });

  test.each(['6', '6/x', '-1/h', 'six/h'])('%j is refused', (text) => {
    expect(parseEventRate(text).ok).toBe(false);
  });
});

describe('scheduling interval (Ramen syntax)', () => {
  test.each([
    ['1m', MINUTE],
    ['5m', 5 * MINUTE],
    ['90m', 90 * MINUTE],
    ['2h', 2 * HOUR],
    ['1d', DAY],
  ] as const)('%s is %d ms', (text, expected) => {
    expect(value(parseSchedulingInterval(text))).toBe(expected);
  });

  test('"" is Metro-DR', () => {
    expect(value(parseSchedulingInterval(''))).toBeNull();
  });

  test.each([
    ['90s', 'whole minutes'],
    ['5x', '^\\d+[mhd]$'],
    ['0m', 'at least 1m'],
    ['1h30m', '^\\d+[mhd]$'],
    [' 5m', 'spaces'],
    ['5', '^\\d+[mhd]$'],
    [5, 'string'],
  ] as const)('%j is refused (%s)', (text, reason) => {
    expect(problem(parseSchedulingInterval(text))).toContain(reason);
  });
});

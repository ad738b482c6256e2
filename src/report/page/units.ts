/**
 * Axis ticks in human units: durations on whole minutes, hours or days
 * (`5m`, `2h`, `3d`), bytes on whole KiB, MiB or GiB (`1.5 GiB`), fractions
 * as percentages. The figures themselves use the CLI's human formatting, so a
 * report and a terminal table say the same thing the same way.
 */
import { d3 } from './d3.js';
import { humanBytes, humanCount, humanSeconds } from '../../format/units.js';

export interface Ticks {
  values: number[];
  format: (value: number) => string;
}

const DURATION_UNITS = [1, 60, 3_600, 86_400];
const BYTE_UNITS = [1, 1024, 1024 ** 2, 1024 ** 3, 1024 ** 4, 1024 ** 5];

/** Ticks on the largest unit that the span covers at least twice. */
function unitTicks(low: number, high: number, count: number, units: readonly number[]): number[] {
  const span = Math.abs(high - low);
  let unit = units[0];
  for (const candidate of units) if (span / candidate >= 2) unit = candidate;
  if (span / unit < 2 && unit === units[0]) return d3.ticks(low, high, count);
  return d3.ticks(low / unit, high / unit, count).map((value) => value * unit);
}

export function durationTicks(low: number, high: number, count = 6): Ticks {
  return { values: unitTicks(low, high, count, DURATION_UNITS), format: humanSeconds };
}

export function byteTicks(low: number, high: number, count = 6): Ticks {
  return { values: unitTicks(low, high, count, BYTE_UNITS), format: humanBytes };
}

export function fractionTicks(count = 5): Ticks {
  return { values: d3.ticks(0, 1, count), format: (value) => `${Math.round(value * 100)}%` };
}

export function plainTicks(low: number, high: number, count = 6): Ticks {
  return { values: d3.ticks(low, high, count), format: humanCount };
}

/** The kind of quantity a figure is, and how to write it. */
export type Quantity = 'seconds' | 'bytes' | 'count';

export function formatQuantity(quantity: Quantity, value: number): string {
  if (quantity === 'seconds') return humanSeconds(value);
  if (quantity === 'bytes') return humanBytes(value);
  return humanCount(value);
}

export function quantityTicks(quantity: Quantity, low: number, high: number, count = 6): Ticks {
  if (quantity === 'seconds') return durationTicks(low, high, count);
  if (quantity === 'bytes') return byteTicks(low, high, count);
  return plainTicks(low, high, count);
}

/** Round durations for a logarithmic axis, in seconds. */
const LOG_DURATIONS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 1_209_600, 2_592_000,
];

/** At most `count` of the values, evenly picked, keeping the ends. */
function thin(values: readonly number[], count: number): number[] {
  if (values.length <= count) return [...values];
  const step = Math.ceil(values.length / count);
  return values.filter((_, index) => index % step === 0);
}

export function logDurationTicks(low: number, high: number, count = 8): Ticks {
  return { values: thin(LOG_DURATIONS.filter((value) => value >= low && value <= high), count), format: humanSeconds };
}

/** 1, 2, 5 x 10^k bits per second, as bytes per second. */
export function logBandwidthTicks(low: number, high: number, count = 8, format: (bytesPerSecond: number) => string): Ticks {
  const candidates: number[] = [];
  for (let exponent = 0; exponent <= 15; exponent++) {
    for (const mantissa of [1, 2, 5]) candidates.push((mantissa * 10 ** exponent) / 8);
  }
  return { values: thin(candidates.filter((value) => value >= low && value <= high), count), format };
}

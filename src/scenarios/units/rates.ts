/**
 * Rates: data written per unit of time (`5MiB/s`, `2GiB/h`), link bandwidth
 * in bits or bytes per second (`1Gbps`, `10Gb/s`, `125MB/s`), and event
 * rates (`6/h`). All converted to per-second values.
 */
import { DURATION_UNIT_SECONDS } from './time-units.js';
import { formatQuantity, parseScaledNumber } from './quantity.js';
import { DECIMAL, negativeProblem, parsed, rejected, type UnitResult } from './result.js';

export const DATA_RATE_EXPECTED = 'a data rate such as 5MiB/s, 500KB/s or 2GiB/h';
export const BANDWIDTH_EXPECTED = 'a bandwidth such as 1Gbps, 100Mbps or 125MB/s';
export const EVENT_RATE_EXPECTED = 'an event rate such as 6/h, 1/m or 0.5/s';

const PER_TIME_UNIT = /^(.*)\/(s|m|h|d)$/;

/** Bytes per second from `<size>B/<s|m|h|d>` (the `B` may be left out: `5Mi/s`). */
export function parseDataRate(input: string | number): UnitResult {
  if (input === 0 || input === '0') return parsed(0);
  if (typeof input === 'number') return rejected('a number needs a unit, e.g. 5MiB/s');
  const text = input.trim();
  const negative = negativeProblem(text);
  if (negative) return rejected(negative);
  const match = PER_TIME_UNIT.exec(text);
  if (!match) return rejected('needs a time unit after a slash: /s, /m, /h or /d');
  const [, amount, timeUnit] = match;
  if (/b$/.test(amount)) return rejected('a lowercase b means bits; write rates are in bytes (B)');
  const bytes = parseScaledNumber(amount.endsWith('B') ? amount.slice(0, -1) : amount);
  if (!bytes.ok) return bytes;
  return parsed(bytes.value / DURATION_UNIT_SECONDS[timeUnit as keyof typeof DURATION_UNIT_SECONDS]);
}

const BIT_RATE = new RegExp(`^(${DECIMAL})\\s?([kKMGT]i?)?(?:bps|b/s|bit/s)$`);
const BIT_MULTIPLIERS: Record<string, number> = {
  k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12,
  ki: 2 ** 10, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40,
};

/** Bytes per second from a bit rate (`1Gbps`, `10Gb/s`, network convention: decimal) or a byte rate per second (`125MB/s`). */
export function parseBandwidth(input: string | number): UnitResult {
  if (input === 0 || input === '0') return parsed(0);
  if (typeof input === 'number') return rejected('a number needs a unit, e.g. 1Gbps');
  const text = input.trim();
  const negative = negativeProblem(text);
  if (negative) return rejected(negative);
  const bits = BIT_RATE.exec(text);
  if (bits) {
    const multiplier = bits[2] ? BIT_MULTIPLIERS[bits[2]] : 1;
    return parsed((Number(bits[1]) * multiplier) / 8);
  }
  if (/B\/s$/.test(text)) return parseDataRate(text);
  if (/\/(m|h|d)$/.test(text)) return rejected('bandwidth is per second (/s)');
  return rejected(`unknown unit in "${text}"`);
}

/** Events per second from `<count>/<s|m|h|d>`. */
export function parseEventRate(input: string | number): UnitResult {
  if (input === 0 || input === '0') return parsed(0);
  if (typeof input === 'number') return rejected('a number needs a time unit, e.g. 6/h');
  const text = input.trim();
  const negative = negativeProblem(text);
  if (negative) return rejected(negative);
  const match = new RegExp(`^(${DECIMAL})/(s|m|h|d)$`).exec(text);
  if (!match) return rejected('expected <count>/<s|m|h|d>');
  return parsed(Number(match[1]) / DURATION_UNIT_SECONDS[match[2] as keyof typeof DURATION_UNIT_SECONDS]);
}

/** `5MiB/s`, `1.5GiB/s`, `123B/s`: exact for integer byte rates. */
export function formatDataRate(bytesPerSecond: number): string {
  if (Number.isInteger(bytesPerSecond)) return bytesPerSecond === 0 ? '0' : `${formatQuantity(bytesPerSecond)}B/s`;
  return `${bytesPerSecond}B/s`;
}

/** Network style (`1Gbps`, `100Mbps`) when the bit rate is a round decimal; bytes per second otherwise. */
export function formatBandwidth(bytesPerSecond: number): string {
  const bitsPerSecond = bytesPerSecond * 8;
  if (bitsPerSecond > 0 && Number.isInteger(bitsPerSecond)) {
    for (const [suffix, multiplier] of [['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
      if (bitsPerSecond % multiplier === 0) return `${bitsPerSecond / multiplier}${suffix}bps`;
    }
  }
  return formatDataRate(bytesPerSecond);
}

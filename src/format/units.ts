/**
 * Figures for people: durations as `4m 12s`, bytes as `1.2 GiB`, bandwidth as
 * `412 Mbps`. Rounded for reading; `--json` carries the exact values.
 */

const DURATION_STEPS: readonly [string, number][] = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** Seconds as `350ms`, `42.3s`, `4m 12s`, `2h 5m`, `3d 4h`: the two largest units, rounded. */
export function humanSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 0) return `-${humanSeconds(-seconds)}`;
  if (seconds === 0) return '0s';
  // Thresholds sit where rounding would carry into the next unit (0.9996 s is `1s`, not `1000ms`).
  if (seconds < 0.9995) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 59.95) return `${trimmed(seconds, seconds < 9.995 ? 2 : 1)}s`;
  const whole = Math.round(seconds);
  for (let index = 0; index < DURATION_STEPS.length - 1; index++) {
    const [unit, size] = DURATION_STEPS[index];
    if (whole >= size) {
      const [nextUnit, nextSize] = DURATION_STEPS[index + 1];
      const major = Math.floor(whole / size);
      const minor = Math.floor((whole - major * size) / nextSize);
      return minor > 0 ? `${major}${unit} ${minor}${nextUnit}` : `${major}${unit}`;
    }
  }
  return `${whole}s`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Bytes in binary units with three significant figures: `0 B`, `512 B`, `1.2 GiB`, `37.5 MiB`. */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  if (bytes < 0) return `-${humanBytes(-bytes)}`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${significant(value)} ${BYTE_UNITS[unit]}`;
}

const BIT_UNITS: readonly [string, number][] = [
  ['Tbps', 1e12],
  ['Gbps', 1e9],
  ['Mbps', 1e6],
  ['kbps', 1e3],
];

/** A bandwidth given in bytes per second, written in bits the network way: `1 Gbps`, `412 Mbps`. */
export function humanBandwidth(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  for (const [unit, size] of BIT_UNITS) if (bits >= size) return `${significant(bits / size)} ${unit}`;
  return `${significant(bits)} bps`;
}

/** Counts as `12`, `3.5`, `12,345`. */
export function humanCount(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) || Math.abs(value) >= 100) return groupThousands(Math.round(value));
  return trimmed(value, 2);
}

/** `1234567` -> `1,234,567` (without toLocaleString, whose first call loads ICU data: tens of ms per command). */
function groupThousands(integer: number): string {
  return String(integer).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A fraction as a percentage: `90.3%`. */
export function humanPercent(fraction: number): string {
  return `${trimmed(fraction * 100, 1)}%`;
}

/** Three significant figures without trailing zeros: 1.20 -> `1.2`, 412.34 -> `412`. */
function significant(value: number): string {
  if (value >= 100) return String(Math.round(value));
  return trimmed(value, value >= 10 ? 1 : 2);
}

function trimmed(value: number, decimals: number): string {
  return value.toFixed(decimals).replace(/\.?0+$/, '');
}

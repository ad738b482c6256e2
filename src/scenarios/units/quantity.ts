/**
 * Sizes as Kubernetes quantities (`100Gi`, `500M`, `1.5Ti`, `128Mi`, plain
 * bytes), converted to whole bytes. A trailing `B` (`100GiB`, `500MB`) is
 * accepted as well, since people write sizes that way in prose.
 */
import { DECIMAL, checkFinite, negativeProblem, rejected, type UnitResult } from './result.js';

export const BINARY_MULTIPLIERS = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
} as const;

export const DECIMAL_MULTIPLIERS = {
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
} as const;

const MULTIPLIERS: Record<string, number> = { ...BINARY_MULTIPLIERS, ...DECIMAL_MULTIPLIERS };

export const SIZE_EXPECTED = 'a size such as 100Gi, 500M, 1.5Ti or a plain number of bytes';

const SCALED = new RegExp(`^(${DECIMAL})(?:([KMGTPE]i|[kKMGTPE])|[eE](\\+?\\d+))?$`);

/**
 * A number with an optional binary/decimal multiplier or exponent
 * (`1.5Gi`, `500M`, `1e9`), unrounded. The building block of sizes and rates.
 */
export function parseScaledNumber(text: string): UnitResult {
  const negative = negativeProblem(text);
  if (negative) return rejected(negative);
  const match = SCALED.exec(text);
  if (!match) return rejected(`"${text}" is not a number with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei, k, M, G, T, P or E`);
  const [, digits, suffix, exponent] = match;
  const multiplier = suffix ? MULTIPLIERS[suffix] : exponent ? 10 ** Number(exponent) : 1;
  return checkFinite(Number(digits) * multiplier);
}

export function parseQuantity(input: string | number): UnitResult {
  if (typeof input === 'number') {
    if (input < 0) return rejected('must not be negative');
    return Number.isFinite(input) ? wholeBytes(input) : rejected('is not a finite number');
  }
  const text = input.trim();
  if (text === '') return rejected('is empty');
  const scaled = parseScaledNumber(text.endsWith('B') && text !== 'B' ? text.slice(0, -1) : text);
  return scaled.ok ? wholeBytes(scaled.value) : scaled;
}

/** Kubernetes rounds fractional byte counts up; float noise (1.1 * 1e9) is not a fraction. */
function wholeBytes(value: number): UnitResult {
  const nearest = Math.round(value);
  const bytes = Math.abs(value - nearest) <= value * 8 * Number.EPSILON ? nearest : Math.ceil(value);
  return checkFinite(bytes);
}

/** The shortest exact quantity (`1Gi`, `500M`, `1234`); `parseQuantity(formatQuantity(x)) === x`. */
export function formatQuantity(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`not a byte count: ${bytes}`);
  if (bytes === 0) return '0';
  for (const [suffix, multiplier] of [...Object.entries(BINARY_MULTIPLIERS)].reverse()) {
    if (bytes % multiplier === 0) return `${bytes / multiplier}${suffix}`;
  }
  for (const suffix of ['E', 'P', 'T', 'G', 'M', 'k'] as const) {
    const multiplier = DECIMAL_MULTIPLIERS[suffix];
    if (bytes % multiplier === 0) return `${bytes / multiplier}${suffix}`;
  }
  return String(bytes);
}

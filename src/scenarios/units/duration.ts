/**
 * Durations as scenarios write them (`500ms`, `30s`, `5m`, `1h`, `7d`, or
 * compound `1h30m`), converted to integer milliseconds, the engine's time unit.
 */
import { DECIMAL, checkFinite, negativeProblem, parsed, rejected, type UnitResult } from './result.js';

export const MILLISECONDS_PER = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
} as const;

type DurationUnit = keyof typeof MILLISECONDS_PER;
const UNITS_LARGEST_FIRST = Object.keys(MILLISECONDS_PER) as DurationUnit[];

export const DURATION_EXPECTED = 'a duration such as 500ms, 30s, 5m, 1h30m or 7d';

const SEGMENT = new RegExp(`(${DECIMAL})(ms|s|m|h|d)`, 'y');

export function parseDuration(input: string | number): UnitResult {
  if (typeof input === 'number') {
    // A bare number is ambiguous (seconds? milliseconds?) except zero.
    return input === 0 ? parsed(0) : rejected('a number needs a unit, e.g. 30s');
  }
  const text = input.trim();
  if (text === '') return rejected('is empty');
  if (text === '0') return parsed(0);
  const negative = negativeProblem(text);
  if (negative) return rejected(negative);

  let total = 0;
  let previousRank = -1;
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < text.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(text);
    if (!match) {
      const rest = text.slice(start);
      return rejected(/^\d*\.?\d+$/.test(rest) ? `"${rest}" needs a unit (ms, s, m, h or d)` : `unknown unit in "${rest}"`);
    }
    const unit = match[2] as DurationUnit;
    const rank = UNITS_LARGEST_FIRST.indexOf(unit);
    if (rank <= previousRank) return rejected('compound units must go from largest to smallest, each once (e.g. 1h30m)');
    previousRank = rank;
    total += Number(match[1]) * MILLISECONDS_PER[unit];
  }
  const milliseconds = Math.round(total);
  if (Math.abs(total - milliseconds) > 1e-6) return rejected('is not a whole number of milliseconds');
  return checkFinite(milliseconds);
}

/** The shortest compound form (`1h30m`); `parseDuration(formatDuration(x)) === x` for integer x >= 0. */
export function formatDuration(milliseconds: number): string {
  if (!Number.isInteger(milliseconds) || milliseconds < 0) throw new RangeError(`not a duration in ms: ${milliseconds}`);
  if (milliseconds === 0) return '0s';
  let rest = milliseconds;
  let text = '';
  for (const unit of UNITS_LARGEST_FIRST) {
    const size = MILLISECONDS_PER[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}

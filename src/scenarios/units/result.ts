/** What every unit parser returns: a value, or why the text is not one. */
export type UnitResult = { ok: true; value: number } | { ok: false; problem: string };

export function parsed(value: number): UnitResult {
  return { ok: true, value };
}

export function rejected(problem: string): UnitResult {
  return { ok: false, problem };
}

/** A plain decimal, as units are written: `5`, `1.5`, `.5`. No sign, no exponent. */
export const DECIMAL = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`;

/** Explains why a text with a leading minus is refused, instead of "unknown unit". */
export function negativeProblem(text: string): string | undefined {
  return /^\s*-/.test(text) ? 'must not be negative' : undefined;
}

/** Every unit value must fit a float64 integer range to keep time and byte arithmetic exact. */
export function checkFinite(value: number): UnitResult {
  if (!Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) return rejected('is too large');
  return parsed(value);
}

/**
 * Tolerant readers for a value that may be only partly valid. Cross-field
 * checks run even when some fields failed to parse, so that every error is
 * reported at once; they read through these and skip what is not there.
 */
export type LooseRecord = Record<string, unknown>;

export function record(value: unknown): LooseRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as LooseRecord) : {};
}

export function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Scenario names are DNS-1123 labels (lowercase, digits, '-', at most 63
 * characters). Kubernetes object names may be longer or contain dots, so
 * they are rewritten once, consistently, and the rewrite is reported.
 */
import type { ImportLog } from './import-log.js';

const MAX_LABEL = 63;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function toLabel(raw: string): string {
  const label = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, MAX_LABEL)
    .replace(/^-+|-+$/g, '');
  return label;
}

export class NameMap {
  private readonly mapped = new Map<string, string>();

  constructor(
    private readonly what: string,
    private readonly log: ImportLog,
  ) {}

  /** The scenario name for `raw`; `fallback` when nothing usable is left. */
  of(raw: string, fallback: string): string {
    const known = this.mapped.get(raw);
    if (known !== undefined) return known;
    const label = LABEL.test(raw) && raw.length <= MAX_LABEL ? raw : toLabel(raw) || fallback;
    if (label !== raw) this.log.warn(`${this.what} name "${raw}" is not a DNS-1123 label; imported as "${label}"`);
    this.mapped.set(raw, label);
    return label;
  }
}

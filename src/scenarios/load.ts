/**
 * Loading a scenario: text (YAML or JSON) or an object in, a parsed Scenario
 * with warnings, or every error at once, out. Never throws on bad input.
 */
import { formatPath, type PathSegment, type ScenarioIssue } from './issues.js';
import { MAX_DOCUMENT_DEPTH, TOO_DEEP, nestingDepthExceeds } from './document-limits.js';
import { applyOverrides, parseOverridePath, type ScenarioOverride } from './overrides.js';
import { ScenarioSchema, type Scenario } from './schema/scenario.js';
import { detectFormat, readSourceText, type Locator, type ScenarioFormat } from './source-text.js';
import { scenarioWarnings } from './warnings.js';
import { convertZodIssues, type PendingIssue } from './zod-issues.js';

export type ScenarioLoadResult =
  | { ok: true; scenario: Scenario; warnings: ScenarioIssue[] }
  | { ok: false; errors: ScenarioIssue[] };

export interface LoadOptions {
  /** Used to guess the format (`.json`) and nothing else; rendering is formatIssues' job. */
  filename?: string;
  format?: ScenarioFormat;
  /** Applied to the document before validation (CLI --set, --seed, --runs). */
  overrides?: readonly ScenarioOverride[];
}

export function loadScenario(text: string, options: LoadOptions = {}): ScenarioLoadResult {
  const source = readSourceText(text, options.format ?? detectFormat(text, options.filename));
  if (!source.ok) return { ok: false, errors: source.errors };
  return validate(source.value, { locate: source.locate, overrides: options.overrides ?? [] });
}

/** The scenario text as a plain document, read with the same limits as loadScenario (a sweep applies grid values to it). */
export function readScenarioDocument(text: string, options: Pick<LoadOptions, 'filename' | 'format'> = {}): { ok: true; value: unknown } | { ok: false; errors: ScenarioIssue[] } {
  const source = readSourceText(text, options.format ?? detectFormat(text, options.filename));
  return source.ok ? { ok: true, value: source.value } : source;
}

/** Validates an already parsed document (an HTTP body, a scenario built in code). */
export function parseScenarioObject(object: unknown, options: Pick<LoadOptions, 'overrides'> = {}): ScenarioLoadResult {
  return validate(object, { overrides: options.overrides ?? [] });
}

interface Placement {
  locate?: Locator;
  overrides: readonly ScenarioOverride[];
}

function validate(raw: unknown, placement: Placement): ScenarioLoadResult {
  let document = raw;
  if (placement.overrides.length > 0) {
    const overridden = applyOverrides(raw, placement.overrides);
    if (!overridden.ok) return { ok: false, errors: overridden.errors };
    document = overridden.value;
  }
  // Objects from code or HTTP bodies, and override values, have not been through the text reader's limits.
  if (nestingDepthExceeds(document, MAX_DOCUMENT_DEPTH)) {
    return { ok: false, errors: [{ path: '', message: TOO_DEEP }] };
  }
  const place = placer(placement);
  const result = ScenarioSchema.safeParse(document);
  if (!result.success) {
    const errors = uniqueIssues(convertZodIssues(result.error.issues, document, ScenarioSchema).map(place));
    return { ok: false, errors: byPosition(errors) };
  }
  const scenario = deepFreeze(result.data);
  return { ok: true, scenario, warnings: scenarioWarnings(scenario).map(place) };
}

function placer({ locate, overrides }: Placement) {
  const overriddenPaths = overrides.map((override) => parseOverridePath(override.path) ?? []);
  const isOverridden = (path: readonly PathSegment[]) =>
    overriddenPaths.some((prefix) => prefix.length > 0 && prefix.length <= path.length && prefix.every((segment, index) => segment === path[index]));
  return (issue: PendingIssue): ScenarioIssue => {
    const { path, atKey, ...rest } = issue;
    const placed: ScenarioIssue = { path: formatPath(path), ...rest };
    if (isOverridden(path)) {
      placed.message += ' (value set by an override)';
      return placed;
    }
    const position = locate?.(path, atKey);
    return position ? { ...placed, line: position.line, column: position.column } : placed;
  };
}

function uniqueIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** In file order; issues without a position keep their relative order at the end. */
function byPosition(issues: ScenarioIssue[]): ScenarioIssue[] {
  return [...issues].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

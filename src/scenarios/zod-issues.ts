/**
 * Turns zod's issues into ScenarioIssues a person can act on: the path, the
 * value found there, what the field expects (from its schema metadata), and
 * for unions the alternative the input was evidently aiming at.
 */
import type { z } from 'zod';
import { describeProblem, renderValue, type PathSegment, type ScenarioIssue } from './issues.js';
import { EXPECTED_KEY } from './schema/fields.js';
import { fieldNames, metadataOf, schemaAtPath } from './schema-walk.js';

type ZodIssue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

/** An issue before it is placed in the source text. */
export interface LocatedPath {
  path: PathSegment[];
  /** Point at the key rather than the value (unknown fields). */
  atKey?: boolean;
}

export type PendingIssue = Omit<ScenarioIssue, 'path' | 'line' | 'column'> & LocatedPath;

export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function normalisePath(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

export function convertZodIssues(issues: readonly ZodIssue[], input: unknown, root: Schema): PendingIssue[] {
  return issues.flatMap((issue) => convertIssue(issue, [], input, root));
}

function expectedAt(root: Schema, path: readonly PathSegment[]): string | undefined {
  const schema = schemaAtPath(root, path);
  if (!schema) return undefined;
  const expected = metadataOf(schema)[EXPECTED_KEY];
  return typeof expected === 'string' ? expected : undefined;
}

function pending(path: PathSegment[], value: unknown, expected: string, detail?: string): PendingIssue {
  return { path, value, expected, message: describeProblem(value, expected, detail) };
}

function convertIssue(issue: ZodIssue, prefix: readonly PathSegment[], input: unknown, root: Schema): PendingIssue[] {
  const path = [...prefix, ...normalisePath(issue.path)];
  const value = valueAt(input, path);
  const fieldExpected = expectedAt(root, path);
  switch (issue.code) {
    case 'custom': {
      const params = (issue.params ?? {}) as { expected?: unknown; detail?: unknown };
      const given = value === undefined ? issue.input : value;
      if (typeof params.expected !== 'string') return [{ path, value: given, message: issue.message }];
      return [pending(path, given, params.expected, typeof params.detail === 'string' ? params.detail : undefined)];
    }
    case 'invalid_type':
      return [pending(path, value, fieldExpected ?? typeExpected(issue.expected, root, path))];
    case 'invalid_value':
      return [pending(path, value, fieldExpected ?? `one of ${issue.values.map((option) => renderValue(option)).join(', ')}`)];
    case 'too_big':
    case 'too_small':
      return [pending(path, value, fieldExpected ?? boundText(issue), sizeDetail(value))];
    case 'invalid_format':
    case 'not_multiple_of':
      return [pending(path, value, fieldExpected ?? issue.message)];
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownField(path, key, root));
    case 'invalid_union':
      return convertUnion(issue, path, value, input, root, fieldExpected);
    default:
      return [{ path, value, message: issue.message }];
  }
}

/** "an object with fields site, restoreTime" says more than "an object". */
function typeExpected(type: string, root: Schema, path: readonly PathSegment[]): string {
  const schema = type === 'object' ? schemaAtPath(root, path) : undefined;
  const fields = schema ? fieldNames(schema) : [];
  return fields.length > 0 ? `an object with the fields ${listed(fields)}` : articled(type);
}

const MAX_LISTED_FIELDS = 12;

function listed(names: readonly string[]): string {
  return names.length > MAX_LISTED_FIELDS ? `${names.slice(0, MAX_LISTED_FIELDS).join(', ')}, ...` : names.join(', ');
}

function articled(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function boundText(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const limit = 'maximum' in issue ? issue.maximum : issue.minimum;
  const word = issue.code === 'too_big' ? 'at most' : 'at least';
  const unit = issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : '';
  return issue.exact ? `exactly ${String(limit)}${unit}` : `${word} ${String(limit)}${unit}`;
}

function sizeDetail(value: unknown): string | undefined {
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
  return undefined;
}

/**
 * Fields a scenario could once carry, by their path under `spec` (list
 * indexes left out): a file written for an earlier drsim is told what
 * replaced them rather than only that they are unknown.
 */
const RETIRED_FIELDS: Readonly<Record<string, string>> = {
  'timings.fencingTime':
    'Metro-DR fencing now takes the ManifestWork, timings.networkFenceTime for the blocklist and the next timings.managedClusterViewRefresh (30 s); set those instead',
};

function unknownField(parentPath: PathSegment[], key: string, root: Schema): PendingIssue {
  const parent = schemaAtPath(root, parentPath);
  const known = parent ? fieldNames(parent) : [];
  const expected = known.length > 0 ? `one of the fields ${listed(known)}` : 'no other fields';
  const retired = RETIRED_FIELDS[[...parentPath.filter((segment): segment is string => typeof segment === 'string' && segment !== 'spec'), key].join('.')];
  if (retired) {
    return { path: [...parentPath, key], atKey: true, value: key, expected, message: `field ${JSON.stringify(key)} was retired: ${retired}` };
  }
  const suggestion = closest(key, known);
  return {
    path: [...parentPath, key],
    atKey: true,
    value: key,
    expected,
    message: `unknown field ${JSON.stringify(key)}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''}, expected ${expected}`,
  };
}

/** The known name within edit distance 2 of a misspelt one, if any. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * A union fails as a whole; report the failures of the alternative whose
 * shape the input matches (e.g. `{uniform: [...]}` with a bad bound), or, when
 * none matches, one issue saying what the field accepts.
 */
function convertUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  path: PathSegment[],
  value: unknown,
  input: unknown,
  root: Schema,
  fieldExpected: string | undefined,
): PendingIssue[] {
  const matching = issue.errors.filter((branch) => branch.length > 0 && !branch.some((inner) => isShapeMismatch(inner, value)));
  if (matching.length > 0) {
    const best = matching.reduce((fewest, branch) => (branch.length < fewest.length ? branch : fewest));
    return best.flatMap((inner) => convertIssue(inner, path, input, root));
  }
  return [pending(path, value, fieldExpected ?? 'a value of another form')];
}

/** Whether an issue inside a union branch means "the input is not of this alternative's shape". */
function isShapeMismatch(issue: ZodIssue, value: unknown): boolean {
  if (issue.path.length === 0) {
    if (issue.code === 'invalid_type' || issue.code === 'unrecognized_keys') return true;
    if (issue.code === 'invalid_union') return issue.errors.every((branch) => branch.some((inner) => isShapeMismatch(inner, value)));
    return false;
  }
  // A missing top-level key of an object alternative: the input names another alternative.
  return issue.path.length === 1 && issue.code === 'invalid_type' && valueAt(value, normalisePath(issue.path)) === undefined;
}

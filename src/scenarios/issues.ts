/**
 * The one shape every scenario problem takes, errors and warnings alike, and
 * its rendering for humans: `file:line:col  path: got X, expected Y`.
 */

export interface ScenarioIssue {
  /** Dotted path with indices, e.g. `spec.links[0].bandwidth`; `` for the document itself. */
  path: string;
  message: string;
  /** The value found at the path (absent when the field is missing). */
  value?: unknown;
  expected?: string;
  /** 1-based position in the source text, when the scenario came from text. */
  line?: number;
  column?: number;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

const MAX_RENDERED_VALUE = 80;

/** A value as the user would recognise it in their file: strings quoted, structures compact. */
export function renderValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'nothing';
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null) text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_RENDERED_VALUE ? `${text.slice(0, MAX_RENDERED_VALUE - 3)}...` : text;
}

/** "got X (detail), expected Y"; "missing, expected Y" when nothing was given. */
export function describeProblem(value: unknown, expected: string, detail?: string): string {
  const got = value === undefined ? 'missing' : `got ${renderValue(value)}`;
  return `${got}${detail ? ` (${detail})` : ''}, expected ${expected}`;
}

export function formatIssue(issue: ScenarioIssue, filename?: string): string {
  const position = issue.line !== undefined ? `${issue.line}:${issue.column ?? 1}` : undefined;
  const location = [filename, position].filter((part) => part !== undefined).join(':');
  const subject = issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
  return location === '' ? subject : `${location}  ${subject}`;
}

/** One line per issue, in the order given. */
export function formatIssues(issues: readonly ScenarioIssue[], filename?: string): string {
  return issues.map((issue) => formatIssue(issue, filename)).join('\n');
}

/**
 * What an error answer may repeat of the request. Issues name the value they
 * found, but a value can be as large as the body, and YAML aliases can make
 * one value appear thousands of times: an answer that echoed each in full
 * could be a thousand times its request. So each echoed value is kept whole
 * only when short, and otherwise becomes a preview with its size; the issue
 * list and the message are capped too. The size of any answer is then bounded
 * by constants, whatever was sent.
 */
import { expandedSize } from '../scenarios/index.js';
import type { Issue } from './schemas/errors.js';

/** Values whose JSON is longer than this are echoed as a preview of this many characters. */
export const MAX_ECHOED_VALUE_CHARS = 200;
export const MAX_ECHOED_ISSUES = 100;
export const MAX_MESSAGE_CHARS = 2000;

/** Measuring stops here: a value this large is reported as "more than" it. */
const SIZE_BUDGET_BYTES = 64 * 1024 * 1024;

export function boundedIssues(issues: readonly Issue[]): Issue[] {
  const shown = issues.slice(0, MAX_ECHOED_ISSUES).map(boundedIssue);
  const hidden = issues.length - shown.length;
  if (hidden > 0) shown.push({ path: '', message: `and ${hidden} more problem${hidden === 1 ? '' : 's'} not shown (at most ${MAX_ECHOED_ISSUES} are listed)` });
  return shown;
}

export function boundedMessage(message: string): string {
  return message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}

function boundedIssue(issue: Issue): Issue {
  const bounded: Issue = { ...issue, message: boundedMessage(issue.message) };
  if ('value' in issue && issue.value !== undefined) Object.assign(bounded, echoedValue(issue.value));
  if (issue.point) bounded.point = Object.fromEntries(Object.entries(issue.point).map(([path, value]) => [path, echoedValue(value).value]));
  return bounded;
}

/** The value itself when short; otherwise a preview string and the value's size in bytes as JSON. */
export function echoedValue(value: unknown): { value: unknown; valueBytes?: number } {
  if (typeof value === 'string') {
    if (value.length <= MAX_ECHOED_VALUE_CHARS) return { value };
    return { value: `${value.slice(0, MAX_ECHOED_VALUE_CHARS)}…`, valueBytes: Buffer.byteLength(JSON.stringify(value), 'utf8') };
  }
  if (value === null || typeof value !== 'object') return { value };
  const size = expandedSize(value, SIZE_BUDGET_BYTES);
  if (size <= MAX_ECHOED_VALUE_CHARS) return { value };
  return { value: `${jsonPreview(value, MAX_ECHOED_VALUE_CHARS)}…`, valueBytes: Math.min(size, SIZE_BUDGET_BYTES + 1) };
}

/** The first `length` characters of the value as JSON, without serialising the rest of it. */
function jsonPreview(value: object, length: number): string {
  let remaining = length;
  const text = JSON.stringify(value, (key, node: unknown) => {
    // Once the preview is long enough, everything further is left out (arrays show it as null).
    if (remaining <= 0) return undefined;
    remaining -= key.length + (typeof node === 'string' ? node.length : 4);
    return node;
  });
  return (text ?? '').slice(0, length);
}

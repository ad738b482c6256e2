/**
 * Scenario text to a plain object, keeping the position of every node so
 * that an issue at `spec.links[0].bandwidth` can name its line and column.
 * JSON goes through the same YAML parser for positions, after JSON.parse has
 * confirmed it is strict JSON.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { MAX_DOCUMENT_DEPTH, TOO_DEEP, documentValue, overflowedStack, yamlNestingProblem } from './document-limits.js';
import type { PathSegment, ScenarioIssue } from './issues.js';
import { MAX_SCENARIO_BYTES } from './limits.js';
import { formatQuantity } from './units/quantity.js';

export type ScenarioFormat = 'yaml' | 'json';

export interface Position {
  line: number;
  column: number;
}

/** Finds where a path is in the source: the value, its key, or the nearest enclosing node that exists. */
export type Locator = (path: readonly PathSegment[], atKey?: boolean) => Position | undefined;

export type SourceResult = { ok: true; value: unknown; locate: Locator } | { ok: false; errors: ScenarioIssue[] };

export function detectFormat(text: string, filename?: string): ScenarioFormat {
  if (filename && /\.json$/i.test(filename)) return 'json';
  if (filename && /\.ya?ml$/i.test(filename)) return 'yaml';
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

export function readSourceText(text: string, format: ScenarioFormat): SourceResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SCENARIO_BYTES) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          value: `${bytes} bytes`,
          expected: `a document of at most ${formatQuantity(MAX_SCENARIO_BYTES)}B`,
          message: `the document is ${bytes} bytes, expected at most ${formatQuantity(MAX_SCENARIO_BYTES)}B (${MAX_SCENARIO_BYTES} bytes)`,
        },
      ],
    };
  }
  if (format === 'json') {
    const jsonProblem = strictJsonProblem(text);
    if (jsonProblem) return { ok: false, errors: [jsonProblem] };
  }
  const tooDeep = yamlNestingProblem(text);
  if (tooDeep) {
    const { message, line, column } = tooDeep;
    return { ok: false, errors: [{ path: '', message, line, column, expected: `at most ${MAX_DOCUMENT_DEPTH} levels of nesting` }] };
  }
  const lineCounter = new LineCounter();
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    // The depth check above keeps the composer shallow; a caller already deep in the stack still gets a refusal.
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, errors: [{ path: '', message: TOO_DEEP }] };
  }
  if (document.errors.some((error) => overflowedStack(error.message))) {
    return { ok: false, errors: [{ path: '', message: TOO_DEEP }] };
  }
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { path: '', message: `${format === 'json' ? 'JSON' : 'YAML'} syntax error: ${firstLine(error.message)}`, line, column: col };
      }),
    };
  }
  const read = documentValue(document, bytes);
  if (!read.ok) return { ok: false, errors: [{ path: '', message: read.message }] };
  return { ok: true, value: read.value, locate: documentLocator(document, lineCounter) };
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

/** JSON.parse's complaint, positioned: Node reports "at position N" (or line/column in newer versions). */
function strictJsonProblem(text: string): ScenarioIssue | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /position (\d+)/.exec(message);
    const position = offset ? positionOfOffset(text, Number(offset[1])) : undefined;
    return { path: '', message: `JSON syntax error: ${firstLine(message)}`, ...(position ?? {}) };
  }
}

function positionOfOffset(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function documentLocator(document: Document, lineCounter: LineCounter): Locator {
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return (path, atKey = false) => {
    let node: Node | null | undefined = document.contents as Node | null;
    if (!node) return undefined;
    for (let index = 0; index < path.length; index++) {
      const segment = path[index];
      const last = index === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        const key = pair.key as Node;
        const value = pair.value as Node | null;
        if ((last && atKey) || !value) {
          node = key;
          if (!value) break;
          continue;
        }
        node = value;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment] as Node;
      } else break;
    }
    return node?.range ? at(node.range[0]) : undefined;
  };
}

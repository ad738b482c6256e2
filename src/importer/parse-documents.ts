/**
 * Multi-document YAML in, plain objects out, each with where it came from.
 * A document that does not parse is reported and skipped, so one broken file
 * in a directory does not stop the import of the others.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { TOO_DEEP, documentValue, yamlNestingPastLimit } from '../scenarios/document-limits.js';
import { items, record, text } from '../scenarios/schema/loose.js';
import type { ImportLog } from './import-log.js';

export interface ManifestSource {
  /** A file path or any label the messages should use. */
  name: string;
  text: string;
}

export interface RawDocument {
  /** `file.yaml` or `file.yaml#3` (the third document). */
  origin: string;
  value: Record<string, unknown>;
}

export function parseDocuments(source: ManifestSource, log: ImportLog): RawDocument[] {
  // Before yaml composes it: past the limit its recursion could overflow the stack and abort the process.
  const tooDeep = yamlNestingPastLimit(source.text);
  if (tooDeep) {
    log.warn(`${source.name}:${tooDeep.line}:${tooDeep.column}: ${TOO_DEEP}; file skipped`);
    return [];
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(source.text, { lineCounter });
  const textBytes = Buffer.byteLength(source.text, 'utf8');
  const parsed = Array.isArray(documents) ? documents : [];
  const results: RawDocument[] = [];
  parsed.forEach((document, index) => {
    const origin = parsed.length > 1 ? `${source.name}#${index + 1}` : source.name;
    if (document.errors.length > 0) {
      const error = document.errors[0];
      const position = lineCounter.linePos(error.pos[0]);
      log.warn(`${source.name}:${position.line}:${position.col}: not valid YAML (${firstLine(error.message)}); document skipped`);
      return;
    }
    // Aliases are resolved only here: an alias to no anchor, an alias bomb, or nesting past the limit.
    const read = documentValue(document, textBytes);
    if (!read.ok) {
      log.warn(`${origin}: cannot resolve the YAML (${read.message}); document skipped`);
      return;
    }
    const value = read.value;
    if (value === null || value === undefined) return; // an empty document (a leading --- or only comments)
    if (typeof value !== 'object' || Array.isArray(value)) {
      log.warn(`${origin}: not a Kubernetes object (a YAML ${Array.isArray(value) ? 'list' : typeof value}); skipped`);
      return;
    }
    results.push(...expandLists(origin, value as Record<string, unknown>));
  });
  return results;
}

/** `kind: List` (as `kubectl get -o yaml` prints) holds its objects in `items`. */
function expandLists(origin: string, value: Record<string, unknown>): RawDocument[] {
  if (text(value.kind) !== 'List' || !Array.isArray(value.items)) return [{ origin, value }];
  return items(value.items).map((item, index) => ({ origin: `${origin} items[${index}]`, value: record(item) }));
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/**
 * The limits every reader of untrusted YAML or JSON applies, scenario files,
 * API bodies, sweep axes and RamenDR manifests alike, so that no route to the
 * parser is more permissive than another: how many aliases a document may
 * resolve, how deep it may nest, and how much larger than its text it may
 * grow once aliases are expanded. Each refusal is a message, never a throw.
 */
import { Parser, parseDocument, type CST, type Document } from 'yaml';

/** yaml's own bound on alias resolution (its default is 100; anchors reused for VM templates need more). */
export const MAX_ALIAS_COUNT = 1000;
/** A scenario is about 8 levels deep, a Kubernetes manifest rarely over 20; deeper input is refused before anything walks it. */
export const MAX_DOCUMENT_DEPTH = 64;
/**
 * Aliases may make a document larger than its text, but not by more than this
 * factor (or EXPANSION_ALLOWANCE_BYTES, whichever is larger): a 300 KB body
 * that expands to 300 MB is an attack, not a scenario.
 */
export const MAX_EXPANSION_FACTOR = 16;
export const EXPANSION_ALLOWANCE_BYTES = 1024 * 1024;

export const TOO_DEEP = `the document is nested more than ${MAX_DOCUMENT_DEPTH} levels deep`;

export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Where YAML (or JSON) text first opens a collection more than `maximum`
 * levels deep, or undefined. Every reader of untrusted text asks this before
 * yaml composes the text: the composer recurses once per level and overflows
 * the stack at about a thousand, and that overflow cannot be caught safely —
 * yaml catches it at the edge of the stack and runs regular expressions
 * there, and V8 compiling one with no stack left aborts the process ("FATAL
 * ERROR: RegExpCompiler Allocation failed - process out of memory"). yaml's
 * lexer and parser keep their own stacks, so the concrete syntax tree they
 * build can be measured at any depth; this walk is iterative too.
 */
export function yamlNestingPastLimit(text: string, maximum = MAX_DOCUMENT_DEPTH): TextPosition | undefined {
  const pending: [CST.Token, number][] = [];
  for (const token of new Parser().parse(text)) pending.push([token, 0]);
  pending.reverse();
  while (pending.length > 0) {
    const [token, depth] = pending.pop()!;
    if (token.type === 'document') {
      if (token.value) pending.push([token.value, depth]);
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > maximum) return positionOf(text, token.offset);
    // Items in reverse, so the first collection past the limit in the text is the one named.
    for (let index = token.items.length - 1; index >= 0; index -= 1) {
      const { key, value } = token.items[index] as CST.CollectionItem;
      if (value) pending.push([value, depth + 1]);
      if (key) pending.push([key, depth + 1]);
    }
  }
  return undefined;
}

/** TOO_DEEP with where the text passes the limit, when it does. */
export function yamlNestingProblem(text: string): (TextPosition & { message: string }) | undefined {
  const position = yamlNestingPastLimit(text);
  return position && { ...position, message: `${TOO_DEEP} (from line ${position.line}, column ${position.column})` };
}

function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  let line = 1;
  for (let index = before.indexOf('\n'); index !== -1; index = before.indexOf('\n', index + 1)) line += 1;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** yaml reports a stack overflow while composing as a document error rather than throwing it. */
export function overflowedStack(message: string): boolean {
  return message.includes('Maximum call stack size exceeded');
}

export type ValueResult = { ok: true; value: unknown } | { ok: false; message: string };

/** The JS value of a parsed YAML document, within the alias, depth and expansion limits. */
export function documentValue(document: Document.Parsed | Document, textBytes: number): ValueResult {
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // ReferenceError: an alias to no anchor or over maxAliasCount; RangeError: nesting deep enough to overflow the stack.
    if (error instanceof RangeError) return { ok: false, message: TOO_DEEP };
    return { ok: false, message: `YAML error: ${firstLine(error instanceof Error ? error.message : String(error))}` };
  }
  return checkedValue(value, textBytes);
}

/** One YAML (or JSON) document from text to a value within the limits; syntax errors are a message too. */
export function parseYamlValue(text: string): ValueResult {
  const tooDeep = yamlNestingProblem(text);
  if (tooDeep) return { ok: false, message: tooDeep.message };
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, message: TOO_DEEP };
    throw error;
  }
  if (document.errors.length > 0) {
    const message = document.errors[0].message;
    return { ok: false, message: overflowedStack(message) ? TOO_DEEP : `YAML syntax error: ${firstLine(message)}` };
  }
  return documentValue(document, Buffer.byteLength(text, 'utf8'));
}

/** Depth, then expansion: a value from text passes both or is refused with the reason. */
export function checkedValue(value: unknown, textBytes: number): ValueResult {
  if (nestingDepthExceeds(value, MAX_DOCUMENT_DEPTH)) return { ok: false, message: TOO_DEEP };
  const allowance = Math.max(EXPANSION_ALLOWANCE_BYTES, MAX_EXPANSION_FACTOR * textBytes);
  const expanded = expandedSize(value, allowance);
  if (expanded > allowance) {
    return {
      ok: false,
      message: `the document's aliases expand it to more than ${allowance} bytes, over ${MAX_EXPANSION_FACTOR} times its ${textBytes} bytes of text`,
    };
  }
  return { ok: true, value };
}

/** Iterative, so a hostile document cannot overflow the stack while being measured. */
export function nestingDepthExceeds(value: unknown, maximum: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maximum) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * The size of `value` written as JSON, counting every alias at every place it
 * is used (shared objects count each time, as they would be sent). Stops
 * counting once over `budget`, so measuring an alias bomb costs no more than
 * the budget; the answer is then some number over it.
 */
export function expandedSize(value: unknown, budget = Number.POSITIVE_INFINITY): number {
  let size = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && size <= budget) {
    const node = pending.pop();
    if (typeof node === 'string') size += node.length + 2;
    else if (node === null || typeof node !== 'object') size += String(node).length;
    else if (Array.isArray(node)) {
      size += 2 + Math.max(0, node.length - 1);
      for (const item of node) pending.push(item);
    } else {
      const entries = Object.entries(node);
      size += 2 + Math.max(0, entries.length - 1);
      for (const [key, child] of entries) {
        size += key.length + 3;
        pending.push(child);
      }
    }
  }
  return size;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

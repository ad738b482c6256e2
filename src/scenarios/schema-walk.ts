/**
 * Navigation of a zod schema by data path (`spec.links[0].bandwidth`), to
 * find what a field expects (error messages), which fields exist (unknown-key
 * hints, overrides) and which JSON types it accepts (override coercion).
 */
import { z } from 'zod';
import type { PathSegment } from './issues.js';

type Schema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  items?: Schema[];
  rest?: Schema | null;
  options?: Schema[];
  values?: unknown[];
  entries?: Record<string, unknown>;
}

function def(schema: Schema): Def {
  return schema._zod.def as unknown as Def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schema and the schemas it wraps, outermost first, down to the one that checks the input's shape. */
export function wrapperChain(schema: Schema): Schema[] {
  const chain = [schema];
  let current = schema;
  for (;;) {
    const d = def(current);
    const next = WRAPPERS.has(d.type) ? d.innerType : d.type === 'pipe' ? d.in : undefined;
    if (!next) return chain;
    chain.push(next);
    current = next;
  }
}

function core(schema: Schema): Schema {
  const chain = wrapperChain(schema);
  return chain[chain.length - 1];
}

/** Metadata of a field, the outermost value of each key winning. */
export function metadataOf(schema: Schema): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const node of wrapperChain(schema).reverse()) Object.assign(merged, z.globalRegistry.get(node) ?? {});
  return merged;
}

/** The schema of one child of a value, or undefined if the schema has no such child. */
export function childSchema(schema: Schema, segment: PathSegment): Schema | undefined {
  const node = core(schema);
  const d = def(node);
  switch (d.type) {
    case 'object':
      return typeof segment === 'string' && d.shape && Object.hasOwn(d.shape, segment) ? d.shape[segment] : undefined;
    case 'array':
      return typeof segment === 'number' ? d.element : undefined;
    case 'tuple':
      if (typeof segment !== 'number') return undefined;
      return d.items?.[segment] ?? d.rest ?? undefined;
    case 'record':
      return typeof segment === 'string' ? (d as unknown as { valueType: Schema }).valueType : undefined;
    case 'union':
      for (const option of d.options ?? []) {
        const child = childSchema(option, segment);
        if (child) return child;
      }
      return undefined;
    default:
      return undefined;
  }
}

export function schemaAtPath(root: Schema, path: readonly PathSegment[]): Schema | undefined {
  let current: Schema | undefined = root;
  for (const segment of path) {
    if (!current) return undefined;
    current = childSchema(current, segment);
  }
  return current;
}

/** Field names of an object schema (through unions of objects), for "did you mean". */
export function fieldNames(schema: Schema): string[] {
  const d = def(core(schema));
  if (d.type === 'object') return Object.keys(d.shape ?? {});
  if (d.type === 'union') return [...new Set((d.options ?? []).flatMap(fieldNames))];
  return [];
}

export type JsonKind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/** The JSON kinds of input the schema accepts (by its shape; refinements aside). */
export function acceptedKinds(schema: Schema): Set<JsonKind> {
  const node = core(schema);
  const d = def(node);
  const kinds = new Set<JsonKind>();
  switch (d.type) {
    case 'string':
    case 'template_literal':
      kinds.add('string');
      break;
    case 'number':
    case 'int':
    case 'bigint':
      kinds.add('number');
      break;
    case 'boolean':
      kinds.add('boolean');
      break;
    case 'null':
      kinds.add('null');
      break;
    case 'object':
    case 'record':
      kinds.add('object');
      break;
    case 'array':
    case 'tuple':
      kinds.add('array');
      break;
    case 'enum':
      for (const value of Object.values(d.entries ?? {})) kinds.add(typeof value === 'number' ? 'number' : 'string');
      break;
    case 'literal':
      for (const value of d.values ?? []) kinds.add(typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string');
      break;
    case 'union':
      for (const option of d.options ?? []) for (const kind of acceptedKinds(option)) kinds.add(kind);
      break;
    default:
      for (const kind of ['string', 'number', 'boolean', 'null', 'object', 'array'] as const) kinds.add(kind);
  }
  return kinds;
}

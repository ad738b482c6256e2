/**
 * Setting fields of a raw scenario by dotted path before validation
 * (`drsim sweep --set spec.drPolicy.schedulingInterval=5m`, `--seed`,
 * `--runs`). Paths are checked against the schema, and command-line strings
 * become numbers, booleans or structures where the field wants them.
 */
import { parseYamlValue } from './document-limits.js';
import { formatPath, renderValue, type PathSegment, type ScenarioIssue } from './issues.js';
import { ScenarioSchema } from './schema/scenario.js';
import { acceptedKinds, childSchema, fieldNames } from './schema-walk.js';

export interface ScenarioOverride {
  /** `spec.links[0].bandwidth` */
  path: string;
  value: unknown;
}

export type OverrideResult = { ok: true; value: unknown } | { ok: false; errors: ScenarioIssue[] };

const SEGMENT = /\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]/y;

export function parseOverridePath(path: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(path);
    if (!match || (start === 0 && path.startsWith('.')) || (start > 0 && match[1] !== undefined && path[start] !== '.')) return undefined;
    segments.push(match[1] !== undefined ? match[1] : Number(match[2]));
  }
  return segments.length > 0 ? segments : undefined;
}

/** A copy of `raw` with every override applied, or why an override cannot be. */
export function applyOverrides(raw: unknown, overrides: readonly ScenarioOverride[]): OverrideResult {
  const copy: unknown = structuredClone(raw ?? {});
  const errors: ScenarioIssue[] = [];
  for (const override of overrides) {
    const problem = applyOne(copy, override);
    if (problem) errors.push({ path: override.path, value: override.value, ...problem });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: copy };
}

function applyOne(root: unknown, override: ScenarioOverride): { message: string; expected?: string } | undefined {
  const path = parseOverridePath(override.path);
  if (!path) {
    return { message: `cannot read the path ${JSON.stringify(override.path)}`, expected: 'a path such as spec.links[0].bandwidth' };
  }
  let schema: Parameters<typeof childSchema>[0] = ScenarioSchema;
  let container: unknown = root;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index];
    const here = formatPath(path.slice(0, index)) || 'the scenario';
    const child = childSchema(schema, segment);
    if (!child) {
      if (typeof segment === 'number') return { message: `${here} is not a list`, expected: 'a field name after it' };
      const known = fieldNames(schema);
      return {
        message: `${here} has no field ${JSON.stringify(segment)}`,
        expected: known.length > 0 ? `one of the fields ${known.join(', ')}` : 'no fields under it',
      };
    }
    if (container === null || typeof container !== 'object') {
      return { message: `${here} holds ${JSON.stringify(container)}, not a structure to set a field in; set ${here} as a whole` };
    }
    const holder = container as Record<PropertyKey, unknown>;
    if (typeof segment === 'number') {
      if (!Array.isArray(holder)) return { message: `${here} is not a list in this scenario` };
      if (segment >= holder.length) return { message: `${here} has ${holder.length} item(s); there is no [${segment}]` };
    }
    if (index === path.length - 1) {
      const coerced = coerce(override.value, child);
      if (!coerced.ok) return { message: coerced.message };
      holder[segment] = coerced.value;
      return undefined;
    }
    if (holder[segment] === undefined || holder[segment] === null) holder[segment] = typeof path[index + 1] === 'number' ? [] : {};
    container = holder[segment];
    schema = child;
  }
  return undefined;
}

type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

/** Command-line text to the JSON kind the field takes; anything else is passed through for validation to judge. */
function coerce(value: unknown, schema: Parameters<typeof acceptedKinds>[0]): Coerced {
  if (typeof value !== 'string') return { ok: true, value };
  const kinds = acceptedKinds(schema);
  const text = value.trim();
  if (kinds.has('number') && !kinds.has('string') && text !== '' && Number.isFinite(Number(text))) return { ok: true, value: Number(text) };
  if (kinds.has('boolean') && !kinds.has('string') && (text === 'true' || text === 'false')) return { ok: true, value: text === 'true' };
  if ((kinds.has('object') || kinds.has('array')) && /^[{[]/.test(text)) {
    const read = parseYamlValue(text);
    return read.ok ? read : { ok: false, message: `cannot read ${renderValue(value)}: ${read.message}` };
  }
  return { ok: true, value };
}

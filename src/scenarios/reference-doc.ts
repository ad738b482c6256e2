/**
 * docs/scenario-reference.md, rendered from the scenario schema itself (its
 * JSON Schema with drsim's annotations), so that every field, type, default
 * and description in the reference is the one the loader applies.
 */
import { annotatedScenarioJsonSchema } from './json-schema.js';
import * as limits from './limits.js';
import { FIELD_TYPE_KEY } from './schema/fields.js';
import { formatDuration } from './units/duration.js';
import { formatQuantity } from './units/quantity.js';
import { formatBandwidth, formatDataRate } from './units/rates.js';

type JsonSchema = Record<string, unknown>;

interface Row {
  field: string;
  type: string;
  required: boolean;
  defaultValue: string;
  description: string;
}

interface Section {
  path: string;
  description: string;
  rows: Row[];
}

export function renderScenarioReference(): string {
  const root = annotatedScenarioJsonSchema();
  const sections: Section[] = [];
  collectSections(root, 'Document', root, sections);
  return [
    HEADER,
    UNITS,
    ...sections.map(renderSection),
    RANDOM_DURATIONS,
    WRITE_RATES,
    renderLimits(),
  ].join('\n');
}

const HEADER = `# Scenario reference

<!-- Generated from src/scenarios by \`npm run docs:scenario-reference\`; do not edit by hand. -->

A scenario is a YAML or JSON document (Kubernetes style: \`apiVersion\`, \`kind\`,
\`metadata\`, \`spec\`). This reference lists every field with its type, default and
meaning. Fields without a default are required unless marked optional. Invalid input is
reported all at once, each problem with its path, line and column, the value given and
what was expected.

Once parsed, every value is in the engine's units: durations in milliseconds, sizes in
bytes, data rates and bandwidths in bytes per second, event rates per second, random
durations as distributions in milliseconds, \`schedulingInterval\` in milliseconds or
\`null\` for Metro-DR. Field names stay the same.
`;

const UNITS = `## Units

| Type | Written as | Parsed to |
|---|---|---|
| duration | \`500ms\`, \`30s\`, \`5m\`, \`1h\`, \`7d\`, compound \`1h30m\` (largest unit first); \`0\` needs no unit | integer milliseconds |
| size | Kubernetes quantities \`100Gi\`, \`500M\`, \`1.5Ti\`, \`128Mi\`, or plain bytes; \`GiB\`/\`MB\` also accepted | bytes (rounded up) |
| data rate | \`5MiB/s\`, \`500KB/s\`, \`2GiB/h\` (per \`s\`, \`m\`, \`h\` or \`d\`) | bytes per second |
| bandwidth | \`1Gbps\`, \`100Mbps\`, \`10Gb/s\` (bits, decimal), or \`125MB/s\` (bytes) | bytes per second |
| event rate | \`6/h\`, \`1/m\`, \`0.5/s\` | events per second |
| scheduling interval | \`""\` (Metro-DR), or \`<n>m\`, \`<n>h\`, \`<n>d\` as Ramen accepts (\`^\\d+[mhd]$\`, at least \`1m\`) | milliseconds, or null for Metro-DR |
| random duration | a duration, or a distribution (see [Random durations](#random-durations)) | a distribution in milliseconds |
| write rate | a data rate, or a profile (see [Write rates](#write-rates)) | a write profile in bytes per second |
| name | a DNS-1123 label: lowercase letters, digits and \`-\`, at most 63 characters | the same string |
`;

const RANDOM_DURATIONS = `## Random durations

A random duration is a constant duration or exactly one of these forms (all bounds are durations):

- \`{uniform: [a, b]}\`: uniform between a and b (a <= b).
- \`{exponential: {mean}}\`: exponential with that mean (> 0).
- \`{lognormal: {median, p95}}\`: log-normal given by its median (> 0) and 95th percentile (>= median).
- \`{empirical: [d1, d2, ...]}\`: the piecewise-linear distribution of observed values.
`;

const WRITE_RATES = `## Write rates

A write rate is a constant data rate or exactly one of these profiles:

- \`{diurnal: {mean, peak, peakAt}}\`: rate(t) = mean + (peak - mean) cos(2 pi (t - peakAt) / 24h), with mean <= peak <= 2 x mean so it never goes negative.
- \`{bursts: {base, burst, duration, every, offset}}\`: the base rate, replaced by the burst rate for \`duration\` every \`every\` (duration <= every), the first burst starting at \`offset\` (default 0s).
- \`{series: {step, period, rates, offset}}\`: a measured periodic profile: \`rates[i]\` holds during [offset + i step, offset + (i + 1) step), and the whole series repeats every \`period\` (= step x the number of rates, e.g. 96 rates of 15m for 1d, or 168 of 1h for 7d) before and after \`offset\` (default 0s).
`;

function resolve(root: JsonSchema, schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/$defs/', '');
  const definitions = (root.$defs ?? {}) as Record<string, JsonSchema>;
  return { ...definitions[name], ...schema, $ref: undefined };
}

function properties(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties ?? {}) as Record<string, JsonSchema>;
}

/** An object schema gets its own section; nested objects and lists of objects get theirs after it. */
function collectSections(root: JsonSchema, path: string, schema: JsonSchema, sections: Section[]): void {
  const required = new Set((schema.required ?? []) as string[]);
  const section: Section = { path, description: String(schema.description ?? ''), rows: [] };
  sections.push(section);
  const nested: Array<[string, JsonSchema]> = [];
  for (const [name, rawChild] of Object.entries(properties(schema))) {
    const child = resolve(root, rawChild);
    const fieldPath = path === 'Document' ? name : `${path}.${name}`;
    section.rows.push({
      field: name,
      type: typeText(root, child),
      required: required.has(name) && child.default === undefined,
      defaultValue: child.default === undefined ? '' : `\`${flow(child.default)}\``,
      description: String(child.description ?? ''),
    });
    if (child[FIELD_TYPE_KEY] !== undefined) continue;
    if (child.type === 'object' && child.properties) nested.push([fieldPath, child]);
    const items = child.type === 'array' && child.items ? resolve(root, child.items as JsonSchema) : undefined;
    if (items?.type === 'object' && items.properties) nested.push([`${fieldPath}[]`, { ...items, description: items.description ?? child.description }]);
  }
  for (const [childPath, child] of nested) collectSections(root, childPath, child, sections);
}

function typeText(root: JsonSchema, schema: JsonSchema): string {
  const fieldType = schema[FIELD_TYPE_KEY];
  if (typeof fieldType === 'string') return fieldType;
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => `\`${String(value)}\``).join(' | ');
  if (schema.type === 'array') {
    const items = schema.items ? resolve(root, schema.items as JsonSchema) : undefined;
    if (Array.isArray(schema.prefixItems)) return `[${(schema.prefixItems as JsonSchema[]).map((item) => typeText(root, resolve(root, item))).join(', ')}]`;
    const bounds = listBounds(schema);
    return `list of ${items ? (items.type === 'object' ? 'objects' : plural(typeText(root, items))) : 'values'}${bounds}`;
  }
  if (schema.type === 'number') {
    const low = schema.exclusiveMinimum !== undefined ? `> ${String(schema.exclusiveMinimum)}` : undefined;
    const high = schema.maximum !== undefined ? `<= ${String(schema.maximum)}` : undefined;
    return ['number', [low, high].filter(Boolean).join(', ')].filter(Boolean).join(', ');
  }
  return typeof schema.type === 'string' ? schema.type : 'value';
}

function listBounds(schema: JsonSchema): string {
  const { minItems, maxItems } = schema as { minItems?: number; maxItems?: number };
  if (minItems !== undefined && minItems === maxItems) return ` (exactly ${minItems})`;
  if (minItems) return ` (${minItems} or more)`;
  return '';
}

function plural(type: string): string {
  return type.endsWith('s') ? type : `${type}s`;
}

/** YAML flow style, as a scenario would write the value. */
function flow(value: unknown): string {
  if (typeof value === 'string') return value === '' || /[:{}[\],#]/.test(value) ? JSON.stringify(value) : value;
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, child]) => `${key}: ${flow(child)}`).join(', ')}}`;
  }
  return String(value);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function renderSection(section: Section): string {
  const lines = [`## \`${section.path}\``, ''];
  if (section.description) lines.push(section.description, '');
  lines.push('| Field | Type | Default | Description |', '|---|---|---|---|');
  for (const row of section.rows) {
    const defaultText = row.defaultValue || (row.required ? 'required' : 'optional');
    lines.push(`| \`${row.field}\` | ${cell(row.type)} | ${cell(defaultText)} | ${cell(row.description)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Each limit with its unit, read from the constant's name. */
function renderLimits(): string {
  const lines = [
    '## Limits',
    '',
    'Documents and values beyond these are refused with a message naming the limit (`src/scenarios/limits.ts`).',
    '',
    '| Limit | Value |',
    '|---|---|',
  ];
  // Sorted: module namespace key order differs between Node and bundlers.
  for (const [name, value] of Object.entries(limits).sort(([a], [b]) => a.localeCompare(b))) {
    if (typeof value !== 'number') continue;
    lines.push(`| \`${name}\` | ${limitText(name, value)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function limitText(name: string, value: number): string {
  if (name.endsWith('_MS')) return formatDuration(value);
  if (name.endsWith('_BYTES_PER_SECOND')) return name.includes('BANDWIDTH') ? formatBandwidth(value) : formatDataRate(value);
  if (name.endsWith('_BYTES')) return `${formatQuantity(value)} (${value} bytes)`;
  return String(value);
}

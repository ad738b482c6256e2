/** The JSON Schema of scenario input, as the HTTP API serves it. */
import { z } from 'zod';
import { ScenarioSchema } from './schema/scenario.js';

const DRSIM_KEY_PREFIX = 'x-drsim-';

/** Input form with drsim's annotations (field types, expected forms), for the reference doc. */
export function annotatedScenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
}

/** Standard JSON Schema (draft 2020-12) of what a scenario document may contain. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return withoutDrsimKeys(annotatedScenarioJsonSchema()) as Record<string, unknown>;
}

function withoutDrsimKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDrsimKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith(DRSIM_KEY_PREFIX))
      .map(([key, child]) => [key, withoutDrsimKeys(child)]),
  );
}

/**
 * Request bodies. The scenario itself is only typed loosely here (an object
 * or YAML/JSON text): the scenarios module validates it, so its errors carry
 * the scenario path and, for text, the line and column.
 */
import { z } from 'zod';

const ScenarioDocumentSchema = z
  .union([
    z.string().describe('Scenario as YAML or JSON text'),
    z.record(z.string(), z.unknown()).describe('Scenario as a JSON object (see the scenario JSON Schema)'),
  ])
  .describe('A scenario (the format of docs/scenario-reference.md)');

/** Exactly one of `scenario` and `scenarioName` says what to simulate. */
export const scenarioSourceFields = {
  scenario: ScenarioDocumentSchema.optional(),
  scenarioName: z.string().max(253).optional().describe('Name of a scenario in the bundled library (GET /v1/scenarios)'),
};

export const runFields = {
  runs: z.int().min(1).optional().describe('Monte Carlo runs; overrides spec.runs'),
  seed: z.int().min(0).optional().describe('Random seed; overrides spec.seed'),
  async: z.boolean().optional().describe('Run as a job (202 with a job id) whatever the size'),
};

export function oneScenarioSource<T extends { scenario?: unknown; scenarioName?: string }>(body: T, context: z.RefinementCtx): void {
  const given = Number(body.scenario !== undefined) + Number(body.scenarioName !== undefined);
  if (given !== 1) {
    context.addIssue({
      code: 'custom',
      path: given === 0 ? ['scenario'] : [],
      message: given === 0 ? 'a scenario is missing: give "scenario" or "scenarioName"' : 'give either "scenario" or "scenarioName", not both',
    });
  }
}

export const ScenarioSourceSchema = z.strictObject(scenarioSourceFields).superRefine(oneScenarioSource);
export type ScenarioSource = z.infer<typeof ScenarioSourceSchema>;

export const ValidateRequestSchema = ScenarioSourceSchema.describe('A scenario to check');

export const SimulationRequestSchema = z
  .strictObject({ ...scenarioSourceFields, ...runFields })
  .superRefine(oneScenarioSource)
  .describe('A Monte Carlo study of one scenario');
export type SimulationRequest = z.infer<typeof SimulationRequestSchema>;

/**
 * POST /v1/sizing as work: the longest schedulingInterval, or the least link
 * bandwidth, meeting the scenario's objectives (analysis/sizing.ts searches).
 */
import { z } from 'zod';
import { maxEvaluations, planSizing, runSizing, SIZING_FIELDS, SizingInputError, SizingResultSchema, type SizingRequest } from '../../analysis/sizing.js';
import { parseBandwidth, parseDuration } from '../../scenarios/index.js';
import type { ApiConfig } from '../config.js';
import { ApiError, invalidInput } from '../errors.js';
import { loadStoredScenario, storedScenarioOf } from '../scenario-source.js';
import { IssueSchema } from '../schemas/errors.js';
import { oneScenarioSource, runFields, scenarioSourceFields } from '../schemas/requests.js';
import { checkRequestEvents, checkRequestMemory, checkStudyLimits } from './limits.js';
import { StoredRunSettingsSchema, StoredScenarioSchema } from './stored.js';
import { apiStudyOptions } from './study-options.js';
import type { Work } from './types.js';

const BoundSchema = z
  .union([z.string().max(100), z.number().positive()])
  .describe('A duration ("5m") or bandwidth ("1Gbps") as a scenario writes it, or a number: milliseconds or bytes per second');

const sizingFields = {
  field: z.enum(SIZING_FIELDS).describe('interval: the longest spec.drPolicy.schedulingInterval; bandwidth: the least replication link bandwidth'),
  min: BoundSchema.optional().describe('Low end of the range (default 1m, or 10Mbps)'),
  max: BoundSchema.optional().describe('High end of the range (default 24h, or 100Gbps)'),
  precision: z.number().gt(0).max(1).optional().describe('Bandwidth: relative step of the candidate grid (default 0.02)'),
};

export const SizingRequestSchema = z
  .strictObject({ ...scenarioSourceFields, ...sizingFields, ...runFields })
  .superRefine(oneScenarioSource)
  .describe('Sizing: the cheapest setting meeting spec.objectives at their percentile');
type SizingBody = z.infer<typeof SizingRequestSchema>;

export const SizingOutputSchema = z
  .strictObject({
    kind: z.literal('sizing'),
    sizing: SizingResultSchema,
    warnings: z.array(IssueSchema).describe('Scenario warnings'),
  })
  .describe('Sizing: the answer and every candidate tried');
export type SizingOutput = z.infer<typeof SizingOutputSchema>;

const StoredSizingSchema = z.strictObject({ scenario: StoredScenarioSchema, ...sizingFields, ...StoredRunSettingsSchema });
type StoredSizing = z.infer<typeof StoredSizingSchema>;

export function sizingRequestOf(body: SizingBody): StoredSizing {
  const { scenario: _scenario, scenarioName: _name, async: _async, ...rest } = body;
  return { scenario: storedScenarioOf(body), ...rest };
}

/** Bounds as numbers, text parsed with the scenario's own unit parsers. */
function sizingRequest(stored: StoredSizing): SizingRequest {
  const parse = stored.field === 'interval' ? parseDuration : parseBandwidth;
  const bound = (name: 'min' | 'max'): number | undefined => {
    const given = stored[name];
    if (given === undefined || typeof given === 'number') return given;
    const parsed = parse(given);
    if (parsed.ok && parsed.value > 0) return parsed.value;
    throw invalidInput(`${name}: cannot read ${JSON.stringify(given)}`, [
      {
        path: name,
        value: given,
        message: parsed.ok ? 'must be greater than zero' : parsed.problem,
        expected: stored.field === 'interval' ? 'a duration such as 5m' : 'a bandwidth such as 1Gbps',
      },
    ]);
  };
  return { field: stored.field, min: bound('min'), max: bound('max'), precision: stored.precision };
}

export function sizingWork(config: ApiConfig) {
  return (request: unknown): Work<SizingOutput> => {
    const stored = StoredSizingSchema.parse(request);
    const { scenario, warnings } = loadStoredScenario(stored.scenario);
    const sizing = sizingRequest(stored);
    let candidates: number;
    try {
      candidates = planSizing(scenario, sizing).candidates.length;
    } catch (error) {
      if (!(error instanceof SizingInputError)) throw error;
      throw new ApiError(422, 'cannot size', error.message, { issues: [{ path: error.path, message: error.message }] });
    }
    const study = checkStudyLimits(scenario, stored.runs, config);
    // Bisection: at most this many studies, each about the size of the scenario's own.
    const studies = maxEvaluations(candidates);
    const estimatedEvents = studies * study.estimatedEvents;
    checkRequestEvents(estimatedEvents, config);
    // One study at a time, and only each candidate's verdict is kept.
    checkRequestMemory(study.estimatedMemoryBytes, config);
    return {
      kind: 'sizing',
      request: stored,
      estimatedEvents,
      totalRuns: studies * study.runs,
      async run(control) {
        const result = await runSizing(scenario, sizing, apiStudyOptions(config, stored, control));
        return { kind: 'sizing', sizing: result, warnings };
      },
    };
  };
}

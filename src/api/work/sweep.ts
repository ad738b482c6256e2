/**
 * POST /v1/sweeps as work: the scenario at every point of a grid over its
 * fields, one study per point (analysis/sweep.ts does the grid and the runs).
 */
import { z } from 'zod';
import { prepareSweep, runSweep, SweepAxisSchema, sweepAxesIssues, SweepResultSchema, type SweepAxis } from '../../analysis/sweep.js';
import type { ApiConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { loadStoredScenario, rawDocument, storedScenarioOf } from '../scenario-source.js';
import { IssueSchema } from '../schemas/errors.js';
import { runFields, scenarioSourceFields, oneScenarioSource } from '../schemas/requests.js';
import { checkRequestEvents, checkRequestMemory, checkStudyLimits, sequentialStudiesMemory, type StudySize } from './limits.js';
import { StoredRunSettingsSchema, StoredScenarioSchema } from './stored.js';
import { apiStudyOptions } from './study-options.js';
import type { Work } from './types.js';

/** More axes than any study needs; the grid size limit (MAX_SWEEP_POINTS) binds long before. */
const MAX_AXES = 16;

export const SweepRequestSchema = z
  .strictObject({
    ...scenarioSourceFields,
    axes: z
      .array(SweepAxisSchema)
      .min(1)
      .max(MAX_AXES)
      .describe('Fields to vary and their values, e.g. [{"path": "spec.drPolicy.schedulingInterval", "values": ["1m", "5m"]}]; the grid is every combination'),
    ...runFields,
  })
  .superRefine(oneScenarioSource)
  .describe('A sweep: one study per combination of the axis values, all with the same seed');
export type SweepRequest = z.infer<typeof SweepRequestSchema>;

export const SweepOutputSchema = z
  .strictObject({
    kind: z.literal('sweep'),
    sweep: SweepResultSchema,
    warnings: z.array(IssueSchema).describe('Scenario warnings at the grid points, each once'),
  })
  .describe('A sweep: one result per grid point');
export type SweepOutput = z.infer<typeof SweepOutputSchema>;

const StoredSweepSchema = z.strictObject({ scenario: StoredScenarioSchema, axes: z.array(SweepAxisSchema), ...StoredRunSettingsSchema });
type StoredSweep = z.infer<typeof StoredSweepSchema>;

export function sweepRequestOf(body: SweepRequest): StoredSweep {
  return { scenario: storedScenarioOf(body), axes: body.axes, runs: body.runs, seed: body.seed };
}

function invalidSweep(issues: z.infer<typeof IssueSchema>[]): ApiError {
  return new ApiError(422, 'invalid sweep', `the sweep has ${issues.length === 1 ? '1 problem' : `${issues.length} problems`}`, { issues });
}

function checkAxes(stored: StoredSweep): void {
  const issues = sweepAxesIssues(stored.axes).map((issue) => ({ ...issue, path: issue.path === '' ? 'axes' : issue.path }));
  for (const [field, path] of [['seed', 'spec.seed'], ['runs', 'spec.runs']] as const) {
    if (stored[field] !== undefined && stored.axes.some((axis) => axis.path === path)) {
      issues.push({ path: field, message: `"${field}" fixes ${path}, which is also swept; give one or the other` });
    }
  }
  if (issues.length > 0) throw invalidSweep(issues);
}

export function sweepWork(config: ApiConfig) {
  return (request: unknown): Work<SweepOutput> => {
    const stored = StoredSweepSchema.parse(request);
    checkAxes(stored);
    // The document itself at the first grid point: problems in text come with line and column.
    const firstPoint = stored.axes.map((axis: SweepAxis) => ({ path: axis.path, value: axis.values[0] }));
    loadStoredScenario(stored.scenario, firstPoint);
    const prepared = prepareSweep(rawDocument(stored.scenario), stored.axes);
    if (!prepared.ok) throw invalidSweep(prepared.issues);
    let estimatedEvents = 0;
    let totalRuns = 0;
    const sizes: StudySize[] = [];
    for (const point of prepared.sweep.points) {
      const size = checkStudyLimits(point.scenario, stored.runs, config);
      estimatedEvents += size.estimatedEvents;
      totalRuns += size.runs;
      sizes.push(size);
    }
    checkRequestEvents(estimatedEvents, config);
    checkRequestMemory(sequentialStudiesMemory(sizes), config);
    const warnings = uniqueWarnings(prepared.sweep.points.flatMap((point) => point.warnings));
    return {
      kind: 'sweep',
      request: stored,
      estimatedEvents,
      totalRuns,
      async run(control) {
        const sweep = await runSweep(prepared.sweep, apiStudyOptions(config, stored, control));
        return { kind: 'sweep', sweep, warnings };
      },
    };
  };
}

function uniqueWarnings<T extends { path: string; message: string }>(warnings: T[]): T[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const key = `${warning.path}\u0000${warning.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

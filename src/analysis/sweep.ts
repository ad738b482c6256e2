/**
 * Sweeps: a grid over any scenario fields (`spec.drPolicy.schedulingInterval`
 * = 1m, 5m, 15m x `spec.links[0].bandwidth` = 1Gbps, 10Gbps), one Monte Carlo
 * study per combination. Every point is validated before any run starts, and
 * every point runs with the same seed (common random numbers), so differences
 * between rows come from the swept fields, not from sampling noise.
 */
import { z } from 'zod';
import { parseScenarioObject, type Scenario, type ScenarioIssue } from '../scenarios/index.js';
import { runStudy, type StudyOptions } from './monte-carlo.js';
import { ResultSchema } from './result-schema.js';

/** Largest grid a sweep accepts: the product of the numbers of values of every axis. */
export const MAX_SWEEP_POINTS = 1_000;

const SweepValueSchema = z.json().describe('A value as the scenario field takes it (CLI values are strings, e.g. "5m")');

export const SweepAxisSchema = z.strictObject({
  path: z.string().min(1).describe('Scenario field, e.g. spec.drPolicy.schedulingInterval'),
  values: z.array(SweepValueSchema).min(1),
});
export type SweepAxis = z.infer<typeof SweepAxisSchema>;

/** One grid point's values, keyed by axis path. */
export const SweepPointValuesSchema = z.record(z.string(), SweepValueSchema);
export type SweepPointValues = z.infer<typeof SweepPointValuesSchema>;

export const SweepResultSchema = z
  .strictObject({
    axes: z.array(SweepAxisSchema).min(1),
    rows: z.array(z.strictObject({ values: SweepPointValuesSchema, result: ResultSchema })),
  })
  .refine((sweep) => sweep.rows.length === gridSize(sweep.axes), { message: 'a sweep has one row per combination of axis values' })
  .describe('drsim sweep result: one row per combination of the axis values, first axis varying slowest');
export type SweepResult = z.infer<typeof SweepResultSchema>;

export interface SweepPoint {
  values: SweepPointValues;
  scenario: Scenario;
  warnings: ScenarioIssue[];
}

/** A scenario problem found at a grid point (`point` is absent for problems with the grid itself). */
export interface SweepIssue extends ScenarioIssue {
  point?: SweepPointValues;
}

export interface PreparedSweep {
  axes: SweepAxis[];
  points: SweepPoint[];
}

export type PrepareSweepResult = { ok: true; sweep: PreparedSweep } | { ok: false; issues: SweepIssue[] };

export function gridSize(axes: readonly SweepAxis[]): number {
  return axes.reduce((size, axis) => size * axis.values.length, 1);
}

/** Every combination of the axis values, the first axis varying slowest (row-major). */
export function gridPoints(axes: readonly SweepAxis[]): SweepPointValues[] {
  let points: SweepPointValues[] = [{}];
  for (const axis of axes) {
    points = points.flatMap((point) => axis.values.map((value) => ({ ...point, [axis.path]: value })));
  }
  return points;
}

/**
 * The scenario at every grid point: `raw` (the document as written) with the
 * base overrides and then the point's values applied, each validated. Problems
 * shared by many points (one bad value) are reported once, at the first point
 * that shows them.
 */
export function prepareSweep(
  raw: unknown,
  axes: readonly SweepAxis[],
  baseOverrides: readonly { path: string; value: unknown }[] = [],
): PrepareSweepResult {
  const gridProblems = sweepAxesIssues(axes);
  if (gridProblems.length > 0) return { ok: false, issues: gridProblems };
  const points: SweepPoint[] = [];
  const issues = new Map<string, SweepIssue>();
  for (const values of gridPoints(axes)) {
    const overrides = [...baseOverrides, ...Object.entries(values).map(([path, value]) => ({ path, value }))];
    const loaded = parseScenarioObject(raw, { overrides });
    if (!loaded.ok) {
      for (const issue of loaded.errors) {
        const key = `${issue.path}\u0000${issue.message}\u0000${JSON.stringify(issue.value)}`;
        if (!issues.has(key)) issues.set(key, { ...issue, point: values });
      }
      continue;
    }
    points.push({ values, scenario: loaded.scenario, warnings: loaded.warnings });
  }
  if (issues.size > 0) return { ok: false, issues: [...issues.values()] };
  return { ok: true, sweep: { axes: axes.map((axis) => ({ path: axis.path, values: [...axis.values] })), points } };
}

/** Problems with the grid itself (no axis, a path twice, no values, too many points), before any scenario is looked at. */
export function sweepAxesIssues(axes: readonly SweepAxis[]): SweepIssue[] {
  const issues: SweepIssue[] = [];
  if (axes.length === 0) issues.push({ path: '', message: 'a sweep needs at least one field and its values' });
  const seen = new Set<string>();
  for (const axis of axes) {
    if (seen.has(axis.path)) issues.push({ path: axis.path, message: 'is swept twice; give all its values in one list' });
    seen.add(axis.path);
    if (axis.values.length === 0) issues.push({ path: axis.path, message: 'has no values to sweep' });
  }
  const size = gridSize(axes);
  if (size > MAX_SWEEP_POINTS) {
    const shape = axes.map((axis) => axis.values.length).join(' x ');
    issues.push({
      path: '',
      message: `the grid has ${size} points (${shape}), more than the ${MAX_SWEEP_POINTS} a sweep accepts; sweep fewer values or split the sweep`,
    });
  }
  return issues;
}

export interface SweepOptions extends Omit<StudyOptions, 'onProgress'> {
  /** Runs finished over the whole sweep, and the grid point being run (index into the rows). */
  onProgress?: (completedRuns: number, totalRuns: number, pointIndex: number) => void;
}

/** Runs every point of a prepared sweep, one after the other, each spread over the workers. */
export async function runSweep(sweep: PreparedSweep, options: SweepOptions = {}): Promise<SweepResult> {
  const { onProgress, ...studyOptions } = options;
  const runsAt = (point: SweepPoint) => options.runs ?? point.scenario.spec.runs;
  const totalRuns = sweep.points.reduce((sum, point) => sum + runsAt(point), 0);
  const rows: SweepResult['rows'] = [];
  let runsBefore = 0;
  for (const [pointIndex, point] of sweep.points.entries()) {
    const study = await runStudy(point.scenario, {
      ...studyOptions,
      onProgress: (completed) => onProgress?.(runsBefore + completed, totalRuns, pointIndex),
    });
    runsBefore += runsAt(point);
    rows.push({ values: point.values, result: study.result });
  }
  return { axes: sweep.axes, rows };
}

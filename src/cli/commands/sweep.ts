/** `drsim sweep SCENARIO --set PATH=v1,v2 ...`: one study per combination of values, the same seed for all. */
import type { Command } from 'commander';
import { formatIssue } from '../../scenarios/index.js';
import { MAX_SWEEP_POINTS, SweepResultSchema, prepareSweep, runSweep, sweepAxesIssues, type SweepAxis, type SweepIssue } from '../../analysis/sweep.js';
import { EXIT_FINDINGS, UsageError } from '../errors.js';
import { progressBar } from '../format/progress.js';
import { renderSweepTable, sweepValueText } from '../format/sweep-table.js';
import { loadScenarioReference, parseSetOption, rawDocument } from '../scenario-input.js';
import { addReportOptions, writeSweepReports, type ReportFlags } from './report.js';
import { addStudyOptions, printJson, printWarnings, repeatable, studyOptions, type StudyFlags } from './study-options.js';

interface SweepFlags extends StudyFlags, ReportFlags {
  set?: string[];
}

export function registerSweep(program: Command): void {
  const command = program
    .command('sweep')
    .description(`run a scenario over a grid of field values (at most ${MAX_SWEEP_POINTS} combinations), one row per combination`)
    .argument('<scenario>', 'a scenario file (YAML or JSON) or a bundled scenario name')
    .requiredOption(
      '--set <path=v1,v2,...>',
      'a field and the values to sweep, e.g. spec.drPolicy.schedulingInterval=1m,5m,15m (repeatable: the grid is every combination)',
      repeatable,
    );
  addReportOptions(addStudyOptions(command), { save: false }).action(async (reference: string, flags: SweepFlags) => {
    const axes = (flags.set ?? []).map(parseAxis);
    const gridIssues = sweepAxesIssues(axes);
    if (gridIssues.length > 0) throw new UsageError('invalid sweep', gridIssues.map((issue) => formatIssue(issue)));
    for (const [flag, path] of [['seed', 'spec.seed'], ['runs', 'spec.runs']] as const) {
      if (flags[flag] !== undefined && axes.some((axis) => axis.path === path)) {
        throw new UsageError(`--${flag} fixes ${path}, which is also swept; give one or the other`);
      }
    }
    // The file itself, at the first grid point: its problems come with line and column.
    const firstPoint = axes.map((axis) => ({ path: axis.path, value: axis.values[0] }));
    const loaded = await loadScenarioReference(reference, firstPoint);
    const prepared = prepareSweep(rawDocument(loaded), axes);
    if (!prepared.ok) throw new UsageError(`${loaded.filename}: invalid sweep`, prepared.issues.map((issue) => sweepIssueLine(issue, loaded.filename)));
    printWarnings([...new Set(prepared.sweep.points.flatMap((point) => point.warnings.map((warning) => formatIssue(warning, loaded.filename))))]);

    const options = studyOptions(flags);
    const totalRuns = prepared.sweep.points.reduce((sum, point) => sum + (options.runs ?? point.scenario.spec.runs), 0);
    const progress = progressBar(totalRuns, `sweep of ${prepared.sweep.points.length} points`);
    const sweep = await runSweep(prepared.sweep, {
      ...options,
      onProgress: (completed, total, pointIndex) => progress.update(completed, total, `point ${pointIndex + 1}/${prepared.sweep.points.length}`),
    }).finally(() => progress.stop());
    if (flags.json) printJson(SweepResultSchema, sweep, 'sweep result');
    else process.stdout.write(renderSweepTable(sweep));
    await writeSweepReports(sweep, flags, loaded.scenario);
    if (sweep.rows.some((row) => row.result.invariantViolations.length > 0)) process.exitCode = EXIT_FINDINGS;
  });
}

/** `PATH=v1,v2,...` into an axis; commas inside [..], {..} or quotes belong to a value. */
export function parseAxis(assignment: string): SweepAxis {
  const { path, value } = parseSetOption(assignment);
  return { path, values: splitTopLevel(String(value)) };
}

function splitTopLevel(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') depth++;
    else if (char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 0) {
      values.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  values.push(text.slice(start).trim());
  return values.map(unquote);
}

/** `""` is how a shell user writes the empty string (Metro-DR's schedulingInterval). */
function unquote(value: string): string {
  return /^(".*"|'.*')$/.test(value) ? value.slice(1, -1) : value;
}

function sweepIssueLine(issue: SweepIssue, filename: string): string {
  const line = formatIssue(issue, filename);
  // A problem with a swept value names it already; others depend on the combination.
  if (!issue.point || Object.keys(issue.point).length < 2 || issue.path in issue.point) return line;
  const point = Object.entries(issue.point).map(([path, value]) => `${path}=${sweepValueText(value)}`);
  return `${line} (at ${point.join(', ')})`;
}

/**
 * The report of a sweep (`drsim sweep`): a heatmap per objective over the
 * first two swept fields (small multiples for any further fields), with the
 * frontier where the objective flips from met to breached, every grid point
 * in a table, and the findings of every point.
 */
import type { Result } from '../../analysis/result-schema.js';
import type { SweepResult } from '../../analysis/sweep.js';
import { humanBytes, humanSeconds } from '../../format/units.js';
import type { ScenarioLabel } from '../document.js';
import { resultFindings } from './findings.js';
import { heatmap, type HeatmapCell } from './heatmap.js';
import { findingList, paragraph, reportHeader, section, table, type Finding } from './layout.js';

/** Most small multiples drawn per metric. */
const MAX_FACETS = 12;

type Row = SweepResult['rows'][number];

interface Metric {
  key: string;
  target: number | null;
  title: string;
  valueLabel: string;
  value: (result: Result) => { value: number; met: boolean | null };
}

export function renderSweepReport(root: HTMLElement, sweep: SweepResult, scenario: ScenarioLabel | null, drsimVersion: string): void {
  const first = sweep.rows[0]?.result;
  reportHeader(root, {
    kind: 'Sweep report',
    title: first?.scenario ?? scenario?.name ?? 'sweep',
    description: scenario?.description,
    provenance: [
      ['points', String(sweep.rows.length)],
      ['runs per point', String(first?.runs ?? 0)],
      ['seed', String(first?.seed ?? '-')],
      ['drsim', first?.drsimVersion ?? drsimVersion],
    ],
  });
  const axes = section(root, 'axes', 'What was swept', 'Every combination of these values, each a Monte Carlo study with the same seed (common random numbers).');
  table(
    axes,
    ['Scenario field', 'values'],
    sweep.axes.map((axis) => [axis.path, axis.values.map(String).join(', ')]),
    [1],
  );
  const maps = section(root, 'heatmaps', 'Heatmaps');
  for (const metric of metrics(sweep)) heatmapsFor(maps, sweep, metric);
  pointsSection(root, sweep);
  const findings = section(root, 'findings', 'Invariants and warnings', 'Across every grid point.');
  findingList(findings, sweepFindings(sweep));
}

function metrics(sweep: SweepResult): Metric[] {
  const objectives = sweep.rows[0]?.result.objectives ?? [];
  if (objectives.length > 0) {
    return objectives.map((objective) => ({
      key: objective.metric,
      target: objective.targetSeconds,
      title: `${objective.metric.toUpperCase()} at p${objective.percentile} against the ${humanSeconds(objective.targetSeconds)} objective`,
      valueLabel: `${objective.metric.toUpperCase()} p${objective.percentile}`,
      value: (result) => {
        const found = result.objectives?.find((candidate) => candidate.metric === objective.metric);
        return found ? { value: found.achievedSeconds, met: found.met } : { value: 0, met: null };
      },
    }));
  }
  return [
    { key: 'rpo', target: null, title: 'p99 RPO at failover', valueLabel: 'RPO p99', value: (result) => ({ value: result.summary.rpoSeconds.p99, met: null }) },
    { key: 'rto', target: null, title: 'p99 RTO', valueLabel: 'RTO p99', value: (result) => ({ value: result.summary.rtoSeconds.p99, met: null }) },
  ];
}

const label = (value: unknown) => String(value);

function heatmapsFor(parent: HTMLElement, sweep: SweepResult, metric: Metric): void {
  const [across, down, ...rest] = sweep.axes;
  const facets = groupBy(sweep.rows, (row) => rest.map((axis) => `${axis.path} = ${label(row.values[axis.path])}`).join(', '));
  let drawn = 0;
  for (const [facet, rows] of facets) {
    if (drawn++ >= MAX_FACETS) {
      paragraph(parent, `${facets.size - MAX_FACETS} more combinations of ${rest.map((axis) => axis.path).join(', ')} are in the table below.`);
      break;
    }
    const cells: HeatmapCell[] = rows.map((row) => {
      const { value, met } = metric.value(row.result);
      const where = Object.entries(row.values).map(([path, value]) => `${path} = ${label(value)}`).join(', ');
      return {
        column: label(row.values[across.path]),
        row: down ? label(row.values[down.path]) : '',
        value,
        met,
        detail: `${where}: ${metric.valueLabel} ${humanSeconds(value)}${met === null ? '' : met ? ' (met)' : ' (breached)'}${backlogNote(row.result)}`,
      };
    });
    heatmap(parent, {
      id: `heatmap-${metric.key}${facet ? `-${drawn}` : ''}`,
      title: facet ? `${metric.title}, ${facet}` : metric.title,
      caption: down ? `${across.path} across, ${down.path} down.` : `${across.path} across.`,
      columns: across.values.map(label),
      rows: down ? down.values.map(label) : [''],
      columnLabel: across.path,
      rowLabel: down?.path ?? '',
      cells,
      quantity: 'seconds',
      valueLabel: metric.valueLabel,
      target: metric.target,
    });
  }
}

function pointsSection(root: HTMLElement, sweep: SweepResult): void {
  const element = section(root, 'points', 'Every grid point');
  const headers = [...sweep.axes.map((axis) => axis.path), 'RPO p99', 'RTO p99', 'data loss p99', 'objectives', 'violations'];
  table(
    element,
    headers,
    sweep.rows.map((row) => {
      const objectives = row.result.objectives ?? [];
      const verdict =
        objectives.length === 0 ? '-' : objectives.every((objective) => objective.met) ? 'met' : 'BREACHED';
      return [
        ...sweep.axes.map((axis) => label(row.values[axis.path])),
        `${humanSeconds(row.result.summary.rpoSeconds.p99)}${backlogNote(row.result)}`,
        humanSeconds(row.result.summary.rtoSeconds.p99),
        humanBytes(row.result.summary.dataLossBytes.p99),
        { text: verdict, className: verdict === '-' ? undefined : `verdict ${verdict === 'met' ? 'met' : 'breached'}` },
        String(row.result.invariantViolations.length),
      ];
    }),
    sweep.axes.map((_, index) => index),
  );
}

/** Each point's findings, the same finding at several points listed once with where it occurs. */
function sweepFindings(sweep: SweepResult): Finding[] {
  const merged = new Map<string, { finding: Finding; points: string[] }>();
  for (const row of sweep.rows) {
    const where = Object.values(row.values).map(label).join(' x ');
    for (const finding of resultFindings(row.result, null)) {
      if (finding.severity === 'ok') continue;
      const key = `${finding.severity}\u0000${finding.tag}\u0000${finding.summary ?? finding.message}`;
      const entry = merged.get(key) ?? { finding, points: [] };
      entry.points.push(where);
      merged.set(key, entry);
    }
  }
  if (merged.size === 0) {
    return [{ severity: 'ok', tag: 'clean', message: `no invariant violated, no objective breached and no warning at any of the ${sweep.rows.length} points` }];
  }
  return [...merged.values()].map(({ finding, points }) => ({
    ...finding,
    message:
      finding.summary
        ? `${finding.summary} at ${points.length} of ${sweep.rows.length} points: ${points.join('; ')}`
        : `${finding.message} (at ${points.join('; ')})`,
  }));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name) ?? [];
    group.push(item);
    groups.set(name, group);
  }
  return groups;
}

/** How the steady-state backlog behaved, beside a figure: it grew without bound, or settled high on a saturated link. */
function backlogNote(result: Row['result']): string {
  if (result.rpoOverTime.unbounded) return ' (unbounded backlog)';
  return result.rpoOverTime.saturated ? ' (saturated link)' : '';
}

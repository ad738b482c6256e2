/** The human table of `drsim sweep`: one row per grid point. */
import type { SweepResult } from '../../analysis/sweep.js';
import type { Result } from '../../analysis/result-schema.js';
import { renderTable } from './table.js';
import { humanBytes, humanSeconds } from '../../format/units.js';

/** The value as the command line gave it: strings bare, structures as compact JSON. */
export function sweepValueText(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

function objectivesCell(result: Result): string {
  const objectives = result.objectives ?? [];
  if (objectives.length === 0) return '-';
  const breached = objectives.filter((objective) => !objective.met).map((objective) => objective.metric.toUpperCase());
  return breached.length === 0 ? 'met' : `BREACHED (${breached.join(', ')})`;
}

export function renderSweepTable(sweep: SweepResult): string {
  const paths = sweep.axes.map((axis) => axis.path);
  const header = [...paths.map(columnTitle), 'RPO p50', 'RPO p99', 'RTO p50', 'RTO p99', 'loss p99', 'objectives'];
  const rows = sweep.rows.map(({ values, result }) => {
    const { rpoSeconds, rtoSeconds, dataLossBytes } = result.summary;
    const violations = result.invariantViolations.length;
    return [
      ...paths.map((path) => sweepValueText(values[path])),
      humanSeconds(rpoSeconds.p50),
      humanSeconds(rpoSeconds.p99),
      humanSeconds(rtoSeconds.p50),
      humanSeconds(rtoSeconds.p99),
      humanBytes(dataLossBytes.p99),
      objectivesCell(result) + (violations > 0 ? `, ${violations} invariant violation(s)` : ''),
    ];
  });
  const first = sweep.rows[0]?.result;
  const title = first ? `sweep of ${first.scenario}: ${sweep.rows.length} points, ${first.runs} runs each, seed ${first.seed}` : 'sweep: no points';
  const table = renderTable(header, rows, { leftAligned: paths.map((_, index) => index).concat(header.length - 1) });
  return `${title}\n\n${table}\n`;
}

/** Column titles without the `spec.` every path starts with. */
function columnTitle(path: string): string {
  return path.replace(/^spec\./, '');
}

/** The human report of `drsim run`: the result contract, compact, in human units. */
import type { ObjectiveResult, Result, Summary } from '../../analysis/result-schema.js';
import { renderTable } from './table.js';
import { humanBytes, humanCount, humanPercent, humanSeconds } from '../../format/units.js';

type Unit = (value: number) => string;

const SUMMARY_COLUMNS = ['mean', 'p50', 'p95', 'p99', 'max'] as const;

/** Steps of the RTO in the order a failover goes through them. */
const RTO_STEP_LABELS: readonly [keyof Result['applications'][number]['rtoBreakdownSeconds'], string][] = [
  ['detection', 'detection'],
  ['hubRecovery', 'hub restore'],
  ['decision', 'decision'],
  ['appStop', 'app stop'],
  ['finalSync', 'final sync'],
  ['fencing', 'fencing'],
  ['maintenanceMode', 'maintenance mode'],
  ['promote', 'promote'],
  ['restore', 'restore'],
  ['boot', 'boot'],
  ['crashRecovery', 'crash recovery'],
  ['other', 'other'],
];

/** At most this many invariant violations are listed (all of them are in --json). */
const LISTED_VIOLATIONS = 20;

export interface RunReportContext {
  description?: string;
  /** Wall time of the study. */
  elapsedSeconds?: number;
  workers?: number;
}

export function renderRunReport(result: Result, context: RunReportContext = {}): string {
  const sections = [
    header(result, context),
    summaryTable(result),
    applicationSection(result),
    rpoOverTimeLine(result),
    splitBrainLine(result),
    objectivesSection(result.objectives ?? []),
    warningsSection(result),
    violationsSection(result),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function header(result: Result, context: RunReportContext): string {
  const title = context.description ? `${result.scenario}: ${context.description}` : result.scenario;
  const timing =
    context.elapsedSeconds === undefined
      ? ''
      : `, ${humanSeconds(context.elapsedSeconds)} on ${context.workers ?? 1} worker${context.workers === 1 ? '' : 's'}`;
  return [
    title,
    `  seed ${result.seed}, ${humanCount(result.runs)} runs, ${humanCount(result.eventsProcessed)} events${timing}`,
    `  trace digest ${result.traceDigest}, drsim ${result.drsimVersion}`,
  ].join('\n');
}

function summaryRow(label: string, summary: Summary, unit: Unit): string[] {
  return [label, ...SUMMARY_COLUMNS.map((column) => unit(summary[column]))];
}

function summaryTable(result: Result): string {
  const { summary } = result;
  return renderTable(
    ['over runs', ...SUMMARY_COLUMNS],
    [
      summaryRow('RPO', summary.rpoSeconds, humanSeconds),
      summaryRow('RTO', summary.rtoSeconds, humanSeconds),
      summaryRow('data loss', summary.dataLossBytes, humanBytes),
      ...(summary.writesLostBytes ? [summaryRow('writes lost', summary.writesLostBytes, humanBytes)] : []),
      summaryRow('kube objects lost', summary.kubeObjectsLost, humanCount),
      summaryRow('unprotected', summary.unprotectedSeconds, humanSeconds),
    ],
  );
}

function applicationSection(result: Result): string {
  if (result.applications.length === 0) return '';
  // Synchronous replication (Metro-DR) and journaling slow every write: shown only when some application pays it.
  const latency = result.applications.some((application) => (application.writeLatencyAddedMs ?? 0) > 0);
  // Metro-DR: writes that blocked on the surviving site after a site loss, an interruption the RTO does not show.
  const stalled = result.applications.some((application) => (application.writeStallSeconds?.max ?? 0) > 0);
  const figures = renderTable(
    [
      'application',
      'RPO p50',
      'RPO p99',
      'RTO p50',
      'RTO p99',
      'data loss p99',
      ...(latency ? ['write latency added'] : []),
      ...(stalled ? ['write stall p50', 'write stall max'] : []),
    ],
    result.applications.map((application) => [
      application.name,
      humanSeconds(application.rpoSeconds.p50),
      humanSeconds(application.rpoSeconds.p99),
      humanSeconds(application.rtoSeconds.p50),
      humanSeconds(application.rtoSeconds.p99),
      humanBytes(application.dataLossBytes.p99),
      ...(latency ? [`+${humanSeconds((application.writeLatencyAddedMs ?? 0) / 1000)}`] : []),
      ...(stalled ? [humanSeconds(application.writeStallSeconds?.p50 ?? 0), humanSeconds(application.writeStallSeconds?.max ?? 0)] : []),
    ]),
  );
  // Only the steps some application spends time in: a Regional failover has no fencing or final sync.
  const steps = RTO_STEP_LABELS.filter(([step]) =>
    result.applications.some((application) => (application.rtoBreakdownSeconds[step]?.mean ?? 0) > 0),
  );
  const breakdown =
    steps.length === 0
      ? ''
      : `\n\nRTO breakdown by step (mean)\n${renderTable(
          ['application', ...steps.map(([, label]) => label)],
          result.applications.map((application) => [
            application.name,
            ...steps.map(([step]) => humanSeconds(application.rtoBreakdownSeconds[step]?.mean ?? 0)),
          ]),
        )}`;
  return `Applications\n${figures}${breakdown}`;
}

function rpoOverTimeLine(result: Result): string {
  const over = result.rpoOverTime;
  if (over.unbounded) {
    return 'RPO over time: UNBOUNDED: the replication backlog grows without bound (nothing syncs, or journal writes outrun the link)';
  }
  const figure = (label: string, value: number | null | undefined) => (value == null ? [] : [`${label} ${humanSeconds(value)}`]);
  const figures = [...figure('mean', over.mean), ...figure('p50', over.p50), ...figure('p99', over.p99), ...figure('max', over.max)];
  const seeding = result.summary.seedingSeconds;
  return [
    `RPO over time: ${figures.join(', ')}`,
    `  within one interval ${humanPercent(over.fractionWithinInterval)} of the time; ` +
      `alerts: warning ${humanPercent(over.alertWarningFraction)}, critical ${humanPercent(over.alertCriticalFraction)}`,
    ...(seeding
      ? [`  measured after the seeding (initial full copy and catch-up): p50 ${humanSeconds(seeding.p50)}, max ${humanSeconds(seeding.max)}`]
      : []),
    ...(over.saturated ? ['  SATURATED: the link carries less than the writes change; pending snapshots merge, so the RPO settles at these figures'] : []),
  ].join('\n');
}

function splitBrainLine(result: Result): string {
  const split = result.splitBrain;
  if (split.runs === 0) return 'Split-brain: none';
  return (
    `Split-brain: in ${humanCount(split.runs)} of ${humanCount(result.runs)} runs, ` +
    `lasting p50 ${humanSeconds(split.seconds.p50)} / max ${humanSeconds(split.seconds.max)}, ` +
    `diverged p50 ${humanBytes(split.bytesDiverged.p50)} / max ${humanBytes(split.bytesDiverged.max)}`
  );
}

export function objectiveLine(objective: ObjectiveResult): string {
  const verdict = objective.met ? 'met' : 'BREACHED';
  const comparison = objective.met ? '<=' : '>';
  return (
    `${objective.metric.toUpperCase()} p${objective.percentile} ${humanSeconds(objective.achievedSeconds)} ` +
    `${comparison} target ${humanSeconds(objective.targetSeconds)}: ${verdict}`
  );
}

function objectivesSection(objectives: readonly ObjectiveResult[]): string {
  if (objectives.length === 0) return 'Objectives: none set (spec.objectives)';
  return ['Objectives', ...objectives.map((objective) => `  ${objectiveLine(objective)}`)].join('\n');
}

function warningsSection(result: Result): string {
  const warnings = result.warnings ?? [];
  if (warnings.length === 0) return '';
  return ['Warnings', ...warnings.map((warning) => `  ${warning.code}: ${warning.message}`)].join('\n');
}

function violationsSection(result: Result): string {
  const violations = result.invariantViolations;
  if (violations.length === 0) return 'Invariant violations: none';
  const listed = violations
    .slice(0, LISTED_VIOLATIONS)
    .map((violation) => `  ${violation.invariant} run ${violation.run} at ${humanSeconds(violation.timeMs / 1000)}: ${violation.message}`);
  const more = violations.length > LISTED_VIOLATIONS ? [`  ... and ${violations.length - LISTED_VIOLATIONS} more (see --json)`] : [];
  return [`Invariant violations: ${violations.length}`, ...listed, ...more].join('\n');
}

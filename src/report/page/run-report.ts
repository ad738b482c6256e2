/**
 * The report of one study (`drsim run`): summary against the objectives,
 * findings, the failover timeline, RPO over time and the distributions over
 * runs. Without report data (a bare Result) the charts that need the runs
 * say so in place.
 */
import type { ReportData } from '../../analysis/report-data.js';
import type { ObjectiveResult, Result, Summary } from '../../analysis/result-schema.js';
import { humanBytes, humanCount, humanPercent, humanSeconds } from '../../format/units.js';
import { d3 } from './d3.js';
import { cdfChart } from './cdf.js';
import { resultFindings } from './findings.js';
import { unavailableChart } from './frame.js';
import { ganttChart } from './gantt.js';
import { definitionList, findingList, grid, paragraph, reportHeader, section, subheading, table, type Cell } from './layout.js';
import { rpoCharts } from './rpo-chart.js';
import { formatQuantity, type Quantity } from './units.js';
import { waterfallChart } from './waterfall.js';

const NO_RUN_DATA =
  'This chart needs the individual runs, which a bare Result does not carry. Write the report with "drsim run --report", or save the run with "drsim run --save RESULT.json" and give that file to "drsim report".';

export function renderRunReport(root: HTMLElement, result: Result, data: ReportData | null): void {
  reportHeader(root, {
    kind: 'Run report',
    title: result.scenario,
    description: data?.scenario.description,
    provenance: [
      ['runs', String(result.runs)],
      ['seed', String(result.seed)],
      ['drsim', result.drsimVersion],
      ['trace digest', result.traceDigest],
      ['events', humanCount(result.eventsProcessed)],
    ],
  });
  summarySection(root, result, data);
  const findings = section(root, 'findings', 'Invariants and warnings');
  findingList(findings, resultFindings(result, data?.scenarioWarnings ?? null));
  if (!data) paragraph(findings, 'Scenario warnings (such as a Metro-DR RTT above the supported limit) are checked when the scenario is loaded and are not part of a bare Result.');
  timelineSection(root, result, data);
  rpoSection(root, result, data);
  distributionSection(root, result, data);
}

function summarySection(root: HTMLElement, result: Result, data: ReportData | null): void {
  const element = section(root, 'summary', 'Summary', 'Over all runs: one disaster or operation per run, as the scenario says.');
  verdictCards(element, result.objectives ?? []);
  const objective = (metric: 'rpo' | 'rto') => result.objectives?.find((candidate) => candidate.metric === metric);
  const rows: (string | Cell)[][] = [
    summaryRow('RPO at failover', 'seconds', result.summary.rpoSeconds, objective('rpo')),
    summaryRow('RTO', 'seconds', result.summary.rtoSeconds, objective('rto')),
    summaryRow('Data loss', 'bytes', result.summary.dataLossBytes),
    summaryRow('Kube objects lost', 'count', result.summary.kubeObjectsLost),
    summaryRow('Unprotected time', 'seconds', result.summary.unprotectedSeconds),
    ...(result.summary.seedingSeconds ? [summaryRow('Seeding (initial copy and catch-up)', 'seconds', result.summary.seedingSeconds)] : []),
    steadyStateRow(result),
  ];
  table(element, ['Figure', 'mean', 'p50', 'p95', 'p99', 'max', 'objective', 'verdict'], rows, [6, 7]);
  const over = result.rpoOverTime;
  if (!over.unbounded) {
    paragraph(
      element,
      `Steady state (from the end of the seeding): the recovery point is within one scheduling interval of now ${humanPercent(over.fractionWithinInterval)} of the time; Ramen's VolumeSynchronizationDelay alert would warn ${humanPercent(over.alertWarningFraction)} and be critical ${humanPercent(over.alertCriticalFraction)} of the time.` +
        (over.saturated ? ' The link is saturated: syncs never catch up, pending snapshots merge, and the RPO settles at the figures above.' : ''),
    );
  }
  const slowed = result.applications.filter((application) => (application.writeLatencyAddedMs ?? 0) > 0);
  if (slowed.length > 0) {
    paragraph(
      element,
      `Write latency: replication adds ${slowed.map((application) => `${humanSeconds(application.writeLatencyAddedMs! / 1000)} (${application.name})`).join(', ')} to every write (Metro-DR: one inter-site round trip; journal mirroring: one journal append).`,
    );
  }
  const stalled = result.applications.filter((application) => (application.writeStallSeconds?.max ?? 0) > 0);
  if (stalled.length > 0) {
    paragraph(
      element,
      `Write stall: at the site loss, writes on the surviving site blocked until Ceph entered degraded stretch mode: ${stalled.map((application) => `${application.name} p50 ${humanSeconds(application.writeStallSeconds!.p50)}, max ${humanSeconds(application.writeStallSeconds!.max)}`).join('; ')} (Metro-DR; applications that kept running there, not failed over).`,
    );
  }
  if (result.applications.length > 1) {
    subheading(element, 'Per application');
    table(
      element,
      ['Application', 'RPO p99', 'RTO p50', 'RTO p99', 'data loss p99', 'unprotected p99'],
      result.applications.map((application) => [
        application.name,
        humanSeconds(application.rpoSeconds.p99),
        humanSeconds(application.rtoSeconds.p50),
        humanSeconds(application.rtoSeconds.p99),
        humanBytes(application.dataLossBytes.p99),
        application.unprotectedSeconds ? humanSeconds(application.unprotectedSeconds.p99) : '-',
      ]),
    );
  }
  if ((result.vms ?? []).length > 0) {
    subheading(element, 'Per VM: RPO and skew between its disks');
    table(
      element,
      ['VM', 'application', 'RPO p50', 'RPO p99', 'disk skew p50', 'disk skew max'],
      (result.vms ?? []).map((vm) => [
        vm.name,
        vm.application,
        humanSeconds(vm.rpoSeconds.p50),
        humanSeconds(vm.rpoSeconds.p99),
        humanSeconds(vm.diskSkewSeconds.p50),
        humanSeconds(vm.diskSkewSeconds.max),
      ]),
      [1],
    );
  }
  subheading(element, 'Scenario');
  if (data) definitionList(element, data.scenario.settings);
  else paragraph(element, 'The scenario settings are not part of a bare Result; see the scenario file.');
}

function verdictCards(parent: HTMLElement, objectives: readonly ObjectiveResult[]): void {
  if (objectives.length === 0) {
    paragraph(parent, 'The scenario sets no objectives (spec.objectives), so nothing is met or breached.');
    return;
  }
  const cards = d3.select(parent).append('div').attr('class', 'verdicts').selectAll('div').data(objectives).join('div');
  cards.attr('class', (objective) => `card ${objective.met ? 'met' : 'breached'}`);
  cards.append('div').attr('class', 'label').text((objective) => `${objective.metric.toUpperCase()} at p${objective.percentile}`);
  cards.append('div').attr('class', 'figure').text((objective) => humanSeconds(objective.achievedSeconds));
  cards
    .append('div')
    .attr('class', (objective) => `verdict ${objective.met ? 'met' : 'breached'}`)
    .text((objective) => `${objective.met ? 'MET' : 'BREACHED'}: objective ${humanSeconds(objective.targetSeconds)}`);
}

function summaryRow(label: string, quantity: Quantity, summary: Summary, objective?: ObjectiveResult): (string | Cell)[] {
  const format = (value: number) => formatQuantity(quantity, value);
  return [
    label,
    format(summary.mean),
    format(summary.p50),
    format(summary.p95),
    format(summary.p99),
    format(summary.max),
    objective ? `${humanSeconds(objective.targetSeconds)} at p${objective.percentile}` : '-',
    objective ? verdictCell(objective.met) : '-',
  ];
}

function steadyStateRow(result: Result): (string | Cell)[] {
  const over = result.rpoOverTime;
  const value = (seconds: number | null | undefined) => (over.unbounded ? 'unbounded' : seconds == null ? '-' : humanSeconds(seconds));
  return ['RPO over time (steady state)', value(over.mean), value(over.p50), value(over.p95), value(over.p99), value(over.max), '-', '-'];
}

function verdictCell(met: boolean): Cell {
  return { text: met ? 'met' : 'BREACHED', className: `verdict ${met ? 'met' : 'breached'}` };
}

function timelineSection(root: HTMLElement, result: Result, data: ReportData | null): void {
  const run = data?.representativeRun ?? null;
  const element = section(
    root,
    'timeline',
    'Failover timeline',
    run
      ? `The DRPC workflow of run ${run.runIndex}, chosen because ${run.chosenBecause}; then the mean of each step over all runs.`
      : 'The mean of each DRPC workflow step over all runs.',
  );
  for (const application of result.applications) {
    const timeline = run?.applications.find((candidate) => candidate.name === application.name);
    if (run && timeline) ganttChart(element, timeline, run.runIndex);
    else unavailableChart(element, `gantt-${application.name}`, `${application.name}: the failover step by step`, NO_RUN_DATA);
    waterfallChart(element, application);
  }
}

function rpoSection(root: HTMLElement, result: Result, data: ReportData | null): void {
  const run = data?.representativeRun ?? null;
  const element = section(
    root,
    'rpo-over-time',
    'RPO over time',
    'The recovery point a failure would get at each instant of the steady state, in the representative run.',
  );
  const objective = result.objectives?.find((candidate) => candidate.metric === 'rpo')?.targetSeconds ?? null;
  for (const application of result.applications) {
    const timeline = run?.applications.find((candidate) => candidate.name === application.name);
    if (run && timeline) rpoCharts(element, run, timeline, objective);
    else unavailableChart(element, `rpo-${application.name}`, `${application.name}: RPO over the steady state`, NO_RUN_DATA);
  }
}

function distributionSection(root: HTMLElement, result: Result, data: ReportData | null): void {
  const element = section(
    root,
    'distributions',
    'Distributions over runs',
    'Cumulative distributions: the fraction of runs at or below each value, with the percentiles the result reports.',
  );
  const charts = grid(element);
  const objective = (metric: 'rpo' | 'rto') => {
    const found = result.objectives?.find((candidate) => candidate.metric === metric);
    return found ? { target: found.targetSeconds, percentile: found.percentile, met: found.met } : null;
  };
  const specs = [
    { id: 'cdf-rpo', title: 'RPO at failover', quantity: 'seconds' as const, axis: 'RPO at failover (duration)', summary: result.summary.rpoSeconds, samples: data?.samples.rpoSeconds, objective: objective('rpo') },
    { id: 'cdf-rto', title: 'RTO', quantity: 'seconds' as const, axis: 'RTO (duration)', summary: result.summary.rtoSeconds, samples: data?.samples.rtoSeconds, objective: objective('rto') },
    { id: 'cdf-data-loss', title: 'Data loss', quantity: 'bytes' as const, axis: 'Data lost (bytes, binary units)', summary: result.summary.dataLossBytes, samples: data?.samples.dataLossBytes, objective: null },
  ];
  for (const spec of specs) {
    if (!spec.samples || spec.samples.values.length === 0) {
      unavailableChart(charts, spec.id, `${spec.title}: distribution over runs`, NO_RUN_DATA);
      continue;
    }
    cdfChart(charts, {
      id: spec.id,
      title: `${spec.title}: distribution over ${spec.samples.runs} runs`,
      caption: spec.quantity === 'bytes' ? 'Bytes written after the recovery point, all applications.' : 'Worst application of each run.',
      quantity: spec.quantity,
      axisLabel: spec.axis,
      samples: spec.samples,
      summary: spec.summary,
      objective: spec.objective,
    });
  }
}

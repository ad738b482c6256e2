/**
 * RPO over time in the representative run: the sawtooth a failure at each
 * instant of the steady state would see (the application's group recovery
 * point, Ramen's lastGroupSyncTime), against the scheduling interval and
 * Ramen's VolumeSynchronizationDelay alert levels (warning above 2 intervals,
 * critical from 3); a close-up of the last intervals before the disaster; and
 * the sync backlog in intervals (ramen_rpo_difference) at each snapshot.
 */
import type { ScaleLinear } from 'd3';
import type { ApplicationTimeline, RepresentativeRun } from '../../analysis/report-data.js';
import { humanSeconds } from '../../format/units.js';
import { d3 } from './d3.js';
import { bottomAxis, createChart, leftAxis, legend, note, referenceLine, unavailableChart, verticalLine, type Chart } from './frame.js';
import { durationTicks, plainTicks } from './units.js';

const LINE_COLOR = '#0072B2';
const WARNING_LEVEL = 2;
const CRITICAL_LEVEL = 3;

export function rpoCharts(parent: HTMLElement, run: RepresentativeRun, timeline: ApplicationTimeline, objectiveSeconds: number | null): void {
  const title = `${timeline.name}: RPO over the steady state of run ${run.runIndex}`;
  const interval = run.schedulingIntervalSeconds;
  if (run.mode !== 'snapshot' || interval === null) {
    unavailableChart(parent, `rpo-${timeline.name}`, title, constantLagReason(run));
    return;
  }
  if (timeline.rpo.length === 0) {
    unavailableChart(
      parent,
      `rpo-${timeline.name}`,
      title,
      'The seeding (the initial full sync and the catch-up after it) had not finished before the disaster, so there is no steady state to draw.',
    );
    return;
  }
  overview(parent, run, timeline, interval, objectiveSeconds);
  detail(parent, run, timeline, interval, objectiveSeconds);
  backlog(parent, run, timeline);
}

function overview(parent: HTMLElement, run: RepresentativeRun, timeline: ApplicationTimeline, interval: number, objective: number | null): void {
  const start = timeline.steadyStateStartSeconds ?? timeline.rpo[0][0];
  const end = run.steadyStateEndSeconds;
  const chart = createChart(parent, {
    id: `rpo-${timeline.name}`,
    title: `${timeline.name}: RPO over the steady state of run ${run.runIndex}`,
    caption: `What a failure at each instant would lose, from the end of the seeding (${humanSeconds(start)}: the initial copy and its catch-up) to the first disaster (${humanSeconds(end)}). Every sync completion drops it; each peak is kept.`,
    height: 240,
  });
  const x = d3.scaleLinear().domain([start, end]).range([0, chart.width]);
  const y = rpoScale(chart, timeline.rpo, interval, objective);
  bottomAxis(chart, x, durationTicks(start, end, 8), 'Time since the run started');
  leftAxis(chart, y, durationTicks(0, y.domain()[1], 6), 'RPO (time since the recovery point)');
  sawtooth(chart, x, y, timeline.rpo, 0.7);
  thresholdLines(chart, y, interval, objective);
  verticalLine(chart, x(end), 'disaster', 'event', { end }, 'end');
  rpoLegend(chart, objective);
  if (run.unboundedBacklog) note(chart, 'The sync backlog grows without bound in this run: nothing syncs, so the RPO keeps rising.');
  if (run.saturatedLink) {
    note(chart, 'The link is saturated: syncs never catch up, pending snapshots merge, and the RPO rises until each sync ships about a working set, then settles.');
  }
}

function detail(parent: HTMLElement, run: RepresentativeRun, timeline: ApplicationTimeline, interval: number, objective: number | null): void {
  const end = run.steadyStateEndSeconds;
  const points = timeline.rpoDetail.map(([time, value]): [number, number] => [time - end, value]);
  if (points.length < 2) return;
  const chart = createChart(parent, {
    id: `rpo-detail-${timeline.name}`,
    title: `${timeline.name}: the last ${humanSeconds(-points[0][0])} before the disaster, exact`,
    caption: `The RPO rises with time and drops when a snapshot has fully synced (dots); snapshots every ${humanSeconds(interval)}.`,
    height: 200,
  });
  const x = d3.scaleLinear().domain([points[0][0], 0]).range([0, chart.width]);
  const y = rpoScale(chart, points, interval, objective);
  bottomAxis(chart, x, durationTicks(points[0][0], 0, 8), 'Time before the disaster');
  leftAxis(chart, y, durationTicks(0, y.domain()[1], 6), 'RPO (time since the recovery point)');
  sawtooth(chart, x, y, points, 1.4);
  thresholdLines(chart, y, interval, objective);
  const teeth = points.filter((point, index) => index > 0 && point[0] === points[index - 1][0] && point[1] < points[index - 1][1]);
  chart.marks
    .append('g')
    .attr('class', 'syncs')
    .selectAll('circle')
    .data(teeth)
    .join('circle')
    .attr('cx', (point) => x(point[0]))
    .attr('cy', (point) => y(point[1]))
    .attr('r', 2.5)
    .attr('fill', LINE_COLOR)
    .append('title')
    .text((point) => `sync completed ${humanSeconds(-point[0])} before the disaster; RPO back to ${humanSeconds(point[1])}`);
}

function backlog(parent: HTMLElement, run: RepresentativeRun, timeline: ApplicationTimeline): void {
  if (timeline.backlog.length === 0) return;
  const start = timeline.steadyStateStartSeconds ?? timeline.backlog[0][0];
  const end = run.steadyStateEndSeconds;
  const chart = createChart(parent, {
    id: `backlog-${timeline.name}`,
    title: `${timeline.name}: sync backlog at each snapshot, in scheduling intervals`,
    caption: "ramen_rpo_difference = (now - lastSyncTime) / schedulingInterval, worst image of the application, sampled when each snapshot is created.",
    height: 170,
  });
  const highest = d3.max(timeline.backlog, (point) => point[1]) ?? 0;
  const x = d3.scaleLinear().domain([start, end]).range([0, chart.width]);
  const y = d3.scaleLinear().domain([0, Math.max(highest, CRITICAL_LEVEL) * 1.1]).range([chart.height, 0]);
  bottomAxis(chart, x, durationTicks(start, end, 8), 'Time since the run started');
  leftAxis(chart, y, plainTicks(0, y.domain()[1], 5), 'Backlog (intervals)');
  referenceLine(chart, y(WARNING_LEVEL), 'warning above 2', 'warning', WARNING_LEVEL);
  referenceLine(chart, y(CRITICAL_LEVEL), 'critical from 3', 'critical', CRITICAL_LEVEL);
  chart.marks
    .append('path')
    .datum(timeline.backlog)
    .attr('class', 'backlog-line')
    .attr('fill', 'none')
    .attr('stroke', '#009E73')
    .attr('stroke-width', 1.2)
    .attr('d', d3.line<[number, number]>().x((point) => x(point[0])).y((point) => y(point[1])));
  legend(chart, [
    { label: 'backlog at each snapshot', color: '#009E73', shape: 'line' },
    { label: 'VolumeSynchronizationDelay warning (> 2)', color: '#d29922', shape: 'dashed' },
    { label: 'critical (>= 3)', color: '#cf222e', shape: 'dashed' },
  ]);
}

function rpoScale(chart: Chart, points: readonly [number, number][], interval: number, objective: number | null): ScaleLinear<number, number> {
  const highest = Math.max(d3.max(points, (point) => point[1]) ?? 0, CRITICAL_LEVEL * interval, objective ?? 0);
  return d3.scaleLinear().domain([0, highest * 1.08]).range([chart.height, 0]);
}

/** Closest two labelled reference lines may be, in pixels; closer ones rely on the legend. */
const LABEL_SPACING = 14;

function thresholdLines(chart: Chart, y: ScaleLinear<number, number>, interval: number, objective: number | null): void {
  // In order of importance: a label is dropped when a more important line sits right next to it.
  const lines = [
    ...(objective !== null ? [{ value: objective, label: `RPO objective ${humanSeconds(objective)}`, className: 'objective' }] : []),
    { value: CRITICAL_LEVEL * interval, label: `critical: 3 x interval (${humanSeconds(CRITICAL_LEVEL * interval)})`, className: 'critical' },
    { value: WARNING_LEVEL * interval, label: `warning: 2 x interval (${humanSeconds(WARNING_LEVEL * interval)})`, className: 'warning' },
    { value: interval, label: `interval ${humanSeconds(interval)}`, className: 'interval' },
  ];
  const labelled: number[] = [];
  for (const line of lines) {
    const position = y(line.value);
    const crowded = labelled.some((other) => Math.abs(other - position) < LABEL_SPACING);
    if (!crowded) labelled.push(position);
    referenceLine(chart, position, crowded ? '' : line.label, line.className, line.value);
  }
}

function sawtooth(
  chart: Chart,
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  points: readonly [number, number][],
  strokeWidth: number,
): void {
  chart.marks
    .append('path')
    .datum(points)
    .attr('class', 'sawtooth')
    .attr('fill', 'none')
    .attr('stroke', LINE_COLOR)
    .attr('stroke-width', strokeWidth)
    .attr('stroke-linejoin', 'round')
    .attr('d', d3.line<[number, number]>().x((point) => x(point[0])).y((point) => y(point[1])));
}

function rpoLegend(chart: Chart, objective: number | null): void {
  legend(chart, [
    { label: 'RPO (group recovery point)', color: LINE_COLOR, shape: 'line' },
    { label: 'scheduling interval', color: '#57606a', shape: 'dashed' },
    { label: 'Ramen warning (> 2 intervals)', color: '#d29922', shape: 'dashed' },
    { label: 'Ramen critical (>= 3 intervals)', color: '#cf222e', shape: 'dashed' },
    ...(objective !== null ? [{ label: 'RPO objective', color: '#6f42c1', shape: 'dashed' as const }] : []),
  ]);
}

function constantLagReason(run: RepresentativeRun): string {
  if (run.mode === 'metro') {
    return 'Metro-DR replicates synchronously: the RPO is 0 while the sites are connected, so there is no sawtooth. A failure after a link cut loses what was written since the cut (see the distributions).';
  }
  if (run.unboundedBacklog) {
    return 'Journal mirroring: the replay lag grows without bound in this scenario (writes outrun the link), so the RPO has no steady value.';
  }
  return `Journal mirroring replays every write continuously: the RPO is the replay lag, ${humanSeconds(run.constantLagSeconds ?? 0)} in this run, with no snapshot schedule and so no sawtooth.`;
}

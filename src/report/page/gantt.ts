/**
 * The failover (or relocate) of one application in the representative run as
 * a Gantt chart: one row per DRPC workflow step, bars at the times the step
 * ran, from the trigger to the application ready on the target. Control-plane
 * changes (DRPC progressions, fencing) are marked on a row of their own and
 * listed with their times below.
 */
import type { ApplicationTimeline } from '../../analysis/report-data.js';
import type { RtoStep } from '../../models/run-record.js';
import { d3 } from './d3.js';
import { bandAxis, bottomAxis, createChart, legend, unavailableChart, verticalLine } from './frame.js';
import { table } from './layout.js';
import { stepColor, stepLabel } from './steps.js';
import { humanSeconds } from '../../format/units.js';
import { durationTicks } from './units.js';

const EVENTS_ROW = 'DRPC and fencing changes';

export function ganttChart(parent: HTMLElement, timeline: ApplicationTimeline, runIndex: number): void {
  const id = `gantt-${timeline.name}`;
  const title = `${timeline.name}: ${actionName(timeline)} in run ${runIndex}, step by step`;
  if (timeline.steps.length === 0 || timeline.startSeconds === null || timeline.readySeconds === null) {
    unavailableChart(parent, id, title, noStepsReason(timeline));
    return;
  }
  const start = timeline.startSeconds;
  const total = timeline.readySeconds - start;
  const steps = timeline.steps.map((span) => ({ ...span, from: span.startSeconds - start, to: span.endSeconds - start }));
  const rows = [EVENTS_ROW, ...new Set(steps.map((span) => stepLabel(span.step)))];
  const rowHeight = 26;
  const chart = createChart(parent, {
    id,
    title,
    caption: `Time since the ${timeline.cause === 'operator' ? 'operator started the action' : 'disaster'}; RTO ${humanSeconds(total)}, ready at ${humanSeconds(timeline.readySeconds)} into the run.`,
    height: rows.length * rowHeight,
    margin: { left: 190, right: 80 },
  });
  const x = d3.scaleLinear().domain([0, total > 0 ? total : 1]).range([0, chart.width]);
  const y = d3.scaleBand<string>().domain(rows).range([0, chart.height]).paddingInner(0.25).paddingOuter(0.1);
  bandAxis(chart, y, 'left', '');
  bottomAxis(chart, x, durationTicks(0, x.domain()[1], 8), 'Time since the trigger');

  const bars = chart.marks.append('g').attr('class', 'steps').selectAll('g').data(steps).join('g');
  bars
    .append('rect')
    .attr('x', (span) => x(span.from))
    .attr('y', (span) => y(stepLabel(span.step))!)
    .attr('width', (span) => Math.max(1.5, x(span.to) - x(span.from)))
    .attr('height', y.bandwidth())
    .attr('fill', (span) => stepColor(span.step))
    .attr('stroke', '#1b1f24')
    .attr('stroke-width', 0.5)
    .append('title')
    .text((span) => `${stepLabel(span.step)}: ${humanSeconds(span.to - span.from)} (from ${humanSeconds(span.from)} to ${humanSeconds(span.to)})`);
  bars
    .append('text')
    .attr('class', 'label-halo')
    .attr('x', (span) => x(span.to) + 4)
    .attr('y', (span) => y(stepLabel(span.step))! + y.bandwidth() / 2 + 4)
    .text((span) => humanSeconds(span.to - span.from));

  const events = timeline.drpcEvents.filter((event) => event.atSeconds - start <= total);
  chart.marks
    .append('g')
    .attr('class', 'events')
    .selectAll('path')
    .data(events)
    .join('path')
    .attr('d', d3.symbol(d3.symbolDiamond, 60))
    .attr('transform', (event) => `translate(${x(event.atSeconds - start)},${y(EVENTS_ROW)! + y.bandwidth() / 2})`)
    .attr('fill', '#1b1f24')
    .append('title')
    .text((event) => `+${humanSeconds(event.atSeconds - start)}: ${event.description}`);
  verticalLine(chart, x(total), `ready (RTO ${humanSeconds(total)})`, 'event', { total }, 'end');

  const present = [...new Set(steps.map((span) => span.step))] as RtoStep[];
  legend(chart, [
    ...present.map((step) => ({ label: stepLabel(step), color: stepColor(step) })),
    { label: 'control-plane change (listed below)', color: '#1b1f24', shape: 'diamond' as const },
  ]);
  if (timeline.drpcEvents.length > 0) {
    table(
      chart.figure.node()!,
      ['Since the trigger', 'Change'],
      timeline.drpcEvents.map((event) => [`+${humanSeconds(event.atSeconds - start)}`, event.description]),
      [0, 1],
    );
  }
}

function actionName(timeline: ApplicationTimeline): string {
  switch (timeline.action) {
    case 'Failover':
      return 'failover';
    case 'Relocate':
      return 'relocate';
    case 'RecoverInPlace':
      return 'recovery in place';
    case 'None':
      return 'no DR action';
  }
}

function noStepsReason(timeline: ApplicationTimeline): string {
  if (timeline.refusedReason) return `The DR action was refused: ${timeline.refusedReason}.`;
  if (timeline.action === 'None') return 'No disaster or operation reached this application in the representative run: there are no workflow steps to draw.';
  return 'The workflow did not finish within the run (the application was not ready again), so it has no complete step timeline.';
}

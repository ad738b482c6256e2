/**
 * Where the RTO goes on average: the mean duration of each workflow step over
 * the runs, stacked as a waterfall in workflow order, ending in their sum
 * (the mean RTO: means add up). From the Result alone, so it is drawn even
 * without run data.
 */
import type { ApplicationResult } from '../../analysis/result-schema.js';
import type { RtoStep } from '../../models/run-record.js';
import { humanSeconds } from '../../format/units.js';
import { d3 } from './d3.js';
import { bandAxis, bottomAxis, createChart, unavailableChart } from './frame.js';
import { orderedSteps, stepColor, stepLabel } from './steps.js';
import { durationTicks } from './units.js';

interface Bar {
  label: string;
  from: number;
  to: number;
  color: string;
  total: boolean;
}

const TOTAL_LABEL = 'Mean RTO (sum)';

export function waterfallChart(parent: HTMLElement, application: ApplicationResult): void {
  const id = `waterfall-${application.name}`;
  const title = `${application.name}: RTO waterfall of mean step durations`;
  const breakdown = application.rtoBreakdownSeconds as Partial<Record<RtoStep, { mean: number }>>;
  const bars: Bar[] = [];
  let cursor = 0;
  for (const step of orderedSteps()) {
    const mean = breakdown[step]?.mean ?? 0;
    if (!(mean > 0)) continue;
    bars.push({ label: stepLabel(step), from: cursor, to: cursor + mean, color: stepColor(step), total: false });
    cursor += mean;
  }
  if (bars.length === 0) {
    unavailableChart(parent, id, title, 'No run of this application went through a DR workflow, so its RTO has no steps.');
    return;
  }
  bars.push({ label: TOTAL_LABEL, from: 0, to: cursor, color: '#57606a', total: true });
  const chart = createChart(parent, {
    id,
    title,
    caption: `Mean over runs of each step; they add up to the mean RTO, ${humanSeconds(cursor)} (p99 RTO ${humanSeconds(application.rtoSeconds.p99)}).`,
    height: bars.length * 26,
    margin: { left: 190, right: 80 },
  });
  const x = d3.scaleLinear().domain([0, cursor]).range([0, chart.width]);
  const y = d3.scaleBand<string>().domain(bars.map((bar) => bar.label)).range([0, chart.height]).paddingInner(0.25).paddingOuter(0.1);
  bandAxis(chart, y, 'left', '');
  bottomAxis(chart, x, durationTicks(0, cursor, 8), 'Cumulative mean time since the trigger');
  const groups = chart.marks.append('g').attr('class', 'waterfall').selectAll('g').data(bars).join('g');
  groups
    .append('rect')
    .attr('x', (bar) => x(bar.from))
    .attr('y', (bar) => y(bar.label)!)
    .attr('width', (bar) => Math.max(1.5, x(bar.to) - x(bar.from)))
    .attr('height', y.bandwidth())
    .attr('fill', (bar) => bar.color)
    .attr('stroke', '#1b1f24')
    .attr('stroke-width', 0.5)
    .append('title')
    .text((bar) => `${bar.label}: ${humanSeconds(bar.to - bar.from)}`);
  groups
    .filter((bar) => !bar.total)
    .append('line')
    .attr('x1', (bar) => x(bar.to))
    .attr('x2', (bar) => x(bar.to))
    .attr('y1', (bar) => y(bar.label)! + y.bandwidth())
    .attr('y2', (bar) => y(bar.label)! + y.step())
    .attr('stroke', '#6e7781')
    .attr('stroke-dasharray', '2 2');
  groups
    .append('text')
    .attr('class', 'label-halo')
    .attr('x', (bar) => x(bar.to) + 4)
    .attr('y', (bar) => y(bar.label)! + y.bandwidth() / 2 + 4)
    .attr('font-weight', (bar) => (bar.total ? 700 : null))
    .text((bar) => humanSeconds(bar.to - bar.from));
}

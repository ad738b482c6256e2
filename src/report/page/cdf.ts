/**
 * The distribution of one figure over the Monte Carlo runs as an empirical
 * CDF: for each value, the fraction of runs at or below it. The percentiles
 * the result reports (p50, p95, p99, max) are marked on the curve, and the
 * objective, when there is one, is the vertical line the curve must cross
 * above its percentile.
 */
import type { SampleSet } from '../../analysis/report-data.js';
import type { Summary } from '../../analysis/result-schema.js';
import { d3 } from './d3.js';
import { bottomAxis, createChart, leftAxis, legend, note, verticalLine, type LegendItem } from './frame.js';
import { formatQuantity, fractionTicks, quantityTicks, type Quantity } from './units.js';

export interface CdfOptions {
  id: string;
  title: string;
  caption: string;
  quantity: Quantity;
  /** Axis label with its unit, e.g. "RPO at failover (time)". */
  axisLabel: string;
  samples: SampleSet;
  summary: Summary;
  objective: { target: number; percentile: number; met: boolean } | null;
}

interface Mark {
  label: string;
  value: number;
  fraction: number;
}

const CURVE_COLOR = '#0072B2';
const MARK_COLOR = '#D55E00';
const LABEL_GAP = 14;

export function cdfChart(parent: HTMLElement, options: CdfOptions): void {
  const values = options.samples.values;
  const chart = createChart(parent, { id: options.id, title: options.title, caption: options.caption, width: 460, height: 230, margin: { right: 16, left: 64 } });
  const top = Math.max(values[values.length - 1] ?? 0, options.objective?.target ?? 0);
  const bottom = Math.min(0, values[0] ?? 0);
  const x = d3.scaleLinear().domain([bottom, top > bottom ? top * 1.04 : bottom + 1]).range([0, chart.width]);
  const y = d3.scaleLinear().domain([0, 1]).range([chart.height, 0]);
  leftAxis(chart, y, fractionTicks(), 'Runs at or below');
  bottomAxis(chart, x, quantityTicks(options.quantity, x.domain()[0], x.domain()[1], 5), options.axisLabel);

  const curve = cdfVertices(options.samples);
  chart.marks
    .append('path')
    .datum(curve)
    .attr('class', 'cdf-curve')
    .attr('fill', 'none')
    .attr('stroke', CURVE_COLOR)
    .attr('stroke-width', 2)
    .attr('d', d3.line<[number, number]>().x((point) => x(point[0])).y((point) => y(point[1])));

  if (options.objective) {
    const objective = options.objective;
    verticalLine(
      chart,
      x(objective.target),
      `objective ${formatQuantity(options.quantity, objective.target)} at p${objective.percentile}`,
      'objective',
      objective,
      x(objective.target) > chart.width * 0.6 ? 'end' : 'start',
    );
  }

  const marks: Mark[] = [
    { label: 'p50', value: options.summary.p50, fraction: 0.5 },
    { label: 'p95', value: options.summary.p95, fraction: 0.95 },
    { label: 'p99', value: options.summary.p99, fraction: 0.99 },
    { label: 'max', value: options.summary.max, fraction: 1 },
  ];
  const group = chart.marks.append('g').attr('class', 'percentiles');
  group
    .selectAll('line')
    .data(marks)
    .join('line')
    .attr('x1', (mark) => x(mark.value))
    .attr('x2', (mark) => x(mark.value))
    .attr('y1', (mark) => y(mark.fraction))
    .attr('y2', chart.height)
    .attr('stroke', MARK_COLOR)
    .attr('stroke-width', 1)
    .attr('stroke-dasharray', '3 3');
  group
    .selectAll('circle')
    .data(marks)
    .join('circle')
    .attr('cx', (mark) => x(mark.value))
    .attr('cy', (mark) => y(mark.fraction))
    .attr('r', 3.5)
    .attr('fill', MARK_COLOR)
    .append('title')
    .text((mark) => `${mark.label}: ${formatQuantity(options.quantity, mark.value)}`);
  // Labels from the top down, each at least a line below the previous one.
  let previous = -Infinity;
  const placed = [...marks]
    .sort((a, b) => b.fraction - a.fraction)
    .map((mark) => {
      const labelY = Math.max(y(mark.fraction) + 4, previous + LABEL_GAP);
      previous = labelY;
      return { ...mark, labelY };
    });
  group
    .selectAll('text')
    .data(placed)
    .join('text')
    .attr('class', 'label-halo')
    .attr('x', (mark) => x(mark.value) + (x(mark.value) > chart.width - 110 ? -7 : 7))
    .attr('y', (mark) => mark.labelY)
    .attr('text-anchor', (mark) => (x(mark.value) > chart.width - 110 ? 'end' : 'start'))
    .text((mark) => `${mark.label} ${formatQuantity(options.quantity, mark.value)}`);

  const items: LegendItem[] = [
    { label: `${options.samples.runs} runs`, color: CURVE_COLOR, shape: 'line' },
    { label: 'percentiles of the result', color: MARK_COLOR, shape: 'dot' },
  ];
  if (options.objective) {
    const verdict = options.objective.met ? 'met' : 'breached';
    items.push({ label: `objective (${verdict})`, color: '#6f42c1', shape: 'dashed' });
  }
  legend(chart, items);
  if (values.length > 0 && values[values.length - 1] === values[0]) {
    note(chart, `Every run gave the same value: ${formatQuantity(options.quantity, values[0])}.`);
  }
  if (values.length < options.samples.runs) {
    note(chart, `Drawn from ${values.length} evenly spaced quantiles of the ${options.samples.runs} runs.`);
  }
}

/** The empirical CDF as polyline vertices: a step up by 1/n at each run's value. */
function cdfVertices(samples: SampleSet): [number, number][] {
  const values = samples.values;
  const n = values.length;
  if (n === 0) return [];
  if (n < samples.runs) return values.map((value, index) => [value, n === 1 ? 1 : index / (n - 1)]);
  const vertices: [number, number][] = [[values[0], 0]];
  for (let index = 0; index < n; index++) {
    vertices.push([values[index], index / n], [values[index], (index + 1) / n]);
    if (index + 1 < n) vertices.push([values[index + 1], (index + 1) / n]);
  }
  return vertices;
}

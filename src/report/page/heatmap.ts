/**
 * A sweep as a heatmap: one axis across, one down, each cell coloured by a
 * figure (p99 RPO, say) and labelled with it, so it reads in grey print too.
 * With an objective, the frontier between cells that meet it and cells that
 * breach it is drawn as a heavy line, and each cell is marked met or not.
 */
import type { ScaleBand, ScaleSequential, Selection } from 'd3';
import { d3 } from './d3.js';
import { bandAxis, createChart, legend } from './frame.js';
import { formatQuantity, quantityTicks, type Quantity } from './units.js';

export interface HeatmapCell {
  column: string;
  row: string;
  value: number | null;
  /** Whether the objective is met here; null without an objective. */
  met: boolean | null;
  detail: string;
}

export interface HeatmapOptions {
  id: string;
  title: string;
  caption: string;
  columns: readonly string[];
  rows: readonly string[];
  columnLabel: string;
  rowLabel: string;
  cells: readonly HeatmapCell[];
  quantity: Quantity;
  valueLabel: string;
  /** The objective the figure is held to, if any: the colour ramp reaches at least it. */
  target: number | null;
}

const CELL_HEIGHT = 46;
const FRONTIER_COLOR = '#1b1f24';

export function heatmap(parent: HTMLElement, options: HeatmapOptions): void {
  const chart = createChart(parent, {
    id: options.id,
    title: options.title,
    caption: options.caption,
    height: Math.max(1, options.rows.length) * CELL_HEIGHT,
    margin: { top: 30, left: options.rowLabel ? 120 : 24, right: 130, bottom: 52 },
  });
  const x = d3.scaleBand<string>().domain(options.columns).range([0, chart.width]).padding(0.04);
  const y = d3.scaleBand<string>().domain(options.rows).range([0, chart.height]).padding(0.06);
  const values = options.cells.map((cell) => cell.value).filter((value): value is number => value !== null);
  // From zero, so that close figures look close rather than stretched across the whole ramp,
  // and up to the objective at least, so that dark means near or past it.
  const high = Math.max(d3.max(values) ?? 0, options.target ?? 0);
  const color = d3.scaleSequential(d3.interpolateYlOrRd).domain([0, high > 0 ? high : 1]);
  bandAxis(chart, x, 'bottom', options.columnLabel);
  bandAxis(chart, y, 'left', '');
  // The row field written above its values: rotated, a long field name would not fit a short map.
  chart.plot
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', -chart.margin.left + 4)
    .attr('y', -8)
    .text(options.rowLabel);

  const cells = chart.marks.append('g').attr('class', 'cells').selectAll('g').data(options.cells).join('g');
  cells
    .append('rect')
    .attr('x', (cell) => x(cell.column)!)
    .attr('y', (cell) => y(cell.row)!)
    .attr('width', x.bandwidth())
    .attr('height', y.bandwidth())
    .attr('fill', (cell) => (cell.value === null ? '#d0d7de' : color(cell.value)))
    .append('title')
    .text((cell) => cell.detail);
  const inkOn = (cell: HeatmapCell) => (cell.value !== null && d3.lab(color(cell.value)).l < 55 ? '#fff' : '#1b1f24');
  cells
    .append('text')
    .attr('x', (cell) => x(cell.column)! + x.bandwidth() / 2)
    .attr('y', (cell) => y(cell.row)! + y.bandwidth() / 2 + 4)
    .attr('text-anchor', 'middle')
    .style('fill', inkOn)
    .attr('font-weight', 600)
    .text((cell) => {
      const figure = cell.value === null ? 'unbounded' : formatQuantity(options.quantity, cell.value);
      return cell.met === null ? figure : `${figure} ${cell.met ? '\u2713' : '\u2717'}`;
    });

  const withObjective = options.cells.some((cell) => cell.met !== null);
  if (withObjective) frontier(chart.marks, options, x, y);
  colorBar(chart.svg, chart.margin.left + chart.width + 28, chart.margin.top, Math.max(chart.height, 120), color, options);
  legend(chart, [
    { label: `${options.valueLabel}: colour and figure in each cell`, color: color(high), shape: 'box' },
    ...(withObjective
      ? [{ label: 'objective frontier (\u2713 met, \u2717 breached)', color: FRONTIER_COLOR, shape: 'line' as const }]
      : []),
  ]);
}

/** Heavy edges between neighbouring cells where the objective flips from met to breached. */
function frontier(
  marks: Selection<SVGGElement, unknown, null, undefined>,
  options: HeatmapOptions,
  x: ScaleBand<string>,
  y: ScaleBand<string>,
): void {
  const at = new Map(options.cells.map((cell) => [`${cell.column}\u0000${cell.row}`, cell]));
  const edges: { x1: number; y1: number; x2: number; y2: number }[] = [];
  const half = (scale: ScaleBand<string>) => (scale.step() - scale.bandwidth()) / 2;
  options.rows.forEach((row, rowIndex) => {
    options.columns.forEach((column, columnIndex) => {
      const cell = at.get(`${column}\u0000${row}`);
      const right = options.columns[columnIndex + 1];
      const below = options.rows[rowIndex + 1];
      const rightCell = right === undefined ? undefined : at.get(`${right}\u0000${row}`);
      const belowCell = below === undefined ? undefined : at.get(`${column}\u0000${below}`);
      if (cell && rightCell && cell.met !== null && rightCell.met !== null && cell.met !== rightCell.met) {
        const edge = x(column)! + x.bandwidth() + half(x);
        edges.push({ x1: edge, x2: edge, y1: y(row)! - half(y), y2: y(row)! + y.bandwidth() + half(y) });
      }
      if (cell && belowCell && cell.met !== null && belowCell.met !== null && cell.met !== belowCell.met) {
        const edge = y(row)! + y.bandwidth() + half(y);
        edges.push({ y1: edge, y2: edge, x1: x(column)! - half(x), x2: x(column)! + x.bandwidth() + half(x) });
      }
    });
  });
  marks
    .append('g')
    .attr('class', 'frontier')
    .selectAll('line')
    .data(edges)
    .join('line')
    .attr('x1', (edge) => edge.x1)
    .attr('x2', (edge) => edge.x2)
    .attr('y1', (edge) => edge.y1)
    .attr('y2', (edge) => edge.y2)
    .attr('stroke', FRONTIER_COLOR)
    .attr('stroke-width', 4)
    .attr('stroke-linecap', 'square');
}

/** A vertical colour ramp with its scale in the figure's units. */
function colorBar(
  svg: Selection<SVGSVGElement, unknown, null, undefined>,
  left: number,
  top: number,
  height: number,
  color: ScaleSequential<string>,
  options: HeatmapOptions,
): void {
  const gradientId = `ramp-${options.id}`;
  const [low, high] = color.domain();
  const gradient = svg
    .append('defs')
    .append('linearGradient')
    .attr('id', gradientId)
    .attr('x1', 0)
    .attr('x2', 0)
    .attr('y1', 1)
    .attr('y2', 0);
  gradient
    .selectAll('stop')
    .data(d3.range(0, 1.0001, 0.1))
    .join('stop')
    .attr('offset', (offset) => offset)
    .attr('stop-color', (offset) => color(low + offset * (high - low)));
  const bar = svg.append('g').attr('class', 'color-bar').attr('transform', `translate(${left},${top})`);
  bar.append('rect').attr('width', 14).attr('height', height).attr('fill', `url(#${gradientId})`).attr('stroke', '#6e7781');
  const scale = d3.scaleLinear().domain([low, high]).range([height, 0]);
  const ticks = quantityTicks(options.quantity, low, high, 5);
  bar
    .append('g')
    .attr('class', 'axis')
    .attr('transform', 'translate(14,0)')
    .call(d3.axisRight(scale).tickValues(ticks.values).tickFormat((value) => ticks.format(Number(value))));
}

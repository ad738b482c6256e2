/**
 * The frame every chart shares: a figure with its title and caption, an SVG
 * sized by viewBox (so it scales to the page and to paper), axes with labels
 * and units, light grid lines, an HTML legend with SVG swatches (which print
 * even when browsers drop background colours), and notes. Marks go in
 * `g.marks`, bound to their data, so tests can tell a drawn chart from an
 * empty one.
 */
import type { ScaleBand, ScaleContinuousNumeric, Selection } from 'd3';
import { d3 } from './d3.js';
import type { Ticks } from './units.js';

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface ChartOptions {
  /** Stable name of the chart (data-chart attribute). */
  id: string;
  title: string;
  caption?: string;
  /** Total width in SVG units; the figure scales it to the page. */
  width?: number;
  /** Height of the plot area. */
  height: number;
  margin?: Partial<Margin>;
}

export interface Chart {
  figure: Selection<HTMLElement, unknown, null, undefined>;
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  plot: Selection<SVGGElement, unknown, null, undefined>;
  marks: Selection<SVGGElement, unknown, null, undefined>;
  /** Plot area size, and the space around it for axes. */
  width: number;
  height: number;
  margin: Margin;
}

const DEFAULT_MARGIN: Margin = { top: 24, right: 24, bottom: 48, left: 72 };

export function createChart(parent: HTMLElement, options: ChartOptions): Chart {
  const margin = { ...DEFAULT_MARGIN, ...options.margin };
  const totalWidth = options.width ?? 920;
  const width = totalWidth - margin.left - margin.right;
  const height = options.height;
  const figure = figureWithCaption(parent, 'chart', options.id, options.title, options.caption);
  const svg = figure
    .append('svg')
    .attr('viewBox', `0 0 ${totalWidth} ${height + margin.top + margin.bottom}`)
    .attr('role', 'img')
    .attr('aria-label', options.title);
  const plot = svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  plot.append('g').attr('class', 'grid');
  const marks = plot.append('g').attr('class', 'marks');
  return { figure, svg, plot, marks, width, height, margin };
}

/** A chart that cannot be drawn from the data at hand, saying why instead of staying blank. */
export function unavailableChart(parent: HTMLElement, id: string, title: string, reason: string): void {
  const figure = figureWithCaption(parent, 'chart-unavailable', id, title);
  figure.append('p').attr('class', 'note').text(reason);
}

function figureWithCaption(parent: HTMLElement, kind: string, id: string, title: string, caption?: string) {
  const figure = d3.select(parent).append('figure').attr('class', kind).attr('data-chart', id);
  const figcaption = figure.append('figcaption');
  figcaption.append('span').attr('class', 'chart-title').text(title);
  if (caption) figcaption.append('span').attr('class', 'chart-caption').text(caption);
  return figure;
}

export function bottomAxis(chart: Chart, scale: ScaleContinuousNumeric<number, number>, ticks: Ticks, label: string): void {
  const axis = chart.plot
    .append('g')
    .attr('class', 'axis axis-x')
    .attr('transform', `translate(0,${chart.height})`)
    .call(d3.axisBottom(scale).tickValues(ticks.values).tickFormat((value) => ticks.format(Number(value))));
  axisTitle(chart, axis, 'bottom', label);
}

export function leftAxis(chart: Chart, scale: ScaleContinuousNumeric<number, number>, ticks: Ticks, label: string, grid = true): void {
  const axis = chart.plot
    .append('g')
    .attr('class', 'axis axis-y')
    .call(d3.axisLeft(scale).tickValues(ticks.values).tickFormat((value) => ticks.format(Number(value))));
  axisTitle(chart, axis, 'left', label);
  if (grid) {
    chart.plot
      .select<SVGGElement>('g.grid')
      .selectAll('line')
      .data(ticks.values)
      .join('line')
      .attr('x1', 0)
      .attr('x2', chart.width)
      .attr('y1', (value) => scale(value))
      .attr('y2', (value) => scale(value));
  }
}

export function bandAxis(
  chart: Chart,
  scale: ScaleBand<string>,
  side: 'left' | 'bottom',
  label: string,
  format: (value: string) => string = (value) => value,
): void {
  const axis = chart.plot.append('g').attr('class', `axis axis-${side === 'left' ? 'y' : 'x'}`);
  if (side === 'left') axis.call(d3.axisLeft(scale).tickFormat(format).tickSizeOuter(0));
  else axis.attr('transform', `translate(0,${chart.height})`).call(d3.axisBottom(scale).tickFormat(format).tickSizeOuter(0));
  axisTitle(chart, axis, side, label);
}

/** The axis's title: centred under a bottom axis, rotated beside a left one. */
function axisTitle(chart: Chart, axis: Selection<SVGGElement, unknown, null, undefined>, side: 'left' | 'bottom', label: string): void {
  if (!label) return;
  const title = axis.append('text').attr('class', 'axis-label').attr('text-anchor', 'middle').text(label);
  if (side === 'bottom') title.attr('x', chart.width / 2).attr('y', 38);
  else title.attr('transform', 'rotate(-90)').attr('x', -chart.height / 2).attr('y', -chart.margin.left + 14);
}

export interface LegendItem {
  label: string;
  color: string;
  /** How the swatch is drawn: a filled box, a line, or a dashed line. */
  shape?: 'box' | 'line' | 'dashed' | 'dot' | 'diamond';
}

export function legend(chart: Chart, items: readonly LegendItem[]): void {
  const list = chart.figure.append('ul').attr('class', 'legend');
  const entries = list.selectAll('li').data(items).join('li');
  const swatch = entries.append('svg').attr('width', 22).attr('height', 12).attr('aria-hidden', 'true');
  swatch.each(function (item) {
    const target = d3.select(this);
    const shape = item.shape ?? 'box';
    if (shape === 'box') target.append('rect').attr('width', 22).attr('height', 12).attr('fill', item.color);
    else if (shape === 'dot') target.append('circle').attr('cx', 11).attr('cy', 6).attr('r', 4.5).attr('fill', item.color);
    else if (shape === 'diamond') target.append('path').attr('d', d3.symbol(d3.symbolDiamond, 50)).attr('transform', 'translate(11,6)').attr('fill', item.color);
    else {
      target
        .append('line')
        .attr('x1', 0)
        .attr('x2', 22)
        .attr('y1', 6)
        .attr('y2', 6)
        .attr('stroke', item.color)
        .attr('stroke-width', 2.5)
        .attr('stroke-dasharray', shape === 'dashed' ? '5 3' : null);
    }
  });
  entries.append('span').text((item) => item.label);
}

export function note(chart: Chart, text: string): void {
  chart.figure.append('p').attr('class', 'note').text(text);
}

/** A horizontal reference line across the plot with its label (if any) at one end, above the line. */
export function referenceLine(
  chart: Chart,
  y: number,
  label: string,
  className: string,
  data: unknown,
  labelAt: 'start' | 'end' = 'end',
): void {
  const group = chart.marks.append('g').attr('class', `reference ${className}`).datum(data);
  group.append('line').datum(data).attr('x1', 0).attr('x2', chart.width).attr('y1', y).attr('y2', y);
  if (label === '') return;
  group
    .append('text')
    .attr('x', labelAt === 'end' ? chart.width - 4 : 4)
    .attr('y', y - 4)
    .attr('text-anchor', labelAt)
    .text(label);
}

/** A vertical reference line with its label above the plot. */
export function verticalLine(chart: Chart, x: number, label: string, className: string, data: unknown, anchor: 'start' | 'end' = 'start'): void {
  const group = chart.marks.append('g').attr('class', `reference ${className}`).datum(data);
  group.append('line').datum(data).attr('x1', x).attr('x2', x).attr('y1', 0).attr('y2', chart.height);
  group
    .append('text')
    .attr('x', anchor === 'start' ? x + 4 : x - 4)
    .attr('y', -6)
    .attr('text-anchor', anchor)
    .text(label);
}

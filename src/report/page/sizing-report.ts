/**
 * The report of a sizing search (`drsim size`): the curve the bisection
 * explored (each candidate studied, what it achieved against each objective,
 * in the order tried), the answer, and every study in a table. Both axes are
 * logarithmic: bisection halves the candidate range, so its points spread
 * evenly there, and the figures span orders of magnitude.
 */
import type { ScaleLogarithmic, Selection } from 'd3';
import type { SizingResult } from '../../analysis/sizing.js';
import { humanBandwidth, humanSeconds } from '../../format/units.js';
import type { ScenarioLabel } from '../document.js';
import { d3 } from './d3.js';
import { bottomAxis, createChart, leftAxis, legend, note, referenceLine, verticalLine } from './frame.js';
import { paragraph, reportHeader, section, table } from './layout.js';
import { logBandwidthTicks, logDurationTicks, type Ticks } from './units.js';

const METRIC_STYLE = {
  rpo: { color: '#0072B2', symbol: 'circle' },
  rto: { color: '#E69F00', symbol: 'square' },
} as const;
const MET_COLOR = '#009E73';
const BREACHED_COLOR = '#D55E00';

interface CurvePoint {
  metric: 'rpo' | 'rto';
  value: number;
  achieved: number;
  met: boolean;
  order: number;
  text: string;
}

export function renderSizingReport(root: HTMLElement, sizing: SizingResult, scenario: ScenarioLabel | null, drsimVersion: string): void {
  const what = sizing.field === 'interval' ? 'Longest scheduling interval' : 'Least replication bandwidth';
  reportHeader(root, {
    kind: 'Sizing report',
    title: scenario?.name ?? sizing.path,
    description: scenario?.description,
    provenance: [
      ['field', sizing.path],
      ['studies', String(sizing.tried.length)],
      ['candidates', String(sizing.candidates)],
      ['runs per study', String(sizing.runs)],
      ['seed', String(sizing.seed)],
      ['drsim', drsimVersion],
    ],
  });
  const answer = section(root, 'answer', 'Answer', `${what} in ${formatValue(sizing, sizing.range.min)} .. ${formatValue(sizing, sizing.range.max)} that meets every objective at its percentile.`);
  const cards = d3.select(answer).append('div').attr('class', 'verdicts').append('div').attr('class', `card ${sizing.answer === null ? 'breached' : 'met'}`);
  cards.append('div').attr('class', 'label').text(what);
  cards.append('div').attr('class', 'figure').text(sizing.answerText ?? 'none');
  cards
    .append('div')
    .attr('class', `verdict ${sizing.answer === null ? 'breached' : 'met'}`)
    .text(sizing.answer === null ? 'no candidate in the range meets the objectives' : `meets every objective (${formatValue(sizing, sizing.answer)})`);
  if (sizing.precision !== null) paragraph(answer, `Candidates form a geometric grid with a ${Math.round(sizing.precision * 1000) / 10}% step: the answer is within that of the true least bandwidth.`);

  const explored = section(root, 'search', 'The search', 'Each candidate the bisection studied, in the order tried; the objectives hold up to the frontier and fail beyond it (INV-13).');
  searchCurve(explored, sizing);
  table(
    explored,
    ['#', 'value', 'verdict', ...objectiveHeaders(sizing), 'invariant violations'],
    sizing.tried.map((point, index) => [
      String(index + 1),
      point.text,
      { text: point.met ? 'met' : point.writesThrottled ? 'THROTTLED' : 'BREACHED', className: `verdict ${point.met ? 'met' : 'breached'}` },
      ...point.objectives.map((objective) => `${humanSeconds(objective.achievedSeconds)} (target ${humanSeconds(objective.targetSeconds)})`),
      String(point.invariantViolations),
    ]),
    [1],
  );
}

function objectiveHeaders(sizing: SizingResult): string[] {
  return (sizing.tried[0]?.objectives ?? []).map((objective) => `${objective.metric.toUpperCase()} p${objective.percentile}`);
}

function formatValue(sizing: SizingResult, value: number): string {
  return sizing.unit === 'ms' ? humanSeconds(value / 1000) : humanBandwidth(value);
}

function searchCurve(parent: HTMLElement, sizing: SizingResult): void {
  const points: CurvePoint[] = sizing.tried.flatMap((point, index) =>
    point.objectives.map((objective) => ({
      metric: objective.metric,
      value: point.value,
      achieved: objective.achievedSeconds,
      met: objective.met,
      order: index + 1,
      text: point.text,
    })),
  );
  const targets = sizing.tried[0]?.objectives ?? [];
  const chart = createChart(parent, {
    id: 'sizing-curve',
    title: `What each candidate ${sizing.field === 'interval' ? 'interval' : 'bandwidth'} achieved`,
    caption: 'Numbers give the order the search tried them; filled marks met that objective, hollow ones breached it.',
    height: 300,
    margin: { right: 40 },
  });
  const inMs = sizing.unit === 'ms';
  const toAxis = (value: number) => (inMs ? value / 1000 : value);
  const low = toAxis(sizing.range.min);
  const high = toAxis(sizing.range.max);
  const x = d3.scaleLog().domain([low, high > low ? high : low * 2]).range([0, chart.width]);
  const positive = points.map((point) => point.achieved).concat(targets.map((objective) => objective.targetSeconds)).filter((value) => value > 0);
  const floor = Math.max(0.001, (d3.min(positive) ?? 1) / 2);
  const y = d3.scaleLog().domain([floor, Math.max(floor * 10, (d3.max(positive) ?? 1) * 1.5)]).range([chart.height, 0]);
  const xTicks: Ticks = inMs ? logDurationTicks(low, high, 9) : logBandwidthTicks(low, high, 9, humanBandwidth);
  bottomAxis(chart, x, xTicks, sizing.field === 'interval' ? 'Scheduling interval (log scale)' : 'Link bandwidth (log scale)');
  leftAxis(chart, y, logDurationTicks(y.domain()[0], y.domain()[1], 8), 'Achieved at the percentile (time, log)');
  for (const objective of targets) {
    referenceLine(chart, y(Math.max(floor, objective.targetSeconds)), `${objective.metric.toUpperCase()} objective ${humanSeconds(objective.targetSeconds)}`, 'objective', objective);
  }
  if (sizing.answer !== null) verticalLine(chart, x(toAxis(sizing.answer)), `answer ${sizing.answerText}`, 'event', sizing.answer, 'start');
  // The order tried is written once per candidate, beside the first objective's mark.
  const numbered = targets[0]?.metric;
  for (const metric of ['rpo', 'rto'] as const) {
    curve(chart.marks, points.filter((point) => point.metric === metric), metric, x, y, floor, toAxis, metric === numbered);
  }
  legend(chart, [
    ...targets.map((objective) => ({ label: `${objective.metric.toUpperCase()} at p${objective.percentile}`, color: METRIC_STYLE[objective.metric].color, shape: 'line' as const })),
    { label: 'objective met', color: MET_COLOR, shape: 'dot' },
    { label: 'breached', color: BREACHED_COLOR, shape: 'dot' },
  ]);
  if (points.some((point) => point.achieved <= 0)) note(chart, `Zero figures are drawn at the bottom of the axis (${humanSeconds(floor)}).`);
}

function curve(
  marks: Selection<SVGGElement, unknown, null, undefined>,
  points: CurvePoint[],
  metric: 'rpo' | 'rto',
  x: ScaleLogarithmic<number, number>,
  y: ScaleLogarithmic<number, number>,
  floor: number,
  toAxis: (value: number) => number,
  numbered: boolean,
): void {
  if (points.length === 0) return;
  const style = METRIC_STYLE[metric];
  const sorted = [...points].sort((a, b) => a.value - b.value);
  const at = (point: CurvePoint): [number, number] => [x(toAxis(point.value)), y(Math.max(floor, point.achieved))];
  const group = marks.append('g').attr('class', `curve curve-${metric}`);
  group
    .append('path')
    .datum(sorted)
    .attr('fill', 'none')
    .attr('stroke', style.color)
    .attr('stroke-width', 1.5)
    .attr('d', d3.line<CurvePoint>().x((point) => at(point)[0]).y((point) => at(point)[1]));
  const symbol = d3.symbol(style.symbol === 'circle' ? d3.symbolCircle : d3.symbolSquare, 70);
  const dots = group.selectAll('g.point').data(points).join('g').attr('class', 'point').attr('transform', (point) => `translate(${at(point).join(',')})`);
  dots
    .append('path')
    .attr('d', symbol)
    .attr('fill', (point) => (point.met ? MET_COLOR : '#fff'))
    .attr('stroke', (point) => (point.met ? MET_COLOR : BREACHED_COLOR))
    .attr('stroke-width', 2)
    .append('title')
    .text((point) => `#${point.order} ${point.text}: ${metric.toUpperCase()} ${humanSeconds(point.achieved)} (${point.met ? 'met' : 'breached'})`);
  if (!numbered) return;
  dots
    .append('text')
    .attr('class', 'label-halo')
    .attr('x', 7)
    .attr('y', -7)
    .attr('font-size', 11)
    .text((point) => `${point.order}`);
}

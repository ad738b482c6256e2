/** The human report of `drsim size`: every candidate tried, in order, and the answer. */
import type { SizingPoint, SizingResult } from '../../analysis/sizing.js';
import { renderTable } from './table.js';
import { humanBandwidth, humanCount, humanPercent, humanSeconds } from '../../format/units.js';

function valueText(sizing: SizingResult, value: number): string {
  return sizing.field === 'interval' ? humanSeconds(value / 1000) : humanBandwidth(value);
}

function searchLine(sizing: SizingResult, scenarioName: string): string {
  const goal = sizing.field === 'interval' ? 'the longest interval' : 'the least bandwidth';
  const range = `${valueText(sizing, sizing.range.min)} .. ${valueText(sizing, sizing.range.max)}`;
  const grid =
    sizing.field === 'interval'
      ? `whole minutes ${range}`
      : `a geometric grid ${range}, steps of ${humanPercent(sizing.precision ?? 0)}`;
  return [
    `size ${sizing.path} of ${scenarioName}: ${goal} meeting every objective`,
    `  candidates: ${grid} (${humanCount(sizing.candidates)}); bisection, relying on INV-13 monotonicity`,
    `  ${humanCount(sizing.runs)} runs per candidate, seed ${sizing.seed} (the same for every candidate)`,
  ].join('\n');
}

function triedTable(sizing: SizingResult): string {
  const metrics = [...new Set(sizing.tried.flatMap((point) => point.objectives.map((objective) => objective.metric)))];
  const objectiveOf = (point: SizingPoint, metric: string) => point.objectives.find((objective) => objective.metric === metric);
  const header = [
    '#',
    sizing.field,
    ...metrics.map((metric) => {
      const sample = objectiveOf(sizing.tried[0], metric);
      return `${metric.toUpperCase()} p${sample?.percentile ?? ''} (target ${sample ? humanSeconds(sample.targetSeconds) : '-'})`;
    }),
    'met',
  ];
  const rows = sizing.tried.map((point, index) => [
    String(index + 1),
    valueText(sizing, point.value),
    ...metrics.map((metric) => {
      const objective = objectiveOf(point, metric);
      return objective ? humanSeconds(objective.achievedSeconds) : '-';
    }),
    (point.met ? 'yes' : 'no') +
      (point.writesThrottled ? ' (writes throttled)' : '') +
      (point.invariantViolations > 0 ? ` (${point.invariantViolations} invariant violations)` : ''),
  ]);
  return renderTable(header, rows, { leftAligned: [header.length - 1] });
}

function answerLine(sizing: SizingResult): string {
  const cheapest = sizing.field === 'interval' ? 'shortest interval' : 'most bandwidth';
  if (sizing.answer === null) {
    const best = valueText(sizing, sizing.field === 'interval' ? sizing.range.min : sizing.range.max);
    return `Answer: none: even the ${cheapest} in the range (${best}) breaches an objective`;
  }
  const human = valueText(sizing, sizing.answer);
  const answer = sizing.field === 'interval' ? sizing.answerText : `${human} (${sizing.answerText})`;
  // The nearest breaching candidate tried bounds the answer from the other side.
  const breaching = sizing.tried.filter((point) => !point.met).map((point) => point.value);
  const nearest =
    breaching.length === 0 ? undefined : sizing.field === 'interval' ? Math.min(...breaching) : Math.max(...breaching);
  const throttles = sizing.tried.some((point) => point.value === nearest && point.writesThrottled);
  const bound =
    nearest === undefined
      ? 'the end of the range meets every objective'
      : `${valueText(sizing, nearest)} ${throttles ? 'throttles the writes' : 'breaches'}`;
  return sizing.field === 'interval'
    ? `Answer: schedulingInterval ${answer} is the longest whole-minute interval meeting every objective; ${bound}`
    : `Answer: ${answer} is the least bandwidth meeting every objective, within ${humanPercent(sizing.precision ?? 0)}; ${bound}`;
}

export function renderSizingReport(sizing: SizingResult, scenarioName: string): string {
  const warnings = sizing.warnings.map((warning) => `warning: ${warning}`);
  return [searchLine(sizing, scenarioName), triedTable(sizing), [answerLine(sizing), ...warnings].join('\n')].join('\n\n') + '\n';
}

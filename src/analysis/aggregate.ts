/**
 * Monte Carlo aggregation of run summaries already in hand (tests, tools):
 * the same fold a study does as its runs finish (study-accumulator.ts), with
 * the runs given in any order and placed by run index.
 */
import type { Scenario } from '../scenarios/schema/scenario.js';
import type { Result } from './result-schema.js';
import { compactRun } from './run-chunk.js';
import type { RunSummary } from './run-summary.js';
import { StudyAccumulator } from './study-accumulator.js';

export function aggregateRuns(scenario: Scenario, summaries: readonly RunSummary[], seed: number): Result {
  const runs = [...summaries].sort((a, b) => a.runIndex - b.runIndex);
  const accumulator = new StudyAccumulator(scenario, runs.length);
  runs.forEach((summary, slot) => {
    accumulator.add(slot, compactRun(summary));
    if (summary.rpoOverTime !== null) accumulator.addShape(summary.rpoOverTime);
  });
  return accumulator.finish(seed);
}

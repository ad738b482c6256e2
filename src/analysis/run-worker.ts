/**
 * Worker-thread entry: simulates a contiguous range of runs of a scenario and
 * returns their summaries. Runs depend only on (scenario, seed, run index), so
 * which worker runs them never changes a result (INV-12).
 */
import type { Scenario } from '../scenarios/schema/scenario.js';
import { runOnce, type RunSummary } from './run-summary.js';

export interface RunRangeTask {
  scenario: Scenario;
  firstRun: number;
  runCount: number;
  maxEventsPerRun?: number;
}

export function runRange(task: RunRangeTask): RunSummary[] {
  const summaries: RunSummary[] = [];
  for (let index = task.firstRun; index < task.firstRun + task.runCount; index++) {
    summaries.push(runOnce(task.scenario, { runIndex: index, maxEvents: task.maxEventsPerRun }));
  }
  return summaries;
}

export default runRange;

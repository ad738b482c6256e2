/**
 * Worker-thread entry: simulates a contiguous range of runs of a scenario and
 * returns them folded into a chunk (compact per-run figures and one merged
 * RPO density), never whole summaries. Runs depend only on (scenario, seed,
 * run index), so which worker runs them never changes a result (INV-12).
 */
import type { Scenario } from '../scenarios/schema/scenario.js';
import { RunChunkBuilder, type RunChunk } from './run-chunk.js';
import { runOnce } from './run-summary.js';

export interface RunRangeTask {
  scenario: Scenario;
  firstRun: number;
  runCount: number;
  maxEventsPerRun?: number;
}

export function runRange(task: RunRangeTask): RunChunk {
  const chunk = new RunChunkBuilder();
  for (let index = task.firstRun; index < task.firstRun + task.runCount; index++) {
    chunk.add(runOnce(task.scenario, { runIndex: index, maxEvents: task.maxEventsPerRun }));
  }
  return chunk.build();
}

export default runRange;

/**
 * What a worker thread sends back for a range of runs: each run's compact
 * record (its scalar figures, without the RPO-over-time density) and one
 * density merged over the range. A run summary with its density weighs about
 * 110 KB for regional-5m-vms and 1.5 MB for the 200-VM fleet; its compact
 * record is a few hundred bytes per application and VM, and the merged
 * density of a range is about the size of one run's.
 */
import type { RpoScalars, RpoShape } from './rpo-timeline.js';
import { RpoShapeAccumulator, compactShape } from './rpo-shape-accumulator.js';
import type { RunSummary } from './run-summary.js';

export type CompactRun = Omit<RunSummary, 'rpoOverTime'> & { rpoOverTime: RpoScalars | null };

export interface RunChunk {
  runs: CompactRun[];
  /**
   * The RPO density of the range's runs that have one, merged; empty when a
   * run's backlog is unbounded (the study then reports no RPO quantile).
   */
  rpoShape: RpoShape;
}

export function compactRun(summary: RunSummary): CompactRun {
  const distribution = summary.rpoOverTime;
  if (distribution === null) return { ...summary, rpoOverTime: null };
  const { totalMs, rpoIntegral, maxMs, withinIntervalMs, warningMs, criticalMs, unbounded, saturated } = distribution;
  return { ...summary, rpoOverTime: { totalMs, rpoIntegral, maxMs, withinIntervalMs, warningMs, criticalMs, unbounded, saturated } };
}

/** Folds run summaries, one at a time, into a chunk: only the density accumulator grows, and it is bounded. */
export class RunChunkBuilder {
  private readonly runs: CompactRun[] = [];
  private readonly shapes = new RpoShapeAccumulator();

  add(summary: RunSummary): void {
    this.runs.push(compactRun(summary));
    const distribution = summary.rpoOverTime;
    if (distribution === null) return;
    if (distribution.unbounded) this.shapes.drop();
    else this.shapes.add(distribution);
  }

  build(): RunChunk {
    return { runs: this.runs, rpoShape: compactShape(this.shapes.shape()) };
  }
}

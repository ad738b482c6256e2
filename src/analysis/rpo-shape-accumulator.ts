/**
 * The RPO-over-time density of a whole study, folded as runs finish.
 *
 * Every run brings the density of its steady-state RPO (`RpoShape`: sorted
 * breakpoints and integer density changes). Merging is exact and independent
 * of order and grouping (`mergeRpoShapes`), so runs are folded in the order
 * they finish. The merged density keeps one breakpoint per distinct RPO value,
 * and the simulated clock counts whole milliseconds, so its size is bounded by
 * the scenario's RPO range in milliseconds (about 3 x 10^5 for a 5-minute
 * sawtooth), not by the number of runs: it stops growing once the range is
 * covered.
 *
 * Folding one run at a time would copy the merged density per run; pending
 * shapes are instead merged in a batch once they hold as many breakpoints as
 * the merged density (or a small minimum), so every breakpoint is copied a
 * bounded number of times and the pending shapes never hold much more than
 * the merged density itself.
 */
import { mergeRpoShapes, type RpoShape } from './rpo-timeline.js';

/** Below this many pending breakpoints a batch is not worth merging yet. */
const MIN_BATCH_BREAKPOINTS = 65_536;
const EMPTY_SHAPE: RpoShape = { breakpoints: new Float64Array(0), densityChanges: new Float64Array(0) };

export class RpoShapeAccumulator {
  private merged: RpoShape = EMPTY_SHAPE;
  private pending: RpoShape[] = [];
  private pendingBreakpoints = 0;
  private dropped = false;

  /** Adds one run's density, or a batch's already merged. */
  add(shape: RpoShape): void {
    if (this.dropped || shape.breakpoints.length === 0) return;
    this.pending.push(compactShape(shape));
    this.pendingBreakpoints += shape.breakpoints.length;
    if (this.pendingBreakpoints >= Math.max(MIN_BATCH_BREAKPOINTS, this.merged.breakpoints.length)) this.flush();
  }

  /**
   * Forgets the density for good: a study with an unbounded backlog reports
   * no RPO quantile (only fractions of time, which are scalars), so nothing
   * is gained by keeping it.
   */
  drop(): void {
    this.dropped = true;
    this.merged = EMPTY_SHAPE;
    this.pending = [];
    this.pendingBreakpoints = 0;
  }

  /** The density of everything added (empty after `drop`). */
  shape(): RpoShape {
    this.flush();
    return this.merged;
  }

  /** Breakpoints held, merged and pending: what this accumulator costs (16 bytes each). */
  get breakpointsHeld(): number {
    return this.merged.breakpoints.length + this.pendingBreakpoints;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.merged = compactShape(mergeRpoShapes([this.merged, ...this.pending]));
    this.pending = [];
    this.pendingBreakpoints = 0;
  }
}

/**
 * The shape in arrays of its own length. Merges return views of buffers
 * sized for the worst case (cancelled breakpoints leave slack), and a view
 * keeps, and a worker thread would send, its whole buffer.
 */
export function compactShape(shape: RpoShape): RpoShape {
  const { breakpoints, densityChanges } = shape;
  const exact = (array: Float64Array) => array.byteOffset === 0 && array.byteLength === array.buffer.byteLength;
  if (exact(breakpoints) && exact(densityChanges)) return shape;
  return { breakpoints: breakpoints.slice(), densityChanges: densityChanges.slice() };
}

/**
 * Naive references for the engine's property tests: a future event list kept
 * as an array sorted by (time, sequence), and a simulation loop on top of it.
 * Too slow for real use, simple enough to be obviously right.
 */
export interface ReferenceEntry {
  time: number;
  seq: number;
}

export class ReferenceQueue<T = undefined> {
  private readonly entries: (ReferenceEntry & { payload: T })[] = [];
  private readonly pendingSeqs = new Set<number>();
  private nextSeq = 0;

  get size(): number {
    return this.entries.length;
  }

  push(time: number, payload: T): number {
    const seq = this.nextSeq++;
    let index = this.entries.length;
    // Insert after every entry that sorts before (time, seq): seq is the largest yet.
    while (index > 0 && this.entries[index - 1].time > time) index--;
    this.entries.splice(index, 0, { time, seq, payload });
    this.pendingSeqs.add(seq);
    return seq;
  }

  cancel(seq: number): boolean {
    if (!this.pendingSeqs.delete(seq)) return false;
    this.entries.splice(
      this.entries.findIndex((entry) => entry.seq === seq),
      1,
    );
    return true;
  }

  isPending(seq: number): boolean {
    return this.pendingSeqs.has(seq);
  }

  peekTime(): number {
    return this.entries.length === 0 ? Infinity : this.entries[0].time;
  }

  pop(): (ReferenceEntry & { payload: T }) | undefined {
    const entry = this.entries.shift();
    if (entry) this.pendingSeqs.delete(entry.seq);
    return entry;
  }
}

export type ReferenceOutcome = 'empty' | 'until' | 'stopped';

/** Signals an exhausted event budget, like EventBudgetExceeded. */
export class ReferenceBudgetExceeded extends Error {
  constructor(
    readonly maxEvents: number,
    readonly time: number,
  ) {
    super(`budget ${maxEvents} exceeded at ${time}`);
  }
}

/** The semantics Simulation.run() promises, written the plain way. */
export class ReferenceSimulation {
  now = 0;
  private stopRequested = false;
  readonly queue = new ReferenceQueue<() => void>();
  readonly executed: ReferenceEntry[] = [];

  schedule(delay: number, action: () => void): number {
    return this.queue.push(this.now + Math.round(delay), action);
  }

  cancel(seq: number): boolean {
    return this.queue.cancel(seq);
  }

  stop(): void {
    this.stopRequested = true;
  }

  run(limits: { until?: number; maxEvents?: number } = {}): ReferenceOutcome {
    const until = limits.until === undefined ? Infinity : Math.floor(limits.until);
    const budget = limits.maxEvents ?? Infinity;
    let executed = 0;
    this.stopRequested = false;
    for (;;) {
      if (this.stopRequested) return 'stopped';
      const next = this.queue.peekTime();
      if (next > until || next === Infinity) {
        if (until !== Infinity) this.now = until;
        return next === Infinity ? 'empty' : 'until';
      }
      if (executed >= budget) throw new ReferenceBudgetExceeded(budget, this.now);
      const entry = this.queue.pop()!;
      this.now = entry.time;
      this.executed.push({ time: entry.time, seq: entry.seq });
      executed++;
      entry.payload();
    }
  }
}

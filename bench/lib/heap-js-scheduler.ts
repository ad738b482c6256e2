/**
 * The comparison engine: heap-js (a general-purpose binary heap) ordered by
 * (time, sequence) so equal times keep scheduling order, with a thin run
 * loop and its own clock. It does what drsim's engine does minus the trace,
 * handles and cancellation.
 */
import { Heap } from 'heap-js';
import type { Scheduler } from './scheduler.js';

interface Entry {
  time: number;
  seq: number;
  callback: (arg: any) => void;
  arg: unknown;
}

function byTimeThenSequence(a: Entry, b: Entry): number {
  return a.time - b.time || a.seq - b.seq;
}

export class HeapJsScheduler implements Scheduler {
  now = 0;
  eventsProcessed = 0;
  private nextSeq = 0;
  private readonly heap = new Heap<Entry>(byTimeThenSequence);

  schedule<A>(delay: number, callback: (arg: A) => void, arg: A): Entry {
    const entry: Entry = { time: this.now + Math.round(delay), seq: this.nextSeq++, callback, arg };
    this.heap.add(entry);
    return entry;
  }

  /** Runs every event at or before `until` ms; the clock ends at `until`. */
  run(until: number): void {
    const heap = this.heap;
    for (;;) {
      const next = heap.peek();
      if (next === undefined || next.time > until) break;
      heap.pop();
      this.now = next.time;
      this.eventsProcessed++;
      next.callback(next.arg);
    }
    this.now = until;
  }
}

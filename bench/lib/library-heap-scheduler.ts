/**
 * The comparison engines: a thin event loop with its own clock on a
 * general-purpose npm priority queue, keyed on (time, sequence) so equal times
 * keep scheduling order, exactly as drsim's queue. Each library gets its own
 * copy of this module (imported with `?library=NAME`), so V8 optimises its call
 * sites for that library alone.
 */
import { Heap } from 'heap-js';
import TinyQueue from 'tinyqueue';
import type { Scheduler } from './scheduler.js';

interface Entry {
  time: number;
  seq: number;
  callback: (arg: any) => void;
  arg: unknown;
}

/** What the loop needs of a priority queue; both libraries have it. */
interface PriorityQueue {
  push(entry: Entry): unknown;
  peek(): Entry | undefined;
  pop(): Entry | undefined;
}

function byTimeThenSequence(a: Entry, b: Entry): number {
  return a.time - b.time || a.seq - b.seq;
}

export const LIBRARY_HEAPS = {
  // heap-js's push() is variadic; add() is its fast single-element insert.
  'heap-js': (): PriorityQueue => {
    const heap = new Heap<Entry>(byTimeThenSequence);
    return { push: (entry) => heap.add(entry), peek: () => heap.peek(), pop: () => heap.pop() };
  },
  tinyqueue: (): PriorityQueue => new TinyQueue<Entry>([], byTimeThenSequence),
} as const;

export type LibraryName = keyof typeof LIBRARY_HEAPS;

export class LibraryHeapScheduler implements Scheduler {
  now = 0;
  eventsProcessed = 0;
  private nextSeq = 0;
  private readonly queue: PriorityQueue;

  constructor(library: LibraryName) {
    this.queue = LIBRARY_HEAPS[library]();
  }

  schedule<A>(delay: number, callback: (arg: A) => void, arg: A): Entry {
    const entry: Entry = { time: this.now + Math.round(delay), seq: this.nextSeq++, callback, arg };
    this.queue.push(entry);
    return entry;
  }

  run(until: number): void {
    const queue = this.queue;
    for (;;) {
      const next = queue.peek();
      if (next === undefined || next.time > until) break;
      queue.pop();
      this.now = next.time;
      this.eventsProcessed++;
      next.callback(next.arg);
    }
    this.now = until;
  }
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue, MAX_PENDING_EVENTS, NEAR_SPAN_MS, NO_EVENT } from '../../src/sim/event-queue.js';
import { ReferenceQueue } from './reference-queue.js';

const noop = () => {};

/**
 * Offsets from the last popped time. Small ones make many equal times; the
 * others reach the near ring's edge (NEAR_SPAN_MS) and beyond it into the far
 * heap, and 2^40 exercises times above 32 bits. Small steps of the floor plus
 * offsets right around the span make far events land exactly on the ring's
 * edge as it advances.
 */
const offset = fc.oneof(
  { arbitrary: fc.constantFrom(0, 1, 2), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 12 }), weight: 3 },
  { arbitrary: fc.integer({ min: NEAR_SPAN_MS - 2, max: NEAR_SPAN_MS + 1 }), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 3 * NEAR_SPAN_MS }), weight: 2 },
  { arbitrary: fc.integer({ min: NEAR_SPAN_MS, max: 100 * NEAR_SPAN_MS }), weight: 1 },
  { arbitrary: fc.constant(2 ** 40 + 7), weight: 1 },
);

/** Handles that can never be valid: negative, fractional, NaN, beyond the slot range. */
const bogusHandle = fc.oneof(
  fc.integer({ min: -1e6, max: -1 }),
  fc.double({ min: 0, max: 1e12, noInteger: true, noNaN: true }),
  fc.constant(Number.NaN),
  fc.constant(MAX_PENDING_EVENTS * 2 ** 32 + 5),
);

type Operation =
  | { kind: 'push'; offset: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'isPending'; pick: number }
  | { kind: 'cancelBogus'; handle: number }
  | { kind: 'pop' }
  | { kind: 'popUntil'; offset: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: offset.map((value) => ({ kind: 'push' as const, offset: value })), weight: 6 },
  { arbitrary: fc.nat().map((pick) => ({ kind: 'cancel' as const, pick })), weight: 2 },
  { arbitrary: fc.nat().map((pick) => ({ kind: 'isPending' as const, pick })), weight: 1 },
  { arbitrary: bogusHandle.map((handle) => ({ kind: 'cancelBogus' as const, handle })), weight: 1 },
  { arbitrary: fc.constant({ kind: 'pop' as const }), weight: 4 },
  { arbitrary: offset.map((value) => ({ kind: 'popUntil' as const, offset: value })), weight: 2 },
);

/** Runs the operations on both queues, checking every answer; returns the popped (time, seq) order. */
function replay(operations: readonly Operation[]): { time: number; seq: number }[] {
  const queue = new EventQueue();
  const reference = new ReferenceQueue<number>();
  // Every handle ever issued, with the reference's id for the same event.
  const issued: { handle: number; seq: number }[] = [];
  const popped: { time: number; seq: number }[] = [];
  let floor = 0;
  const popOnce = (limit: number) => {
    const expected = reference.peekTime() <= limit ? reference.pop() : undefined;
    const slot = queue.take(limit);
    expect(slot === NO_EVENT).toBe(expected === undefined);
    if (!expected) return;
    expect({ time: queue.poppedTime, seq: queue.poppedSeq, arg: queue.argOf(slot), tag: queue.tagOf(slot) }).toEqual({
      time: expected.time,
      seq: expected.seq,
      arg: expected.seq,
      tag: expected.seq % 7,
    });
    expect(queue.callbackOf(slot)).toBe(noop);
    popped.push({ time: expected.time, seq: expected.seq });
    floor = expected.time;
  };
  for (const op of operations) {
    switch (op.kind) {
      case 'push': {
        const seq = reference.push(floor + op.offset, 0);
        const handle = queue.push(floor + op.offset, noop, seq, seq % 7);
        issued.push({ handle, seq });
        break;
      }
      case 'cancel':
      case 'isPending': {
        if (issued.length === 0) break;
        const { handle, seq } = issued[op.pick % issued.length];
        if (op.kind === 'cancel') expect(queue.cancel(handle)).toBe(reference.cancel(seq));
        else expect(queue.isPending(handle)).toBe(reference.isPending(seq));
        break;
      }
      case 'cancelBogus':
        expect(queue.isPending(op.handle)).toBe(false);
        expect(queue.cancel(op.handle)).toBe(false);
        break;
      case 'pop':
        popOnce(Infinity);
        break;
      case 'popUntil':
        popOnce(floor + op.offset);
        break;
    }
    expect(queue.size).toBe(reference.size);
    expect(queue.peekTime()).toBe(reference.peekTime());
  }
  // Drain: everything left comes out in reference order too.
  while (reference.size > 0) popOnce(Infinity);
  expect(queue.take()).toBe(NO_EVENT);
  return popped;
}

describe('EventQueue against a sorted-array reference', () => {
  it('pops the same (time, sequence) order under random push / cancel / pop interleavings', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 300, size: 'max' }), (operations) => {
        const popped = replay(operations);
        // INV-11: time never decreases; equal times come out in scheduling order.
        for (let index = 1; index < popped.length; index++) {
          const previous = popped[index - 1];
          const current = popped[index];
          expect(current.time > previous.time || (current.time === previous.time && current.seq > previous.seq)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps order when events share a time across the far heap and the near ring, at its very edge', () => {
    // Events at T are pushed while T is far; then the ring advances so that T
    // lands `edge` ms before the ring's end, and more events at T and just
    // before it are pushed directly into the ring.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        (edge, farCount, nearCount) => {
          const time = NEAR_SPAN_MS + 10;
          const operations: Operation[] = [];
          for (let index = 0; index < farCount; index++) {
            operations.push({ kind: 'push', offset: time }, { kind: 'push', offset: time + 1 });
          }
          operations.push({ kind: 'push', offset: time - NEAR_SPAN_MS + edge + 1 }, { kind: 'pop' });
          const remaining = NEAR_SPAN_MS - edge - 1;
          for (let index = 0; index < nearCount; index++) {
            operations.push({ kind: 'push', offset: remaining - 1 }, { kind: 'push', offset: remaining });
          }
          replay(operations);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('hands out stale handles that cancel nothing once their slot is reused', () => {
    const queue = new EventQueue();
    const first = queue.push(10, noop, 'first', 0);
    expect(queue.take()).not.toBe(NO_EVENT);
    const second = queue.push(20, noop, 'second', 0);
    expect(second).not.toBe(first);
    expect(queue.cancel(first)).toBe(false);
    expect(queue.isPending(second)).toBe(true);
    expect(queue.cancel(second)).toBe(true);
    expect(queue.cancel(second)).toBe(false);
    expect(queue.size).toBe(0);
  });

  it('treats a popped event as no longer pending', () => {
    const queue = new EventQueue();
    const handle = queue.push(5, noop, undefined, 0);
    expect(queue.isPending(handle)).toBe(true);
    expect(queue.take()).not.toBe(NO_EVENT);
    expect(queue.isPending(handle)).toBe(false);
    expect(queue.cancel(handle)).toBe(false);
  });

  it('rejects times before the last popped event, fractional and non-finite times', () => {
    const queue = new EventQueue();
    queue.push(100, noop, undefined, 0);
    queue.take();
    expect(() => queue.push(99, noop, undefined, 0)).toThrow(RangeError);
    expect(() => queue.push(100.5, noop, undefined, 0)).toThrow(RangeError);
    expect(() => queue.push(Number.NaN, noop, undefined, 0)).toThrow(RangeError);
    expect(() => queue.push(Infinity, noop, undefined, 0)).toThrow(RangeError);
    expect(() => queue.push(100, noop, undefined, 0)).not.toThrow();
  });

  it('drops cancelled far-future entries in bulk, so cancelling cannot grow the queue without bound', () => {
    const queue = new EventQueue();
    const kept: number[] = [];
    for (let round = 0; round < 100; round++) {
      // A watchdog pattern: re-arm a far timeout, cancelling the previous one.
      for (let index = 0; index < 100; index++) {
        const handle = queue.push(1_000_000 + round * 100 + index, noop, undefined, 0);
        if (index % 10 === 0) kept.push(handle);
        else queue.cancel(handle);
      }
    }
    expect(queue.size).toBe(kept.length);
    expect(queue.storedEntries).toBeLessThanOrEqual(2 * kept.length + 64);
    let previous = -1;
    while (queue.take() !== NO_EVENT) {
      expect(queue.poppedTime).toBeGreaterThan(previous);
      previous = queue.poppedTime;
    }
    expect(queue.storedEntries).toBe(0);
  });

  it(`refuses more than ${MAX_PENDING_EVENTS} pending events with a RangeError rather than corrupt handles`, () => {
    const queue = new EventQueue();
    for (let index = 0; index < MAX_PENDING_EVENTS; index++) queue.push(index, noop, undefined, 0);
    expect(() => queue.push(0, noop, undefined, 0)).toThrow(RangeError);
  });
});

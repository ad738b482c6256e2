/**
 * The future event list, ordered by (time, sequence): equal times pop in
 * scheduling order because the sequence number grows with every push (INV-11).
 * Times are whole milliseconds, never earlier than the last popped event.
 *
 * Two tiers, both in typed arrays so the hot path allocates nothing:
 *   - near: a ring of one-millisecond buckets covering the next few seconds
 *     after the last popped time. A bucket is a FIFO list of events, so equal
 *     times keep their order for free, and a bitmap of occupied buckets finds
 *     the next one with a few word tests. Push and pop are O(1), which is what
 *     makes the engine fast on dense models (events every few ms).
 *   - far: a binary heap keyed on (time, sequence) for later events. When the
 *     ring advances, far events that come within its span move into their
 *     buckets, in (time, sequence) order and before any direct push can reach
 *     those buckets, so FIFO order in a bucket is sequence order.
 *
 * Cancellation is lazy: the entry stays where it is and is dropped when
 * reached. Far entries also get dropped in bulk when cancelled ones outnumber
 * live ones, so cancelling far-future events cannot grow the heap unboundedly.
 *
 * Each pending event occupies a slot holding its callback, argument and tag. A
 * handle packs the slot with the low 32 bits of the event's sequence number, so
 * a stale handle (its event fired or cancelled, its slot possibly reused) is
 * recognised and ignored. Packing both into one float64 limits the number of
 * simultaneously pending events to 2^21.
 */
import { TimeHeap } from './time-heap.js';

export type EventCallback<A = any> = (arg: A) => void;

/** Opaque reference to a scheduled event, used to cancel it. */
export type EventHandle = number;

const HANDLE_SLOT_FACTOR = 4294967296; // 2^32: handle = slot * 2^32 + (seq mod 2^32)
/** Slots must fit in the 21 bits a float64 has left above the 32 sequence bits. */
export const MAX_PENDING_EVENTS = 2 ** 21;
const INITIAL_SLOTS = 1024;

/**
 * The near tier spans 2^12 ms = 4.096 s: a bitmap of 128 words, so even a
 * sparse ring is scanned quickly. Module constants rather than fields: the
 * compiler folds them into the hot paths.
 */
const RING_BITS = 12;
const RING_SIZE = 1 << RING_BITS;
const RING_MASK = RING_SIZE - 1;
const RING_WORDS = RING_SIZE >>> 5;
/** How far ahead of the last popped time the near tier reaches, in ms. */
export const NEAR_SPAN_MS = RING_SIZE;
const NO_SLOT = -1;
/** What take() returns when no event is due. */
export const NO_EVENT = NO_SLOT;

// slotSeq holds the pending event's sequence number (>= 0), or one of these.
const FREE = -1;
const CANCELLED = -2; // still referenced by a bucket or the far heap

/** Far-heap compaction waits for this many cancelled entries, so small heaps never bother. */
const COMPACTION_MIN_CANCELLED = 64;

export class EventQueue {
  // Slot table: what runs when an event fires.
  private slotSeq = new Float64Array(INITIAL_SLOTS).fill(FREE);
  private slotInFar = new Uint8Array(INITIAL_SLOTS);
  /** Next slot in the same bucket. */
  private slotNext = new Int32Array(INITIAL_SLOTS);
  private slotTag = new Int32Array(INITIAL_SLOTS);
  private slotCallback: (EventCallback | undefined)[] = filledArray(INITIAL_SLOTS);
  private slotArg: unknown[] = filledArray(INITIAL_SLOTS);
  private freeSlots = new Int32Array(INITIAL_SLOTS);
  private freeCount = 0;
  private slotHighWater = 0;

  // Near tier: the ring covers [floorTime, floorTime + RING_SIZE).
  private floorTime = 0;
  private readonly bucketHead = new Int32Array(RING_SIZE).fill(NO_SLOT);
  private readonly bucketTail = new Int32Array(RING_SIZE).fill(NO_SLOT);
  private readonly occupied = new Int32Array(RING_WORDS);
  /** Entries in buckets, cancelled ones included. */
  private nearEntries = 0;

  // Far tier: every entry is at or after floorTime + RING_SIZE.
  private readonly far = new TimeHeap();
  private farCancelled = 0;
  /** The far tier's earliest entry comes within the ring once the floor passes this. */
  private farEntersAfter = Infinity;

  private nextSeq = 0;
  private popCount = 0;
  private cancelCount = 0;

  // The event removed by the last take().
  poppedTime = 0;
  poppedSeq = 0;

  /** Number of scheduled events not yet fired or cancelled. */
  get size(): number {
    return this.nextSeq - this.popCount - this.cancelCount;
  }

  /** Events popped so far. */
  get popped(): number {
    return this.popCount;
  }

  /**
   * Entries held in the buckets and the far heap, cancelled ones not yet
   * dropped included: what lazy cancellation costs in memory right now.
   */
  get storedEntries(): number {
    return this.nearEntries + this.far.size;
  }

  /** Sequence number the next scheduled event will get. */
  get sequence(): number {
    return this.nextSeq;
  }

  /** Schedules at `time`: a whole number of ms, not before the last popped event. */
  push(time: number, callback: EventCallback, arg: unknown, tag: number): EventHandle {
    if (!(time >= this.floorTime && time <= Number.MAX_SAFE_INTEGER && Math.floor(time) === time)) {
      throw invalidTime(time, this.floorTime);
    }
    return this.insert(time, callback, arg, tag);
  }

  /**
   * push() for a caller that has already made sure `time` is a whole number
   * of ms from the last popped event's time up to Number.MAX_SAFE_INTEGER
   * (the simulation's schedule() does, from the clock and the delay), so the
   * hot path checks once rather than twice.
   */
  insert(time: number, callback: EventCallback, arg: unknown, tag: number): EventHandle {
    const seq = this.nextSeq++;
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount] : this.newSlot();
    this.slotSeq[slot] = seq;
    this.slotCallback[slot] = callback;
    this.slotArg[slot] = arg;
    this.slotTag[slot] = tag;
    if (time - this.floorTime < RING_SIZE) {
      this.appendNear(slot, time);
    } else {
      this.slotInFar[slot] = 1;
      this.far.insert(time, seq, slot);
      if (time - RING_SIZE < this.farEntersAfter) this.farEntersAfter = time - RING_SIZE;
    }
    // `>>> 0` is seq mod 2^32 for any whole seq below 2^53, without a float modulo.
    return slot * HANDLE_SLOT_FACTOR + (seq >>> 0);
  }

  /** Cancels a pending event. Returns false if it already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = this.pendingSlotOf(handle);
    if (slot === NO_SLOT) return false;
    this.slotSeq[slot] = CANCELLED;
    this.slotCallback[slot] = undefined;
    this.slotArg[slot] = undefined;
    this.cancelCount++;
    if (this.slotInFar[slot] === 1) {
      this.farCancelled++;
      if (this.farCancelled >= COMPACTION_MIN_CANCELLED && this.farCancelled > this.far.size >> 1) this.compactFar();
    }
    return true;
  }

  /** True if the handle refers to an event that is still pending. */
  isPending(handle: EventHandle): boolean {
    return this.pendingSlotOf(handle) !== NO_SLOT;
  }

  /** Time of the earliest pending event, or Infinity when none is. */
  peekTime(): number {
    const bucket = this.firstLiveBucket();
    if (bucket !== NO_SLOT) return this.floorTime + ((bucket - (this.floorTime & RING_MASK)) & RING_MASK);
    this.discardCancelledFar();
    return this.far.size === 0 ? Infinity : this.far.topTime();
  }

  /**
   * Removes the earliest pending event if it is at or before `limit` and
   * returns its slot, or NO_EVENT when there is none. The event's time and
   * sequence are then in poppedTime and poppedSeq, and callbackOf, argOf and
   * tagOf(slot) give the rest until the next push; its handle no longer
   * cancels anything.
   */
  take(limit = Infinity): number {
    // Fast path, small enough to inline: the next event is in the ring.
    if (this.nearEntries === 0) return this.takeFromFar(limit);
    const bucket = this.nextOccupiedBucket(this.floorTime & RING_MASK);
    const slot = this.bucketHead[bucket];
    const seq = this.slotSeq[slot];
    if (seq < 0) return this.takeAfterCancelled(limit);
    const time = this.floorTime + ((bucket - (this.floorTime & RING_MASK)) & RING_MASK);
    if (time > limit) return NO_EVENT;
    if (time !== this.floorTime) this.advanceFloor(time);
    this.unlinkHead(bucket, slot);
    this.popCount++;
    this.poppedTime = time;
    this.poppedSeq = seq;
    // The slot keeps its callback, argument and tag until a push reuses it:
    // the caller reads them from there, and no stores are spent clearing
    // them. Slots are reused last-freed-first, so stale references linger
    // only in slots beyond the number of events pending.
    this.releaseSlot(slot);
    return slot;
  }

  /** The callback of the event take() returned `slot` for; valid until the next push. */
  callbackOf(slot: number): EventCallback {
    return this.slotCallback[slot] as EventCallback;
  }

  /** The argument of the event take() returned `slot` for; valid until the next push. */
  argOf(slot: number): unknown {
    return this.slotArg[slot];
  }

  /** The trace tag of the event take() returned `slot` for; valid until the next push. */
  tagOf(slot: number): number {
    return this.slotTag[slot];
  }

  /** The ring is empty: move it to the earliest far event, if that is due. */
  private takeFromFar(limit: number): number {
    this.discardCancelledFar();
    if (this.far.size === 0 || this.far.topTime() > limit) return NO_EVENT;
    this.advanceFloor(this.far.topTime());
    return this.take(limit);
  }

  /** The ring's first bucket starts with cancelled events: drop them, then take. */
  private takeAfterCancelled(limit: number): number {
    this.firstLiveBucket();
    return this.take(limit);
  }

  private pendingSlotOf(handle: EventHandle): number {
    const slot = Math.floor(handle / HANDLE_SLOT_FACTOR);
    if (!(slot >= 0 && slot < this.slotHighWater)) return NO_SLOT;
    const seq = this.slotSeq[slot];
    return seq >= 0 && seq >>> 0 === handle - slot * HANDLE_SLOT_FACTOR ? slot : NO_SLOT;
  }

  private appendNear(slot: number, time: number): void {
    // `&` works on the low 32 bits of the time, whose low bits are the bucket.
    const bucket = time & RING_MASK;
    const tail = this.bucketTail[bucket];
    this.slotNext[slot] = NO_SLOT;
    if (tail === NO_SLOT) {
      this.bucketHead[bucket] = slot;
      this.occupied[bucket >>> 5] |= 1 << (bucket & 31);
    } else {
      this.slotNext[tail] = slot;
    }
    this.bucketTail[bucket] = slot;
    this.nearEntries++;
  }

  private unlinkHead(bucket: number, slot: number): void {
    const next = this.slotNext[slot];
    this.bucketHead[bucket] = next;
    if (next === NO_SLOT) {
      this.bucketTail[bucket] = NO_SLOT;
      this.occupied[bucket >>> 5] &= ~(1 << (bucket & 31));
    }
    this.nearEntries--;
  }

  /** The earliest bucket whose head is pending (dropping cancelled heads on the way), or -1. */
  private firstLiveBucket(): number {
    while (this.nearEntries > 0) {
      const bucket = this.nextOccupiedBucket(this.floorTime & RING_MASK);
      let slot = this.bucketHead[bucket];
      while (this.slotSeq[slot] === CANCELLED) {
        this.unlinkHead(bucket, slot);
        this.freeSlot(slot);
        slot = this.bucketHead[bucket];
        if (slot === NO_SLOT) break;
      }
      if (slot !== NO_SLOT) return bucket;
    }
    return NO_SLOT;
  }

  /** First occupied bucket at or after `start` in ring order; the ring must not be empty. */
  private nextOccupiedBucket(start: number): number {
    const occupied = this.occupied;
    let wordIndex = start >>> 5;
    let word = occupied[wordIndex] & (-1 << (start & 31));
    // One more word than the ring holds: the start word's low bits come last.
    for (let scanned = 0; word === 0 && scanned < RING_WORDS; scanned++) {
      wordIndex = (wordIndex + 1) & (RING_WORDS - 1);
      word = occupied[wordIndex];
    }
    return (wordIndex << 5) + (31 - Math.clz32(word & -word));
  }

  /** Moves the ring to start at `time` and pulls in the far events it now covers. */
  private advanceFloor(time: number): void {
    this.floorTime = time;
    if (time > this.farEntersAfter) this.pullFromFar(time + RING_SIZE);
  }

  private pullFromFar(end: number): void {
    const far = this.far;
    while (far.size > 0 && far.topTime() < end) {
      const slot = far.topSlot();
      const slotTime = far.topTime();
      far.removeTop();
      if (this.slotSeq[slot] === CANCELLED) {
        this.farCancelled--;
        this.freeFarSlot(slot);
        continue;
      }
      this.slotInFar[slot] = 0;
      this.appendNear(slot, slotTime);
    }
    this.farTopChanged();
  }

  private farTopChanged(): void {
    this.farEntersAfter = this.far.size > 0 ? this.far.topTime() - RING_SIZE : Infinity;
  }

  private discardCancelledFar(): void {
    const far = this.far;
    while (far.size > 0 && this.slotSeq[far.topSlot()] === CANCELLED) {
      this.farCancelled--;
      this.freeFarSlot(far.topSlot());
      far.removeTop();
    }
    this.farTopChanged();
  }

  private compactFar(): void {
    this.far.retain((slot) => {
      if (this.slotSeq[slot] !== CANCELLED) return true;
      this.freeFarSlot(slot);
      return false;
    });
    this.farCancelled = 0;
    this.farTopChanged();
  }

  /** A slot that has left the far heap. */
  private freeFarSlot(slot: number): void {
    this.slotInFar[slot] = 0;
    this.freeSlot(slot);
  }

  /** Frees a slot and drops its references, for events that will never fire. */
  private freeSlot(slot: number): void {
    this.slotCallback[slot] = undefined;
    this.slotArg[slot] = undefined;
    this.releaseSlot(slot);
  }

  /** Marks a slot free (its handle stale) and puts it on the free list. */
  private releaseSlot(slot: number): void {
    this.slotSeq[slot] = FREE;
    this.freeSlots[this.freeCount++] = slot;
  }

  private newSlot(): number {
    if (this.slotHighWater === this.slotSeq.length) this.growSlots();
    return this.slotHighWater++;
  }

  private growSlots(): void {
    const capacity = this.slotSeq.length * 2;
    if (capacity > MAX_PENDING_EVENTS) {
      throw new RangeError(`more than ${MAX_PENDING_EVENTS} events pending at once`);
    }
    this.slotSeq = grown(this.slotSeq, new Float64Array(capacity).fill(FREE));
    this.slotInFar = grown(this.slotInFar, new Uint8Array(capacity));
    this.slotNext = grown(this.slotNext, new Int32Array(capacity));
    this.slotTag = grown(this.slotTag, new Int32Array(capacity));
    // Every slot is either in use or on the free list, so the list needs as much room.
    this.freeSlots = grown(this.freeSlots, new Int32Array(capacity));
    this.slotCallback = extendArray(this.slotCallback, capacity);
    this.slotArg = extendArray(this.slotArg, capacity);
  }
}

// Errors are built out of line so the hot methods stay small enough to inline.
function invalidTime(time: number, floorTime: number): RangeError {
  return new RangeError(`event time must be a whole number of ms from ${floorTime} on, got ${time}`);
}

function grown<T extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(
  array: T,
  larger: T,
): T {
  larger.set(array as never);
  return larger;
}

/**
 * An array of `length` undefineds built by pushing, so V8 keeps it packed:
 * `new Array(n).fill(...)` or a longer `length` would make it holey, and
 * every read in the run loop would then test for holes (up to 3% of the
 * engine benchmark's time).
 */
function filledArray<T>(length: number): (T | undefined)[] {
  const array: (T | undefined)[] = [];
  for (let index = 0; index < length; index++) array.push(undefined);
  return array;
}

function extendArray<T>(array: (T | undefined)[], capacity: number): (T | undefined)[] {
  const larger = filledArray<T>(capacity);
  for (let index = 0; index < array.length; index++) larger[index] = array[index];
  return larger;
}

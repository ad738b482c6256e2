/**
 * The future event list: a binary min-heap keyed on (time, sequence) stored in
 * typed arrays, so that scheduling and popping allocate nothing.
 *
 * Equal times pop in scheduling order because the sequence number grows with
 * every schedule (INV-11). Cancellation is lazy: a cancelled entry stays in the
 * heap and is skipped when it reaches the top, which keeps cancel O(1).
 *
 * Each pending event occupies a slot holding its callback, argument and tag. A
 * handle packs the slot with the low 32 bits of the event's sequence number, so
 * a stale handle (its slot since reused) is recognised and ignored.
 */
export type EventCallback<A = any> = (arg: A) => void;

/** Opaque reference to a scheduled event, used to cancel it. */
export type EventHandle = number;

const HANDLE_SLOT_FACTOR = 4294967296; // 2^32: handle = slot * 2^32 + (seq mod 2^32)
const INITIAL_CAPACITY = 1024;

export class EventQueue {
  /** Heap arrays: entry i has key (heapTime[i], heapSeq[i]) and lives in slot heapSlot[i]. */
  private heapTime = new Float64Array(INITIAL_CAPACITY);
  private heapSeq = new Float64Array(INITIAL_CAPACITY);
  private heapSlot = new Int32Array(INITIAL_CAPACITY);
  private heapSize = 0;

  /** Slot table: what runs when the event fires. */
  private slotSeq = new Float64Array(INITIAL_CAPACITY);
  private slotLive = new Uint8Array(INITIAL_CAPACITY);
  private slotCallback: (EventCallback | undefined)[] = new Array(INITIAL_CAPACITY);
  private slotArg: unknown[] = new Array(INITIAL_CAPACITY);
  private slotTag = new Int32Array(INITIAL_CAPACITY);
  private freeSlots = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  private slotHighWater = 0;

  private nextSeq = 0;
  private liveCount = 0;

  /** Number of scheduled events not yet fired or cancelled. */
  get size(): number {
    return this.liveCount;
  }

  /** Sequence number the next scheduled event will get. */
  get sequence(): number {
    return this.nextSeq;
  }

  push(time: number, callback: EventCallback, arg: unknown, tag: number): EventHandle {
    const seq = this.nextSeq++;
    const slot = this.allocateSlot();
    this.slotSeq[slot] = seq;
    this.slotLive[slot] = 1;
    this.slotCallback[slot] = callback;
    this.slotArg[slot] = arg;
    this.slotTag[slot] = tag;
    this.liveCount++;
    this.heapInsert(time, seq, slot);
    return slot * HANDLE_SLOT_FACTOR + (seq % HANDLE_SLOT_FACTOR);
  }

  /** Cancels a pending event. Returns false if it already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = Math.floor(handle / HANDLE_SLOT_FACTOR);
    if (slot < 0 || slot >= this.slotHighWater || this.slotLive[slot] === 0) return false;
    if (this.slotSeq[slot] % HANDLE_SLOT_FACTOR !== handle % HANDLE_SLOT_FACTOR) return false;
    this.slotLive[slot] = 0;
    this.slotCallback[slot] = undefined;
    this.slotArg[slot] = undefined;
    this.liveCount--;
    return true;
  }

  /** True if the handle refers to an event that is still pending. */
  isPending(handle: EventHandle): boolean {
    const slot = Math.floor(handle / HANDLE_SLOT_FACTOR);
    return (
      slot >= 0 &&
      slot < this.slotHighWater &&
      this.slotLive[slot] === 1 &&
      this.slotSeq[slot] % HANDLE_SLOT_FACTOR === handle % HANDLE_SLOT_FACTOR
    );
  }

  /** Time of the earliest live event, or Infinity when none is pending. */
  peekTime(): number {
    this.discardCancelledTop();
    return this.heapSize === 0 ? Infinity : this.heapTime[0];
  }

  /**
   * Removes the earliest live event and returns its slot (or -1 when empty).
   * The caller reads it with the slot accessors, then calls release(slot).
   */
  popSlot(): number {
    this.discardCancelledTop();
    if (this.heapSize === 0) return -1;
    const slot = this.heapSlot[0];
    this.poppedTime = this.heapTime[0];
    this.heapRemoveTop();
    this.liveCount--;
    this.slotLive[slot] = 0;
    return slot;
  }

  /** Time of the entry returned by the last popSlot(). */
  poppedTime = 0;

  slotCallbackOf(slot: number): EventCallback {
    return this.slotCallback[slot] as EventCallback;
  }
  slotArgOf(slot: number): unknown {
    return this.slotArg[slot];
  }
  slotTagOf(slot: number): number {
    return this.slotTag[slot];
  }
  slotSeqOf(slot: number): number {
    return this.slotSeq[slot];
  }

  /** Returns a popped slot to the free list. */
  release(slot: number): void {
    this.slotCallback[slot] = undefined;
    this.slotArg[slot] = undefined;
    this.pushFree(slot);
  }

  private discardCancelledTop(): void {
    while (this.heapSize > 0) {
      const slot = this.heapSlot[0];
      if (this.slotLive[slot] === 1 && this.slotSeq[slot] === this.heapSeq[0]) return;
      this.heapRemoveTop();
      this.pushFree(slot);
    }
  }

  private allocateSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    if (this.slotHighWater === this.slotSeq.length) this.growSlots();
    return this.slotHighWater++;
  }

  private pushFree(slot: number): void {
    if (this.freeCount === this.freeSlots.length) {
      const grown = new Int32Array(this.freeSlots.length * 2);
      grown.set(this.freeSlots);
      this.freeSlots = grown;
    }
    this.freeSlots[this.freeCount++] = slot;
  }

  private growSlots(): void {
    const capacity = this.slotSeq.length * 2;
    this.slotSeq = growFloat64(this.slotSeq, capacity);
    const live = new Uint8Array(capacity);
    live.set(this.slotLive);
    this.slotLive = live;
    const tags = new Int32Array(capacity);
    tags.set(this.slotTag);
    this.slotTag = tags;
    this.slotCallback.length = capacity;
    this.slotArg.length = capacity;
  }

  private heapInsert(time: number, seq: number, slot: number): void {
    if (this.heapSize === this.heapTime.length) {
      const capacity = this.heapTime.length * 2;
      this.heapTime = growFloat64(this.heapTime, capacity);
      this.heapSeq = growFloat64(this.heapSeq, capacity);
      const slots = new Int32Array(capacity);
      slots.set(this.heapSlot);
      this.heapSlot = slots;
    }
    const times = this.heapTime;
    const seqs = this.heapSeq;
    const slots = this.heapSlot;
    // Sift up by moving parents down into the hole, then drop the entry in.
    let hole = this.heapSize++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const parentTime = times[parent];
      if (parentTime < time || (parentTime === time && seqs[parent] < seq)) break;
      times[hole] = parentTime;
      seqs[hole] = seqs[parent];
      slots[hole] = slots[parent];
      hole = parent;
    }
    times[hole] = time;
    seqs[hole] = seq;
    slots[hole] = slot;
  }

  private heapRemoveTop(): void {
    const size = --this.heapSize;
    if (size === 0) return;
    const times = this.heapTime;
    const seqs = this.heapSeq;
    const slots = this.heapSlot;
    const time = times[size];
    const seq = seqs[size];
    const slot = slots[size];
    // Sift the last entry down from the root, moving smaller children up.
    let hole = 0;
    const half = size >> 1;
    while (hole < half) {
      let child = 2 * hole + 1;
      const right = child + 1;
      if (
        right < size &&
        (times[right] < times[child] || (times[right] === times[child] && seqs[right] < seqs[child]))
      ) {
        child = right;
      }
      const childTime = times[child];
      if (time < childTime || (time === childTime && seq < seqs[child])) break;
      times[hole] = childTime;
      seqs[hole] = seqs[child];
      slots[hole] = slots[child];
      hole = child;
    }
    times[hole] = time;
    seqs[hole] = seq;
    slots[hole] = slot;
  }
}

function growFloat64(array: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(capacity);
  grown.set(array);
  return grown;
}

/**
 * A binary min-heap of (time, sequence, slot) entries keyed on (time,
 * sequence), stored in typed arrays so that it allocates nothing once grown.
 * The event queue keeps its far-future events here.
 */
const INITIAL_CAPACITY = 256;

function sortsBefore(timeA: number, seqA: number, timeB: number, seqB: number): boolean {
  return timeA < timeB || (timeA === timeB && seqA < seqB);
}

export class TimeHeap {
  private times = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private slots = new Int32Array(INITIAL_CAPACITY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Key and slot of the minimum entry; only meaningful when size > 0. */
  topTime(): number {
    return this.times[0];
  }
  topSlot(): number {
    return this.slots[0];
  }

  insert(time: number, seq: number, slot: number): void {
    if (this.count === this.times.length) this.grow();
    this.siftUp(this.count++, time, seq, slot);
  }

  /**
   * Removes the minimum. Bottom-up (Floyd): walk the hole down to a leaf along
   * the smaller children (one comparison per level), then sift the last entry
   * up from there; the last entry is usually among the latest, so it rarely
   * climbs, and this does about half the comparisons of a classic sift-down.
   */
  removeTop(): void {
    const size = --this.count;
    if (size === 0) return;
    let hole = 0;
    for (let child = this.smallerChild(hole, size); child !== -1; child = this.smallerChild(hole, size)) {
      this.move(child, hole);
      hole = child;
    }
    this.siftUp(hole, this.times[size], this.seqs[size], this.slots[size]);
  }

  /** Keeps only the entries for which `keep(slot, seq)` holds, then restores heap order in O(n). */
  retain(keep: (slot: number, seq: number) => boolean): void {
    let kept = 0;
    for (let index = 0; index < this.count; index++) {
      if (keep(this.slots[index], this.seqs[index])) this.move(index, kept++);
    }
    this.count = kept;
    for (let index = (kept >> 1) - 1; index >= 0; index--) this.siftDown(index);
  }

  /** Moves parents down into the hole until the entry fits, then drops it in. */
  private siftUp(start: number, time: number, seq: number, slot: number): void {
    let hole = start;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      if (sortsBefore(this.times[parent], this.seqs[parent], time, seq)) break;
      this.move(parent, hole);
      hole = parent;
    }
    this.put(hole, time, seq, slot);
  }

  /** Moves smaller children up into the hole until the entry fits, then drops it in. */
  private siftDown(start: number): void {
    const time = this.times[start];
    const seq = this.seqs[start];
    const slot = this.slots[start];
    let hole = start;
    for (let child = this.smallerChild(hole, this.count); child !== -1; child = this.smallerChild(hole, this.count)) {
      if (sortsBefore(time, seq, this.times[child], this.seqs[child])) break;
      this.move(child, hole);
      hole = child;
    }
    this.put(hole, time, seq, slot);
  }

  /** The child of `index` that sorts first among the first `size` entries, or -1 for a leaf. */
  private smallerChild(index: number, size: number): number {
    const left = 2 * index + 1;
    if (left >= size) return -1;
    const right = left + 1;
    return right < size && sortsBefore(this.times[right], this.seqs[right], this.times[left], this.seqs[left])
      ? right
      : left;
  }

  private move(from: number, to: number): void {
    this.put(to, this.times[from], this.seqs[from], this.slots[from]);
  }

  private put(index: number, time: number, seq: number, slot: number): void {
    this.times[index] = time;
    this.seqs[index] = seq;
    this.slots[index] = slot;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    this.times = times;
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    this.seqs = seqs;
    const slots = new Int32Array(capacity);
    slots.set(this.slots);
    this.slots = slots;
  }
}

/**
 * A binary min-heap of (time, sequence, slot) entries keyed on (time,
 * sequence), stored in typed arrays so that it allocates nothing once grown.
 * The event queue keeps its far-future events here.
 */
const INITIAL_CAPACITY = 256;

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
  topSeq(): number {
    return this.seqs[0];
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
    const times = this.times;
    const seqs = this.seqs;
    const slots = this.slots;
    let hole = 0;
    let child = 1;
    while (child < size) {
      const right = child + 1;
      if (right < size) {
        const rightTime = times[right];
        const childTime = times[child];
        if (rightTime < childTime || (rightTime === childTime && seqs[right] < seqs[child])) child = right;
      }
      times[hole] = times[child];
      seqs[hole] = seqs[child];
      slots[hole] = slots[child];
      hole = child;
      child = 2 * hole + 1;
    }
    this.siftUp(hole, times[size], seqs[size], slots[size]);
  }

  /** Keeps only the entries for which `keep(slot, seq)` holds, then restores heap order in O(n). */
  retain(keep: (slot: number, seq: number) => boolean): void {
    const times = this.times;
    const seqs = this.seqs;
    const slots = this.slots;
    let kept = 0;
    for (let index = 0; index < this.count; index++) {
      if (!keep(slots[index], seqs[index])) continue;
      times[kept] = times[index];
      seqs[kept] = seqs[index];
      slots[kept] = slots[index];
      kept++;
    }
    this.count = kept;
    for (let index = (kept >> 1) - 1; index >= 0; index--) this.siftDown(index);
  }

  /** Moves parents down into the hole until the entry fits, then drops it in. */
  private siftUp(start: number, time: number, seq: number, slot: number): void {
    const times = this.times;
    const seqs = this.seqs;
    const slots = this.slots;
    let hole = start;
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

  private siftDown(start: number): void {
    const times = this.times;
    const seqs = this.seqs;
    const slots = this.slots;
    const size = this.count;
    const time = times[start];
    const seq = seqs[start];
    const slot = slots[start];
    let hole = start;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && (times[right] < times[child] || (times[right] === times[child] && seqs[right] < seqs[child]))) {
        child = right;
      }
      if (time < times[child] || (time === times[child] && seq < seqs[child])) break;
      times[hole] = times[child];
      seqs[hole] = seqs[child];
      slots[hole] = slots[child];
      hole = child;
    }
    times[hole] = time;
    seqs[hole] = seq;
    slots[hole] = slot;
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

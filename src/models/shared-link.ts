/**
 * A network path between two sites, shared by its active transfers as a
 * processor-sharing server: n active transfers each get bandwidth / n.
 *
 * Rates change only when a transfer starts or ends or the path goes up or
 * down, so the link keeps exactly one pending engine event (its next
 * completion) however many bytes move. A cut path pauses its transfers, which
 * resume where they stopped when it comes back (rbd-mirror resumes interrupted
 * syncs from their checkpoint).
 */
import type { EventHandle, Simulation } from '../sim/index.js';

export interface Transfer {
  readonly id: number;
  remainingBytes: number;
  readonly onComplete: (transfer: Transfer) => void;
  /** Free-form owner data (the image or resync job this transfer belongs to). */
  readonly owner: unknown;
}

/** Bytes below which a transfer counts as finished (absorbs rounding to whole ms). */
const COMPLETION_SLACK_BYTES = 1e-6;

export class SharedLink {
  private readonly active: Transfer[] = [];
  private lastUpdateMs: number;
  private completionEvent: EventHandle = -1;
  private nextId = 0;
  private up = true;
  private readonly completionTag: number;
  /** Bytes delivered over the life of the link. */
  deliveredBytes = 0;

  constructor(
    private readonly sim: Simulation,
    readonly name: string,
    /** Bytes per second; Infinity for two clusters in one site. */
    readonly bandwidthBytesPerSecond: number,
  ) {
    if (!(bandwidthBytesPerSecond > 0)) throw new RangeError(`link ${name}: bandwidth must be > 0`);
    this.lastUpdateMs = sim.now;
    this.completionTag = sim.tag('link.transferDone');
  }

  get isUp(): boolean {
    return this.up;
  }

  get activeTransfers(): number {
    return this.active.length;
  }

  start(bytes: number, onComplete: (transfer: Transfer) => void, owner: unknown): Transfer {
    this.advance();
    const transfer: Transfer = { id: this.nextId++, remainingBytes: Math.max(0, bytes), onComplete, owner };
    this.active.push(transfer);
    this.reschedule();
    return transfer;
  }

  /** Drops a transfer without completing it (its source died). Returns the bytes it had left. */
  abort(transfer: Transfer): number {
    const index = this.active.indexOf(transfer);
    if (index < 0) return 0;
    this.advance();
    this.active.splice(index, 1);
    this.reschedule();
    return transfer.remainingBytes;
  }

  setUp(up: boolean): void {
    if (up === this.up) return;
    this.advance();
    this.up = up;
    this.reschedule();
  }

  /** Current per-transfer rate in bytes per ms. */
  private rateBytesPerMs(): number {
    if (!this.up || this.active.length === 0) return 0;
    return this.bandwidthBytesPerSecond / 1000 / this.active.length;
  }

  private advance(): void {
    const now = this.sim.now;
    const elapsed = now - this.lastUpdateMs;
    this.lastUpdateMs = now;
    if (elapsed <= 0) return;
    const rate = this.rateBytesPerMs();
    if (rate === 0) return;
    const progress = rate * elapsed;
    for (const transfer of this.active) {
      const moved = Math.min(progress, transfer.remainingBytes);
      transfer.remainingBytes -= moved;
      this.deliveredBytes += moved;
    }
  }

  private reschedule(): void {
    if (this.completionEvent !== -1) {
      this.sim.cancel(this.completionEvent);
      this.completionEvent = -1;
    }
    const rate = this.rateBytesPerMs();
    if (this.active.length === 0) return;
    let smallest = Infinity;
    for (const transfer of this.active) smallest = Math.min(smallest, transfer.remainingBytes);
    if (smallest <= COMPLETION_SLACK_BYTES) {
      this.completionEvent = this.sim.schedule(0, completeDue, this, this.completionTag);
      return;
    }
    if (rate === 0) return;
    const delay = rate === Infinity ? 0 : Math.max(1, Math.ceil(smallest / rate));
    this.completionEvent = this.sim.schedule(delay, completeDue, this, this.completionTag);
  }

  /** @internal fires when the earliest transfer should be done. */
  completeDueTransfers(): void {
    this.completionEvent = -1;
    this.advance();
    const rate = this.rateBytesPerMs();
    // Whatever would finish within the next millisecond is done now (time is whole ms).
    const threshold = Math.max(COMPLETION_SLACK_BYTES, rate);
    const done: Transfer[] = [];
    for (let i = 0; i < this.active.length; ) {
      const transfer = this.active[i];
      if (transfer.remainingBytes <= threshold || rate === Infinity) {
        this.deliveredBytes += transfer.remainingBytes;
        transfer.remainingBytes = 0;
        done.push(transfer);
        this.active.splice(i, 1);
      } else {
        i++;
      }
    }
    this.reschedule();
    for (const transfer of done) transfer.onComplete(transfer);
  }
}

function completeDue(link: SharedLink): void {
  link.completeDueTransfers();
}

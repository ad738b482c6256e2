/**
 * A network path between two sites, shared by its active transfers as a
 * processor-sharing server: n transfers with bytes left each get bandwidth / n.
 * A transfer may also need a minimum time, however fast its bytes go (the
 * round trips of a sync's object copies): it runs while the path is up and
 * the transfer completes once both its bytes and that time are done; a
 * transfer waiting only on its time takes no bandwidth.
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
  /** Time it still needs however fast its bytes go, counted while the path is up (whole ms). */
  remainingMinimumMs: number;
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
    /** Round-trip time between the two ends (0 within a site). */
    readonly rttMs = 0,
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

  start(bytes: number, onComplete: (transfer: Transfer) => void, owner: unknown, minimumMs = 0): Transfer {
    this.advance();
    const transfer: Transfer = {
      id: this.nextId++,
      remainingBytes: Math.max(0, bytes),
      remainingMinimumMs: Math.max(0, Math.ceil(minimumMs)),
      onComplete,
      owner,
    };
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

  /** Current rate of each transfer with bytes left, in bytes per ms. */
  private rateBytesPerMs(): number {
    if (!this.up) return 0;
    let sending = 0;
    for (const transfer of this.active) if (transfer.remainingBytes > 0) sending++;
    return sending === 0 ? 0 : this.bandwidthBytesPerSecond / 1000 / sending;
  }

  private advance(): void {
    const now = this.sim.now;
    const elapsed = now - this.lastUpdateMs;
    this.lastUpdateMs = now;
    if (elapsed <= 0 || !this.up) return;
    const rate = this.rateBytesPerMs();
    const progress = rate * elapsed;
    for (const transfer of this.active) {
      transfer.remainingMinimumMs = Math.max(0, transfer.remainingMinimumMs - elapsed);
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
    if (this.active.length === 0) return;
    const rate = this.rateBytesPerMs();
    // The next change: a transfer done, its bytes across (the shares change), or its minimum time over.
    let delay = Infinity;
    for (const transfer of this.active) {
      const bytesDone = transfer.remainingBytes <= COMPLETION_SLACK_BYTES;
      if (bytesDone && transfer.remainingMinimumMs === 0) {
        delay = 0;
        break;
      }
      if (!this.up) continue;
      if (!bytesDone) delay = Math.min(delay, rate === Infinity ? 0 : Math.max(1, Math.ceil(transfer.remainingBytes / rate)));
      else delay = Math.min(delay, transfer.remainingMinimumMs);
    }
    if (delay === Infinity) return;
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
      if (transfer.remainingBytes > 0 && (transfer.remainingBytes <= threshold || rate === Infinity)) {
        this.deliveredBytes += transfer.remainingBytes;
        transfer.remainingBytes = 0;
      }
      if (transfer.remainingBytes === 0 && transfer.remainingMinimumMs === 0) {
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

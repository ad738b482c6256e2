/**
 * Velero on a managed cluster processes a bounded number of Restores at once
 * (one: its restore controller reconciles one Restore at a time, the
 * controller-runtime default of one worker; concurrent restores are still an
 * open request, velero-io/velero issue #487, and the concurrency design of
 * issue #2601 covers backups first). When several
 * applications fail over to one cluster their kube-object restores queue:
 * the last of N waits for the N - 1 before it.
 *
 * A restore's duration is known when it is queued (drawn then), so the queue
 * is a set of servers, each busy until an instant: a restore takes the
 * server free first, in arrival order (FIFO, as Velero's work queue).
 */
export class VeleroRestoreQueue {
  private readonly busyUntilMs: number[];

  constructor(concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`Velero restore concurrency must be an integer >= 1, got ${concurrency}`);
    this.busyUntilMs = new Array<number>(concurrency).fill(-Infinity);
  }

  /** Queues a restore of `durationMs` arriving at `nowMs`; returns when it completes. */
  enqueue(nowMs: number, durationMs: number): number {
    let server = 0;
    for (let index = 1; index < this.busyUntilMs.length; index++) {
      if (this.busyUntilMs[index] < this.busyUntilMs[server]) server = index;
    }
    const startMs = Math.max(nowMs, this.busyUntilMs[server]);
    this.busyUntilMs[server] = startMs + durationMs;
    return startMs + durationMs;
  }
}

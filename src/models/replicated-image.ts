/**
 * One replicated RBD image (a VM disk or a PVC) and its replication ledger:
 * the writes it took, the mirror snapshots pending on the primary, and the
 * snapshots fully synced to the peer, each with its creation time (the
 * recovery point it gives) and completion time.
 */
import { DirtyTracker, type DirtyGranularity, type WriteProfile } from './write-load.js';

export interface ImageSpec {
  /** Unique within the run, e.g. `billing/db-1/disk0` or `billing/logs`. */
  name: string;
  application: string;
  /** The VM instance this disk belongs to, if any (for per-VM RPO and skew). */
  vm?: string;
  sizeBytes: number;
  workingSetBytes: number;
  /** Bytes copied by the initial full sync and by a full resync. */
  allocatedBytes: number;
  writeProfile: WriteProfile;
  /** Writes land at random over the working set in writes of this size (more changed objects); absent: packed. */
  randomWriteSizeBytes?: number;
}

export interface PendingSnapshot {
  creationMs: number;
  /** Writes covered by this delta (merged deltas add). */
  writtenBytes: number;
  /** Bytes the sync copies. */
  bytes: number;
  /** RBD objects the sync copies, each costing round trips to the primary. */
  objects: number;
  /** Total bytes written to the image when the snapshot was taken. */
  cumulativeWrittenBytes: number;
  full: boolean;
}

/** Growable float64 column; the ledgers of a long run hold thousands of rows. */
export class Column {
  private data: Float64Array<ArrayBuffer>;
  length = 0;
  constructor(capacity = 64) {
    this.data = new Float64Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  get(index: number): number {
    return this.data[index];
  }
  last(): number {
    return this.length === 0 ? NaN : this.data[this.length - 1];
  }
  /** A view of the filled part (no copy). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export class ReplicatedImage {
  readonly writes: DirtyTracker;
  /** Index of the cluster (0 or 1 in the DRPolicy) that holds the primary image. */
  primaryCluster: number;
  /** Created on the primary and not yet fully synced, oldest first. */
  readonly pending: PendingSnapshot[] = [];
  /** The snapshot being synced, if any (always pending[0]). */
  syncing = false;
  /** Waiting in the peer daemon's queue for a sync slot. */
  queued = false;
  /** Creation time of the newest fully synced snapshot; -Infinity before the first full sync. */
  recoveryPointMs = -Infinity;
  /** Total written when that snapshot was taken. */
  recoveryPointWrittenBytes = 0;
  /** Completed syncs: snapshot creation time and completion time. */
  readonly syncedCreationMs = new Column();
  readonly syncedCompletionMs = new Column();
  /** Bytes covered by synced snapshots (INV-08 ledger). */
  replicatedWrittenBytes = 0;
  /** Bytes a failover threw away: pending or unsnapshotted when the peer was promoted (INV-08 ledger). */
  discardedWrittenBytes = 0;
  /** Sync backlog at each snapshot creation: now - recovery point (for unbounded detection). */
  readonly lagSampleTimeMs = new Column();
  readonly lagSampleMs = new Column();
  mergedSnapshots = 0;

  constructor(
    readonly index: number,
    readonly spec: ImageSpec,
    primaryCluster: number,
    granularity: DirtyGranularity,
    startMs: number,
  ) {
    this.primaryCluster = primaryCluster;
    this.writes = new DirtyTracker(spec.writeProfile, spec.workingSetBytes, granularity, startMs);
  }

  /** Bytes written after the recovery point up to `atMs`: what a failover at `atMs` loses. */
  bytesAfterRecoveryPoint(atMs: number): number {
    return this.writes.totalWrittenBytes(atMs) - this.recoveryPointWrittenBytes;
  }

  /** Written bytes covered by pending snapshots (in flight or queued). */
  pendingWrittenBytes(): number {
    let total = 0;
    for (const snapshot of this.pending) total += snapshot.writtenBytes;
    return total;
  }
}

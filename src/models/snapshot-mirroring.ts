/**
 * Regional-DR: asynchronous RBD snapshot mirroring as Ceph does it
 * (docs/domain.md section 2; storage-facts 1.3-1.7):
 *   - the ceph-mgr scheduler snapshots every primary image on wall-clock
 *     multiples of the interval: it sleeps until the slot (the 60 s in
 *     `condition.wait(min(wait_time, 60))` caps one sleep, it is no lag;
 *     ceph/ceph src/pybind/mgr/rbd_support/mirror_snapshot_schedule.py,
 *     MirrorSnapshotScheduleHandler.run), then creates the snapshots, at most
 *     `schedulerBatch` at once (CreateSnapshotRequests.add queues the rest),
 *     each taking `snapshotCreateMs`; it never waits for earlier syncs;
 *   - rbd-mirror on the peer syncs each image's snapshots in order, one delta
 *     at a time, at most `concurrentImageSyncs` images at once; the rest queue;
 *   - when more than `maxMirroringSnapshots` are linked on the primary, the
 *     newest-but-one is pruned and its delta merges into the newest;
 *   - a sync copies its changed objects at most `concurrentObjectCopies` at
 *     once (rbd_concurrent_management_ops, 10: ceph/ceph
 *     src/librbd/deep_copy/ImageCopyRequest.cc send_object_copies), each
 *     object a list-snaps then a read of the primary's image across the link
 *     (src/librbd/deep_copy/ObjectCopyRequest.cc send_list_snaps, send_read;
 *     rbd-mirror runs on the peer, and Replayer::copy_image in
 *     src/tools/rbd_mirror/image_replayer/snapshot/Replayer.cc runs that
 *     deep_copy::ImageCopyRequest against the primary), so a sync takes
 *     max(bytes / its bandwidth share, objects x 2 RTT / concurrentObjectCopies):
 *     its bytes share the link, and its round trips, run while the link is up,
 *     bound it from below (`SharedLink` minimum times);
 *   - the first sync is a full copy; an image's recovery point is the creation
 *     time of its newest fully synced snapshot.
 */
import type { RandomStream, Simulation } from '../sim/index.js';
import { objectsDirtied, uniqueBytesDirtied, type DirtyGranularity } from './write-load.js';
import type { PendingSnapshot, ReplicatedImage } from './replicated-image.js';
import type { SharedLink, Transfer } from './shared-link.js';

export interface SnapshotMirroringSettings {
  schedulingIntervalMs: number;
  /**
   * A what-if lag after each slot, uniform in [0, this]; 0 by default, as the
   * scheduler wakes at the slot itself.
   */
  schedulerLagMaxMs: number;
  /** Snapshot creations the scheduler runs at once (max_concurrent_snap_create). */
  schedulerBatch: number;
  /** Time one snapshot creation takes (open, mirror mode and info, create, close). */
  snapshotCreateMs: number;
  concurrentImageSyncs: number;
  /** Objects one image sync copies at once (rbd_concurrent_management_ops). */
  concurrentObjectCopies: number;
  /** RBD object size (rbd_default_order 22: 4 MiB). */
  objectSizeBytes: number;
  maxMirroringSnapshots: number;
  granularity: DirtyGranularity;
}

/** Round trips to the primary per copied object: ObjectCopyRequest lists its snaps, then reads it. */
export const ROUND_TRIPS_PER_OBJECT = 2;

/** What the mirroring needs to know about the world it runs in. */
export interface MirroringWorld {
  clusterCount: number;
  /** The path from the primary cluster's site to the peer's. */
  linkBetween(fromCluster: number, toCluster: number): SharedLink;
  isClusterUp(cluster: number): boolean;
  /** Streams for the scheduler lag, one per source cluster. */
  schedulerStream(cluster: number): RandomStream;
  /** Called after every completed sync (the world checks invariants, resumes workflows). */
  onSyncComplete?(image: ReplicatedImage, snapshot: PendingSnapshot): void;
}

interface Daemon {
  active: number;
  queue: ReplicatedImage[];
}

export class SnapshotMirroring {
  private readonly daemons: Daemon[];
  private readonly byCluster: ReplicatedImage[][];
  private readonly tickArguments: { mirroring: SnapshotMirroring; cluster: number }[];
  private readonly transfers = new Map<ReplicatedImage, Transfer>();
  private readonly tickTag: number;
  private readonly batchTag: number;
  private readonly syncTag: number;
  /** Images whose replication is stopped (primary lost, or awaiting demotion after failover). */
  private readonly suspended = new Set<ReplicatedImage>();
  snapshotsCreated = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly settings: SnapshotMirroringSettings,
    readonly images: readonly ReplicatedImage[],
    private readonly world: MirroringWorld,
  ) {
    this.daemons = Array.from({ length: world.clusterCount }, () => ({ active: 0, queue: [] }));
    this.tickArguments = Array.from({ length: world.clusterCount }, (_, cluster) => ({ mirroring: this, cluster }));
    this.byCluster = Array.from({ length: world.clusterCount }, () => []);
    this.tickTag = sim.tag('mirror.schedulerTick');
    this.batchTag = sim.tag('mirror.snapshotBatch');
    this.syncTag = sim.tag('mirror.syncDone');
  }

  /** Enables mirroring at the current time: each image starts its initial full sync. */
  start(): void {
    const now = this.sim.now;
    for (const image of this.images) {
      this.enqueueSnapshot(image, {
        creationMs: now,
        writtenBytes: 0,
        bytes: image.spec.allocatedBytes,
        objects: this.fullCopyObjects(image),
        cumulativeWrittenBytes: 0,
        full: true,
      });
    }
    for (let cluster = 0; cluster < this.world.clusterCount; cluster++) this.scheduleTick(cluster);
  }

  /** Stops replicating an image (its primary is gone or it awaits demotion); an in-flight delta is lost. */
  suspend(image: ReplicatedImage): void {
    if (this.suspended.has(image)) return;
    this.suspended.add(image);
    this.abortSync(image);
  }

  /**
   * A failover promoted the peer: the snapshots still pending and the writes
   * not yet snapshotted never reach it. They are counted as discarded, so
   * that written = replicated + pending + unsnapshotted + discarded holds
   * across failovers (INV-08).
   */
  discardUnreplicated(image: ReplicatedImage): void {
    const now = this.sim.now;
    image.discardedWrittenBytes += image.pendingWrittenBytes() + image.writes.cut(now).writtenBytes;
    image.pending.length = 0;
  }

  isSuspended(image: ReplicatedImage): boolean {
    return this.suspended.has(image);
  }

  /**
   * Re-establishes mirroring of `image` from `primaryCluster`, with a full copy
   * (the old primary was demoted and must resync).
   */
  resumeWithFullSync(image: ReplicatedImage, primaryCluster: number): void {
    this.suspended.delete(image);
    image.primaryCluster = primaryCluster;
    image.discardedWrittenBytes += image.pendingWrittenBytes();
    image.pending.length = 0;
    const now = this.sim.now;
    // The full copy also carries what the new primary wrote since the promote.
    const delta = image.writes.cut(now);
    this.enqueueSnapshot(image, {
      creationMs: now,
      writtenBytes: delta.writtenBytes,
      bytes: image.spec.allocatedBytes,
      objects: this.fullCopyObjects(image),
      cumulativeWrittenBytes: image.writes.totalWrittenBytes(now),
      full: true,
    });
  }

  /**
   * Changes direction without a full copy (relocate: both copies were in sync
   * at the demotion snapshot).
   */
  reverse(image: ReplicatedImage, primaryCluster: number): void {
    this.suspended.delete(image);
    this.abortSync(image);
    image.primaryCluster = primaryCluster;
    image.pending.length = 0;
    image.writes.cut(this.sim.now);
  }

  /** Takes a snapshot of `image` now, outside the schedule (the relocate's final sync). */
  snapshotNow(image: ReplicatedImage): PendingSnapshot {
    return this.takeSnapshot(image);
  }

  /** True once every snapshot created up to now has fully synced. */
  isCaughtUp(image: ReplicatedImage): boolean {
    return image.pending.length === 0;
  }

  private scheduleTick(cluster: number): void {
    const interval = this.settings.schedulingIntervalMs;
    // Wall-clock alignment: the next multiple of the interval after now.
    const nextTick = (Math.floor(this.sim.now / interval) + 1) * interval;
    this.sim.scheduleAt(nextTick, schedulerTick, this.tickArguments[cluster], this.tickTag);
  }

  /** @internal */
  runSchedulerTick(cluster: number): void {
    this.scheduleTick(cluster);
    if (!this.world.isClusterUp(cluster)) return;
    const images = this.primaryImagesOn(cluster);
    if (images.length === 0) return;
    const lagMax = this.settings.schedulerLagMaxMs;
    const lag = lagMax > 0 ? lagMax * this.world.schedulerStream(cluster).next() : 0;
    // The first `batch` creations run at once and end one creation time after
    // the slot; each later round starts as the previous one ends.
    const batch = Math.max(1, this.settings.schedulerBatch);
    for (let first = 0, round = 0; first < images.length; first += batch, round++) {
      this.sim.schedule(
        lag + (round + 1) * this.settings.snapshotCreateMs,
        snapshotBatch,
        { mirroring: this, cluster, images: images.slice(first, first + batch) },
        this.batchTag,
      );
    }
  }

  /** @internal */
  runSnapshotBatch(cluster: number, images: ReplicatedImage[]): void {
    if (!this.world.isClusterUp(cluster)) return;
    for (const image of images) {
      if (image.primaryCluster !== cluster || this.suspended.has(image)) continue;
      this.takeSnapshot(image);
    }
  }

  private primaryImagesOn(cluster: number): ReplicatedImage[] {
    const list = this.byCluster[cluster];
    list.length = 0;
    for (const image of this.images) {
      if (image.primaryCluster === cluster && !this.suspended.has(image)) list.push(image);
    }
    return list;
  }

  private takeSnapshot(image: ReplicatedImage): PendingSnapshot {
    const now = this.sim.now;
    const delta = image.writes.cut(now);
    const snapshot: PendingSnapshot = {
      creationMs: now,
      writtenBytes: delta.writtenBytes,
      bytes: delta.uniqueBytes,
      objects: this.deltaObjects(image, delta.writtenBytes, delta.uniqueBytes),
      cumulativeWrittenBytes: image.writes.totalWrittenBytes(now),
      full: false,
    };
    this.snapshotsCreated++;
    image.lagSampleTimeMs.push(now);
    image.lagSampleMs.push(now - image.recoveryPointMs);
    this.enqueueSnapshot(image, snapshot);
    return snapshot;
  }

  private enqueueSnapshot(image: ReplicatedImage, snapshot: PendingSnapshot): void {
    image.pending.push(snapshot);
    this.pruneIfOverLimit(image);
    this.requestSync(image);
  }

  /**
   * Linked snapshots on the primary are the sync base plus the pending ones.
   * Over the limit, the newest-but-one is unlinked and its delta merges into
   * the newest (CreatePrimaryRequest::unlink_peer); the base, the one syncing
   * and the newest are never pruned.
   */
  private pruneIfOverLimit(image: ReplicatedImage): void {
    const limit = Math.max(3, this.settings.maxMirroringSnapshots);
    while (image.pending.length + 1 > limit && image.pending.length >= 3) {
      const newest = image.pending[image.pending.length - 1];
      const pruned = image.pending[image.pending.length - 2];
      if (pruned.full) break;
      image.pending.splice(image.pending.length - 2, 1);
      newest.writtenBytes += pruned.writtenBytes;
      if (!newest.full) {
        newest.bytes = uniqueBytesDirtied(newest.writtenBytes, image.spec.workingSetBytes, this.settings.granularity);
        newest.objects = this.deltaObjects(image, newest.writtenBytes, newest.bytes);
      }
      image.mergedSnapshots++;
    }
  }

  private requestSync(image: ReplicatedImage): void {
    if (image.syncing || image.queued || image.pending.length === 0 || this.suspended.has(image)) return;
    const daemon = this.daemons[this.peerOf(image)];
    image.queued = true;
    daemon.queue.push(image);
    this.startQueuedSyncs(daemon);
  }

  private startQueuedSyncs(daemon: Daemon): void {
    while (daemon.active < this.settings.concurrentImageSyncs && daemon.queue.length > 0) {
      const image = daemon.queue.shift()!;
      image.queued = false;
      if (this.suspended.has(image) || image.pending.length === 0) continue;
      daemon.active++;
      image.syncing = true;
      const link = this.world.linkBetween(image.primaryCluster, this.peerOf(image));
      const snapshot = image.pending[0];
      const roundTripsMs = (snapshot.objects * ROUND_TRIPS_PER_OBJECT * link.rttMs) / this.settings.concurrentObjectCopies;
      const transfer = link.start(snapshot.bytes, () => this.completeSync(image), image, roundTripsMs);
      this.transfers.set(image, transfer);
    }
  }

  /** Objects a full copy reads: every allocated object. */
  private fullCopyObjects(image: ReplicatedImage): number {
    return Math.ceil(image.spec.allocatedBytes / this.settings.objectSizeBytes);
  }

  private deltaObjects(image: ReplicatedImage, writtenBytes: number, uniqueBytes: number): number {
    const { spec } = image;
    return objectsDirtied(writtenBytes, uniqueBytes, spec.workingSetBytes, this.settings.objectSizeBytes, spec.randomWriteSizeBytes);
  }

  /** @internal */
  completeSync(image: ReplicatedImage): void {
    this.transfers.delete(image);
    image.syncing = false;
    const daemon = this.daemons[this.peerOf(image)];
    daemon.active--;
    const snapshot = image.pending.shift()!;
    image.recoveryPointMs = snapshot.creationMs;
    image.recoveryPointWrittenBytes = snapshot.cumulativeWrittenBytes;
    image.replicatedWrittenBytes += snapshot.writtenBytes;
    image.syncedCreationMs.push(snapshot.creationMs);
    image.syncedCompletionMs.push(this.sim.now);
    this.sim.record(this.syncTag, snapshot.creationMs);
    this.requestSync(image);
    this.startQueuedSyncs(daemon);
    this.world.onSyncComplete?.(image, snapshot);
  }

  private abortSync(image: ReplicatedImage): void {
    const daemon = this.daemons[this.peerOf(image)];
    if (image.queued) {
      const index = daemon.queue.indexOf(image);
      if (index >= 0) daemon.queue.splice(index, 1);
      image.queued = false;
    }
    const transfer = this.transfers.get(image);
    if (transfer) {
      // A partially applied delta is rolled back on the peer: nothing of it counts.
      this.world.linkBetween(image.primaryCluster, this.peerOf(image)).abort(transfer);
      this.transfers.delete(image);
      image.syncing = false;
      daemon.active--;
      this.startQueuedSyncs(daemon);
    }
  }

  private peerOf(image: ReplicatedImage): number {
    return image.primaryCluster === 0 ? 1 : 0;
  }
}

function schedulerTick(arg: { mirroring: SnapshotMirroring; cluster: number }): void {
  arg.mirroring.runSchedulerTick(arg.cluster);
}

function snapshotBatch(arg: { mirroring: SnapshotMirroring; cluster: number; images: ReplicatedImage[] }): void {
  arg.mirroring.runSnapshotBatch(arg.cluster, arg.images);
}

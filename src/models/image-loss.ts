/**
 * What an image loses when a DR action fixes its recovery point: the
 * recovery point each replication mode offers, and the image's byte ledger
 * at that instant (INV-03, INV-08).
 */
import type { ImageLossFacts } from './facts.js';
import type { ReplicatedImage } from './replicated-image.js';
import type { World } from './world.js';
import { uniqueBytesDirtied } from './write-load.js';

/** The recovery point an image offers an action whose loss window ends at `atMs`. */
export function recoveryPointAt(world: World, image: ReplicatedImage, atMs: number): { timeMs: number; writtenBytes: number | null } {
  switch (world.mode) {
    case 'snapshot':
      return image.recoveryPointMs === -Infinity
        ? { timeMs: -Infinity, writtenBytes: null }
        : { timeMs: image.recoveryPointMs, writtenBytes: image.recoveryPointWrittenBytes };
    case 'metro': {
      // Synchronous while the data sites are connected; frozen at the cut otherwise.
      const timeMs = lastConnectedMs(world, atMs);
      return { timeMs, writtenBytes: image.writes.totalWrittenBytes(timeMs) };
    }
    case 'journal': {
      // The peer replays what reached it: the replay lag behind the loss, or behind the cut.
      const timeMs = world.journalRecoveryPoint(lastConnectedMs(world, atMs));
      return { timeMs, writtenBytes: image.writes.totalWrittenBytes(timeMs) };
    }
  }
}

/** `atMs`, or the start of the cut between the two data sites that covers it. */
function lastConnectedMs(world: World, atMs: number): number {
  const cut = world.dataLinkDownIntervals.find((interval) => interval.fromMs <= atMs && interval.toMs > atMs);
  return cut ? cut.fromMs : atMs;
}

/**
 * The image's ledger for a loss window ending at `lossEndMs` (the writes
 * stopped then, so what is unsnapshotted now is what was then). Without any
 * recovery point the whole image is lost. A primary that came back after the
 * loss may have synced snapshots taken since (empty deltas): its recovery
 * point is then past the loss end and nothing is lost. `replayedThroughMs`
 * overrides the journal's recovery point once the peer is known to have
 * replayed everything written up to it.
 */
export function imageLossFacts(world: World, image: ReplicatedImage, lossEndMs: number, replayedThroughMs?: number): ImageLossFacts {
  const recoveryPoint =
    replayedThroughMs === undefined
      ? recoveryPointAt(world, image, lossEndMs)
      : { timeMs: replayedThroughMs, writtenBytes: image.writes.totalWrittenBytes(replayedThroughMs) };
  const written = image.writes.totalWrittenBytes(lossEndMs);
  const lost = Math.max(
    0,
    recoveryPoint.writtenBytes === null ? written + image.spec.allocatedBytes : written - recoveryPoint.writtenBytes,
  );
  return {
    image: image.index,
    recoveryPointMs: recoveryPoint.timeMs,
    lossEndMs,
    writtenBytes: written,
    replicatedBytes: image.replicatedWrittenBytes,
    pendingBytes: image.pendingWrittenBytes(),
    unsnapshottedBytes: image.writes.peek(world.now).writtenBytes,
    discardedBytes: image.discardedWrittenBytes,
    lostBytes: lost,
    differingBytes: differingBytes(image, recoveryPoint.writtenBytes === null ? null : lost),
  };
}

/**
 * The bytes in which the promoted copy differs from the primary's at the loss
 * end: the data lost. The writes after the recovery point rewrite the same
 * blocks again and again; what differs is the blocks they touched, the
 * coalescing formula of the sync deltas (`uniqueBytesDirtied`, at extent
 * granularity: whole-object copies are what a sync sends, not what differs),
 * so it never exceeds the working set however long the writes ran. Without a
 * recovery point the peer holds nothing of the image: every allocated byte
 * differs. Both are bounded by the image's size.
 */
function differingBytes(image: ReplicatedImage, writesLostBytes: number | null): number {
  const { sizeBytes, workingSetBytes, allocatedBytes } = image.spec;
  const differing = writesLostBytes === null ? allocatedBytes : uniqueBytesDirtied(writesLostBytes, workingSetBytes);
  return Math.min(sizeBytes, differing);
}

/** The RPO those facts give: from the recovery point (time 0 if none) to the loss end, never negative. */
export function rpoOf(facts: ImageLossFacts): number {
  return Math.max(0, facts.lossEndMs - Math.max(0, facts.recoveryPointMs));
}

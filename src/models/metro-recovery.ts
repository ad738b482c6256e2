/**
 * What the stretched Ceph cluster of Metro-DR copies when a data site
 * returns (docs/domain.md section 2). There is no image resync: the surviving
 * site kept every acknowledged write, and its OSDs recover the returning
 * site's OSDs by placement group, copying the objects written while those
 * were away. Log-based recovery copies the changed extents of each object
 * (storage-facts 4; ceph doc/dev/osd_internals/partial_object_recovery.rst),
 * so the bytes are the unique bytes written during the outage, rewrites
 * coalesced as in the snapshot deltas (`uniqueBytesDirtied` at the scenario's
 * dirtyGranularity; object granularity is the what-if of a backfill copying
 * whole objects), never more than an image's size. Each crosses the
 * inter-site link once per copy the returning site holds (stretch mode keeps
 * two there). Recovery starts as soon as the sites rejoin, whatever Ramen is
 * doing; a failback waits for it.
 */
import type { ReplicatedImage } from './replicated-image.js';
import type { Interval } from './world.js';
import { uniqueBytesDirtied } from './write-load.js';
import { STRETCH_REMOTE_COPIES } from './write-path.js';

/**
 * Bytes recovery sends over the link for `images` once the two data sites
 * rejoin after being `apart` (a closed data-link-down interval of the world):
 * what was written to them meanwhile, by whichever site kept writing.
 */
export function metroRecoveryBytes(images: readonly ReplicatedImage[], apart: Interval): number {
  let bytes = 0;
  for (const image of images) {
    const written = image.writes.writtenBetween(apart.fromMs, apart.toMs);
    const { workingSetBytes, sizeBytes } = image.spec;
    bytes += Math.min(sizeBytes, uniqueBytesDirtied(written, workingSetBytes, image.writes.granularity));
  }
  return STRETCH_REMOTE_COPIES * bytes;
}

/**
 * Seeding: the initial full copy of an image and the catch-up after it. While
 * an image's initial copy runs (hours for a large fleet on a shared link),
 * its primary keeps taking mirror snapshots; the deltas they leave are
 * shipped once the copy ends, merged by Ceph beyond
 * rbd_mirroring_max_mirroring_snapshots. The lag of that catch-up says
 * nothing about the interval a design runs at, so the steady state, whose RPO
 * `rpoOverTime` reports, starts only once it is over (docs/domain.md
 * section 8), and the seeding time is reported as its own figure.
 *
 * The catch-up is over at the first sync that completes before the image's
 * next snapshot is taken: nothing is pending then, and every later RPO is the
 * design's own sawtooth. An image that never catches up (a saturated link:
 * every sync completes behind a newer snapshot) has shipped what the seeding
 * left once the first snapshot taken after its initial copy has synced; from
 * there on its lag is the saturated regime's, not the seeding's.
 */
import type { ImageTimeline } from '../models/run-record.js';

/**
 * When an image's seeding ended: the completion of the first sync after
 * which nothing was pending, else of the first snapshot taken after the
 * initial copy. Null when neither happened by `endMs` (or the image never
 * completed its initial copy).
 */
export function imageSeededMs(image: Pick<ImageTimeline, 'syncedCreationMs' | 'syncedCompletionMs'>, endMs: number): number | null {
  const creations = image.syncedCreationMs;
  const completions = image.syncedCompletionMs;
  if (completions.length === 0 || completions[0] > endMs) return null;
  const initialCopyEndMs = completions[0];
  let firstAfterCopy: number | null = null;
  for (let i = 0; i < completions.length && completions[i] <= endMs; i++) {
    // The next synced snapshot was taken after this sync ended: nothing pending. One taken
    // after the window (the first disaster stops the schedule) says nothing about it.
    const next = i + 1 < creations.length ? creations[i + 1] : Infinity;
    if (next > completions[i] && next <= endMs) return completions[i];
    if (firstAfterCopy === null && i > 0 && creations[i] >= initialCopyEndMs) firstAfterCopy = completions[i];
  }
  return firstAfterCopy;
}

/**
 * Seeding of a set of images (an application, or a whole run): from the
 * earliest start of an initial copy to the latest end of a catch-up, with
 * when it ended. Null when any image's seeding had not ended by `endMs`.
 */
export function seedingOf(
  images: readonly Pick<ImageTimeline, 'syncedCreationMs' | 'syncedCompletionMs'>[],
  endMs: number,
): { seededMs: number; seedingMs: number } | null {
  if (images.length === 0) return null;
  let startMs = Infinity;
  let seededMs = -Infinity;
  for (const image of images) {
    const seeded = imageSeededMs(image, endMs);
    if (seeded === null) return null;
    startMs = Math.min(startMs, image.syncedCreationMs[0]);
    seededMs = Math.max(seededMs, seeded);
  }
  return { seededMs, seedingMs: seededMs - startMs };
}

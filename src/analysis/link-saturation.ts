/**
 * A saturated replication link: more unique bytes change per scheduling
 * interval than the link carries in one, so an image's syncs never catch up
 * with its snapshots. Ceph does not let that backlog grow: past
 * rbd_mirroring_max_mirroring_snapshots (default 5, minimum 3: ceph/ceph
 * src/common/options/rbd.yaml.in) linked snapshots the primary unlinks the
 * newest-but-one (src/librbd/mirror/snapshot/CreatePrimaryRequest.cc,
 * unlink_peer), so its delta merges into the next, and a merged delta's
 * unique bytes never exceed the working set (`uniqueBytesDirtied`). Each sync then ships at most a
 * working set, and the lag settles high but finite: the RPO is reported, with
 * this warning beside it saying what the link would need.
 */
import type { SimulatedRun } from '../models/simulate-run.js';
import type { ImageTimeline, RunWarning } from '../models/run-record.js';
import { uniqueBytesDirtied } from '../models/write-load.js';
import { humanBandwidth, humanBytes, humanSeconds } from '../format/units.js';
import { meanBytesPerSecond } from '../scenarios/index.js';

/** Fewest syncs in the steady window for a verdict of never catching up. */
const MIN_SYNCS_FOR_VERDICT = 2;

/**
 * True when every sync of the image through the steady window completes
 * after its next snapshot was taken: the image always has a delta pending,
 * its syncs take longer than the interval and its pending snapshots merge.
 * The window starts after the seeding, whose catch-up ends at the first sync
 * with nothing pending (`seeding.ts`), so a steady window in which no sync
 * catches up is the saturated regime, however short.
 */
export function neverCatchesUp(image: ImageTimeline, startMs: number, endMs: number): boolean {
  const completions = image.syncedCompletionMs;
  let syncs = 0;
  for (let i = 0; i + 1 < completions.length && completions[i] <= endMs; i++) {
    if (completions[i] < startMs) continue;
    const next = image.syncedCreationMs[i + 1];
    // The next synced snapshot came after the window (a failover intervened): no evidence either way.
    if (next > endMs) break;
    // The next snapshot to sync was taken after this sync ended: it caught up.
    if (next > completions[i]) return false;
    syncs++;
  }
  return syncs >= MIN_SYNCS_FOR_VERDICT;
}

/**
 * The LINK_SATURATED warning of a run whose syncs never caught up: the link
 * between the policy's sites, its offered load (the unique bytes one interval
 * of mean writes changes, per interval, over its bandwidth) and the bandwidth
 * that would keep each sync within the interval.
 */
export function linkSaturatedWarning(run: SimulatedRun): RunWarning {
  const { world } = run;
  const spec = world.scenario.spec;
  const intervalMs = world.schedulingIntervalMs!;
  const siteOf = (cluster: string) => spec.clusters.find((candidate) => candidate.name === cluster)!.site;
  const sites = world.clusters.map(siteOf);
  const link = spec.links.find((candidate) => sites.every((site) => candidate.between.includes(site)));
  const name = link ? link.between.join(' - ') : sites.join(' - ');
  let writeRate = 0;
  let changedRate = 0;
  for (const image of world.images) {
    const rate = meanBytesPerSecond(image.spec.writeProfile);
    writeRate += rate;
    changedRate += uniqueBytesDirtied((rate * intervalMs) / 1000, image.spec.workingSetBytes, world.timings.granularity) / (intervalMs / 1000);
  }
  const bandwidth = link?.bandwidth ?? Infinity;
  const load = Number.isFinite(bandwidth) ? `${Math.round((100 * changedRate) / bandwidth)}% of its ${humanBandwidth(bandwidth)}` : 'more than it carries';
  return {
    code: 'LINK_SATURATED',
    message:
      `link ${name} is saturated: one ${humanSeconds(intervalMs / 1000)} interval of writes (mean ${humanBytes(writeRate)}/s) changes ` +
      `${humanBytes(changedRate)}/s of unique bytes, ${load}; syncs never catch up, pending snapshots merge ` +
      `(rbd_mirroring_max_mirroring_snapshots) and the RPO settles at about the time to ship a working-set-bounded delta. ` +
      `Syncs within the interval need about ${humanBandwidth(changedRate)}, or less write load`,
  };
}

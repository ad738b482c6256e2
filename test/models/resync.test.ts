/**
 * The initial full copy and a failback resync copy the image's allocated
 * bytes, not its working set.
 *
 * Enabling mirroring bootstraps the peer image and a resync (`rbd mirror
 * image resync`, what csi-addons' ResyncVolume runs on the demoted old
 * primary) deletes it and bootstraps it again: rbd-mirror's ImageSync then
 * deep-copies every object of the image that exists (ceph/ceph
 * src/tools/rbd_mirror/ImageSync.cc, src/librbd/deep_copy/ObjectCopyRequest.cc
 * reads each object's snap set; an object never written is not there to copy).
 * What exists is the allocated part of the image, whatever part of it the
 * application rewrites now (docs/reference/storage-facts.md section 2: "a full
 * image copy, time ~ allocated bytes / replication throughput").
 *
 * Writes are 0 here, so every delta is empty and the link carries the full
 * copies alone: its delivered bytes are exactly what each full copy sent.
 */
import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { CONSTANT_TIMINGS, scenario } from './scenario-builder.js';

const SECOND = 1000;
const GiB = 2 ** 30;
const BYTES_PER_SECOND = 1e9 / 8; // the base scenario's 1 Gbps link


function failoverOf(volume: Record<string, string>) {
  return simulateRun(
    scenario({
      timings: CONSTANT_TIMINGS,
      applications: [{ name: 'app', volumes: [{ name: 'data', writeRate: '0', ...volume }] }],
      operations: [{ action: 'Failover', at: '2h', app: 'app' }],
    }),
    { runIndex: 0 },
  );
}

/**
 * Time from the failover's RTO end to protected again (workflow-steps.test.ts):
 * the cleanup steps to the demotion, then the resync seen at the first 30 s
 * resync check at or after the copy ends (the check runs from the demotion
 * on). PeerReady came earlier, once the hub saw the VRG Secondary and resyncing.
 */
function cleanupMs(copiedBytes: number): number {
  const copyMs = (copiedBytes / BYTES_PER_SECOND) * SECOND;
  const seenMs = Math.ceil(copyMs / (30 * SECOND)) * 30 * SECOND;
  return (10 + 7 + 11 + 17 + 19 + 5 + 15) * SECOND + seenMs;
}

describe('a resync copies the allocated bytes, not the working set', () => {
  it('the initial full copy and the failback resync each send the whole 40 GiB of an image with a 2 GiB working set', () => {
    const run = failoverOf({ size: '40Gi', workingSet: '2Gi' });
    expect(checkInvariants(run)).toEqual([]);
    // Initial full copy east -> west, then the resync west -> east after the failover.
    expect(run.world.link('dr1', 'dr2').deliveredBytes).toBe(40 * GiB);
    expect(run.world.link('dr2', 'dr1').deliveredBytes).toBe(40 * GiB);
    // 40 GiB at 1 Gbps is 343.6 s: protection cannot be established sooner
    // (before: 17.2 s for the 2 GiB working set).
    expect(run.record.protectionEstablishedMs).toBeGreaterThanOrEqual((40 * GiB * SECOND) / BYTES_PER_SECOND);
    // Seen at the 12th resync check (360 s), not the 1st (30 s).
    const [episode] = run.actions[0].episodes;
    expect(episode.outcome.unprotectedMs - episode.outcome.rtoMs).toBe(cleanupMs(40 * GiB));
  });

  it('a thin-provisioned image copies its allocated bytes: 10 GiB of a 40 GiB disk', () => {
    const run = failoverOf({ size: '40Gi', allocated: '10Gi', workingSet: '2Gi' });
    expect(checkInvariants(run)).toEqual([]);
    expect(run.world.link('dr1', 'dr2').deliveredBytes).toBe(10 * GiB);
    expect(run.world.link('dr2', 'dr1').deliveredBytes).toBe(10 * GiB);
    // 85.9 s of copy, seen at the 3rd check (90 s).
    const [episode] = run.actions[0].episodes;
    expect(episode.outcome.unprotectedMs - episode.outcome.rtoMs).toBe(cleanupMs(10 * GiB));
  });

  it('an image that never synced loses its allocated bytes, not its size', () => {
    // 30 GiB allocated over 100 Mbps needs 43 min; the site is lost at 30 min.
    const run = simulateRun(
      scenario({
        links: [{ between: ['east', 'west'], bandwidth: '100Mbps', rtt: '5ms' }],
        applications: [{ name: 'app', volumes: [{ name: 'data', size: '100Gi', allocated: '30Gi', writeRate: '0' }] }],
        disasters: [{ kind: 'siteLoss', target: 'east', at: '30m' }],
      }),
      { runIndex: 0 },
    );
    const [episode] = run.actions[0].episodes;
    expect(episode.facts.images![0].recoveryPointMs).toBe(-Infinity);
    expect(episode.outcome.dataLossBytes).toBe(30 * GiB);
  });
});

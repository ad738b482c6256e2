import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { CONSTANT_TIMINGS, scenario } from './scenario-builder.js';

const SECOND = 1000;


describe('workflow steps (ramen-facts 2.2, 2.3)', () => {
  // Regression: the ManagedClusterView, VRG reconcile, S3 read and cleanup
  // requeue timings were documented knobs the workflows never used, and an
  // application without kube-object protection paid for a Velero restore.
  it('a failover takes the hub round trips, the promote, one S3 read per object, placement and pod start', () => {
    const run = simulateRun(scenario({ timings: CONSTANT_TIMINGS, operations: [{ action: 'Failover', at: '2h', app: 'app' }] }), { runIndex: 0 });
    const [episode] = run.actions[0].episodes;
    // The storage maintenance mode (37 s, maintenance-mode.test.ts), VRG primary ManifestWork + VRG
    // reconcile, promote, 3 S3 reads (VRG, PV, PVC), hub sees it ready, placement, pod.
    expect(episode.outcome.rtoMs).toBe((37 + 7 + 11 + 13 + 3 * 1 + 17 + 19 + 23) * SECOND);
    expect(episode.outcome.rtoBreakdownMs).toMatchObject({
      maintenanceMode: 37 * SECOND,
      promote: 13 * SECOND,
      restore: 3 * SECOND,
      boot: 23 * SECOND,
      other: (7 + 11 + 17 + 19) * SECOND,
    });
    // Cleaning Up: requeue, old VRG secondary and seen, old placement removed, the
    // old pod stops, demote, the 1 GiB resync (8.6 s at 1 Gbps) seen at the 30 s
    // resync check: protected again. PeerReady came with the resync's start, once
    // the hub saw the VRG Secondary (17 s after the demotion).
    expect(episode.outcome.unprotectedMs - episode.outcome.rtoMs).toBe((10 + 7 + 11 + 17 + 19 + 5 + 15 + 30) * SECOND);
    const peerReady = run.world.control.history.find((entry) => entry.reason === 'app: PeerReady')!;
    expect(peerReady.timeMs - episode.outcome.readyMs!).toBe((10 + 7 + 11 + 17 + 19 + 5 + 15 + 17) * SECOND);
    expect(checkInvariants(run)).toEqual([]);
  });

  it('a relocate clears the placement, demotes and syncs, then promotes and places the application on the target', () => {
    const run = simulateRun(scenario({ timings: CONSTANT_TIMINGS, operations: [{ action: 'Relocate', at: '2h', app: 'app' }] }), { runIndex: 0 });
    const [episode] = run.actions[0].episodes;
    const { rtoMs, rtoBreakdownMs } = episode.outcome;
    // The downtime starts when ACM deletes the application, 19 s after the action: only the 5 s stop is in it.
    expect(rtoBreakdownMs.appStop).toBe(5 * SECOND);
    // The final sync step: the last delta over the link, the demotion requeue, the hub sees it protected.
    expect(rtoBreakdownMs.finalSync).toBeGreaterThan((15 + 17) * SECOND);
    expect(rtoBreakdownMs.finalSync).toBeLessThan((15 + 17 + 1) * SECOND);
    // The promote after a synced demotion is the orderly one (3 s), not the failover's forced one (13 s).
    expect(rtoBreakdownMs.promote).toBe(3 * SECOND);
    expect(rtoMs).toBe(rtoBreakdownMs.finalSync + (5 + 7 + 11 + 7 + 11 + 3 + 3 * 1 + 17 + 19 + 23) * SECOND);
    // Unprotected from the action, the downtime from the stop 19 s later.
    expect(episode.outcome.unprotectedMs - rtoMs).toBe((19 + 10 + 17) * SECOND);
    expect(checkInvariants(run)).toEqual([]);
  });

  it('restores kube objects with Velero only when the application has kube-object protection', () => {
    const protectedApp = scenario({
      timings: CONSTANT_TIMINGS,
      applications: [
        { name: 'app', preferredCluster: 'dr1', kubeObjectProtection: { objects: 40 }, volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] },
      ],
      operations: [{ action: 'Failover', at: '2h', app: 'app' }],
    });
    const [episode] = simulateRun(protectedApp, { runIndex: 0 }).actions[0].episodes;
    // 3 S3 reads, the Velero restore's fixed 29 s and 40 objects at the default 50 ms.
    expect(episode.outcome.rtoBreakdownMs.restore).toBe(3 * SECOND + 29 * SECOND + 40 * 50);
  });

  describe('an S3 store lost with the failed site', () => {
    /*
     * Closed form. Ramen puts a 12 s deadline on every S3 call (s3Timeout,
     * ramen internal/controller/s3utils.go) and each restore walks the
     * profiles in sorted order (AvailableS3Profiles), going to the next one
     * when a call fails (restorePVsAndPVCsFromS3, vrg_volrep.go). East is
     * lost at 2h; the restore on dr2 then costs, per restore (PVs and PVCs;
     * kube objects a second one), 12 s for each dead store sorted before the
     * first live one, plus the 3 reads of 1 s (VRG, PV, PVC) and, with
     * kube-object protection, Velero's 29 s and 40 x 50 ms:
     *   s3-east, s3-west (dead first):       12 + 3 = 15 s; protected 2 x 12 + 3 + 29 + 2 = 58 s
     *   b-east (dead), a-west (live, sorted first): 3 s
     * (A flat 2 min wait would give 123 s whatever the order.)
     */
    const siteLoss = (stores: [string, string], kubeObjectProtection?: { objects: number }) =>
      scenario({
        timings: { ...CONSTANT_TIMINGS, detection: '4m' },
        response: { action: 'Failover', decisionDelay: '10m' },
        clusters: [
          { name: 'dr1', site: 'east', s3ProfileName: stores[0] },
          { name: 'dr2', site: 'west', s3ProfileName: stores[1] },
        ],
        s3Profiles: [
          { name: stores[0], site: 'east' },
          { name: stores[1], site: 'west' },
        ],
        applications: [{ name: 'app', preferredCluster: 'dr1', kubeObjectProtection, volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] }],
        disasters: [{ kind: 'siteLoss', target: 'east', at: '2h' }],
      });
    const restoreStep = (built: ReturnType<typeof siteLoss>) => simulateRun(built, { runIndex: 0 }).actions[0].episodes[0].outcome.rtoBreakdownMs.restore;

    it('costs the 12 s deadline once per restore for a dead store tried first', () => {
      expect(restoreStep(siteLoss(['s3-east', 's3-west']))).toBe((12 + 3) * SECOND);
      expect(restoreStep(siteLoss(['s3-east', 's3-west'], { objects: 40 }))).toBe((2 * 12 + 3 + 29) * SECOND + 40 * 50);
    });

    it('costs nothing when the live store sorts first', () => {
      expect(restoreStep(siteLoss(['b-east', 'a-west']))).toBe(3 * SECOND);
    });
  });
});

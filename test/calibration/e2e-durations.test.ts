/**
 * Calibration against the upstream end-to-end test (docs/domain.md section 3;
 * ramen-facts 5.1 and 5.3): one busybox Deployment of a Subscription app on
 * a 1Gi RBD PVC, dr-policy-1m, default timings, and the DRPC action set
 * directly by the test (no detection, no decision delay), first Failover to
 * the other cluster and then Relocate back. The test waits after each action
 * until the DRPC is Available, PeerReady, Completed and reports a
 * lastGroupSyncTime; CI measured 212-393 s for the failover and 119-568 s for
 * the relocate over its deployers. drsim's counterpart is the time from the
 * action to PeerReady (the application's unprotected time, as the trigger is
 * the action itself); drsim's RTO, the application running and ready on the
 * target, ends earlier and is checked to do so.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { percentile } from '../../src/analysis/stats.js';
import type { ActionEpisode } from '../../src/models/episodes.js';
import { scenario } from '../models/scenario-builder.js';

const RUNS = 200;

const E2E = scenario(
  {
    horizon: '6h',
    sites: [{ name: 'dr1' }, { name: 'dr2' }, { name: 'hub' }],
    hub: { site: 'hub' },
    clusters: [
      { name: 'dr1', site: 'dr1', s3ProfileName: 'minio-on-dr1' },
      { name: 'dr2', site: 'dr2', s3ProfileName: 'minio-on-dr2' },
    ],
    // minikube clusters on one host
    links: [{ between: ['dr1', 'dr2'], bandwidth: '1Gbps', rtt: '1ms' }],
    s3Profiles: [
      { name: 'minio-on-dr1', site: 'dr1' },
      { name: 'minio-on-dr2', site: 'dr2' },
    ],
    drPolicy: { name: 'dr-policy-1m', drClusters: ['dr1', 'dr2'], schedulingInterval: '1m' },
    // A date line appended and synced every 10 s: about one 4 KiB block.
    applications: [{ name: 'busybox', preferredCluster: 'dr1', volumes: [{ name: 'busybox-pvc', size: '1Gi', writeRate: '410B/s' }] }],
    operations: [
      { action: 'Failover', at: { uniform: ['1h', '3h'] }, app: 'busybox' },
      { action: 'Relocate', at: { uniform: ['4h', '5h'] }, app: 'busybox' },
    ],
  },
  'e2e-calibration',
);

interface Figures {
  mean: number;
  p5: number;
  p95: number;
}

function figures(seconds: number[]): Figures {
  return { mean: seconds.reduce((sum, value) => sum + value, 0) / seconds.length, p5: percentile(seconds, 5), p95: percentile(seconds, 95) };
}

const toPeerReady = (episodes: ActionEpisode[]) => episodes.map((episode) => episode.outcome.unprotectedMs / 1000);
const toReady = (episodes: ActionEpisode[]) => episodes.map((episode) => episode.outcome.rtoMs / 1000);

function expectWithin(name: string, measured: Figures, [low, high]: [number, number]): void {
  for (const [statistic, value] of Object.entries(measured)) {
    expect(value, `${name} ${statistic} ${value.toFixed(1)} s`).toBeGreaterThanOrEqual(low);
    expect(value, `${name} ${statistic} ${value.toFixed(1)} s`).toBeLessThanOrEqual(high);
  }
}

describe('calibration: the upstream e2e failover and relocate (ramen-facts 5.1)', () => {
  const failovers: ActionEpisode[] = [];
  const relocates: ActionEpisode[] = [];
  beforeAll(() => {
    for (let runIndex = 0; runIndex < RUNS; runIndex++) {
      const run = simulateRun(E2E, { runIndex });
      expect(checkInvariants(run)).toEqual([]);
      const [failover, relocate, ...others] = run.actions[0].episodes;
      expect(others).toEqual([]);
      failovers.push(failover);
      relocates.push(relocate);
    }
    if (process.env.DRSIM_CALIBRATION_REPORT) {
      for (const [name, episodes] of [['failover', failovers], ['relocate', relocates]] as const) {
        console.log(name, 'PeerReady', figures(toPeerReady(episodes)), 'RTO', figures(toReady(episodes)));
      }
    }
  });

  it('every run fails over, then relocates back, both to completion', () => {
    expect(failovers.every((episode) => episode.outcome.action === 'Failover' && episode.outcome.reprotected)).toBe(true);
    expect(relocates.every((episode) => episode.outcome.action === 'Relocate' && episode.outcome.reprotected)).toBe(true);
  });

  it('a failover reaches PeerReady within the measured 212-393 s: mean, p5 and p95', () => {
    expectWithin('failover to PeerReady', figures(toPeerReady(failovers)), [212, 393]);
  });

  it('a relocate reaches PeerReady within the measured 119-568 s: mean, p5 and p95', () => {
    expectWithin('relocate to PeerReady', figures(toPeerReady(relocates)), [119, 568]);
  });

  it("drsim's RTO (running and ready on the target) ends before PeerReady, the relocate's within the measured range", () => {
    for (const episode of [...failovers, ...relocates]) expect(episode.outcome.rtoMs).toBeLessThan(episode.outcome.unprotectedMs);
    expectWithin('relocate RTO', figures(toReady(relocates)), [119, 568]);
    // A failover's application is ready well before its re-protection: about 2 minutes, not the 3.5-6.5 of the whole test.
    const failoverReady = figures(toReady(failovers));
    expect(failoverReady.mean).toBeGreaterThan(60);
    expect(failoverReady.mean).toBeLessThan(212);
  });
});

/**
 * ODF's storage maintenance mode before a Regional failover
 * (maintenance-mode.ts; ramen checkRegionalFailoverPrerequisites): the DRPC
 * waits in WaitForStorageMaintenanceActivation while a MaintenanceMode CR goes
 * to the failover cluster by ManifestWork (7 s in the builder's constants),
 * ODF scales rbd-mirror down and reports FailoverActivated (12 s), and the
 * hub sees it at the first refresh of the view created with the CR, every
 * 30 s: 7 + ceil(12 / 30) x 30 = 37 s, one activation for every DRPC failing
 * over to the cluster together.
 */
import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { summarizeRun } from '../../src/analysis/run-summary.js';
import { CONSTANT_TIMINGS, metroSpec, scenario } from './scenario-builder.js';

const SECOND = 1000;

const failover = (drPolicy: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  scenario({
    timings: CONSTANT_TIMINGS,
    drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: '1m', ...drPolicy },
    operations: [{ action: 'Failover', at: '2h', app: 'app' }],
    ...extra,
  });

const firstEpisode = (built: ReturnType<typeof failover>) => simulateRun(built, { runIndex: 0 }).actions[0].episodes[0];

describe('a Regional failover on ODF', () => {
  it('waits for the storage maintenance mode: its own step of 7 s + the first 30 s view refresh after 12 s', () => {
    const episode = firstEpisode(failover());
    expect(episode.outcome.rtoBreakdownMs.maintenanceMode).toBe(37 * SECOND);
    const without = firstEpisode(failover({ failoverMaintenanceMode: false }));
    expect(without.outcome.rtoBreakdownMs.maintenanceMode).toBe(0);
    expect(episode.outcome.rtoMs - without.outcome.rtoMs).toBe(37 * SECOND);
  });

  it('a slower activation is seen one refresh later: 45 s of activation, seen at 60 s', () => {
    const slow = failover({}, { timings: { ...CONSTANT_TIMINGS, maintenanceModeActivation: '45s' } });
    expect(firstEpisode(slow).outcome.rtoBreakdownMs.maintenanceMode).toBe((7 + 60) * SECOND);
  });

  it('is one activation for the DRPCs failing over to the cluster together', () => {
    const fleet = scenario({
      timings: CONSTANT_TIMINGS,
      applications: ['a', 'b', 'c'].map((name) => ({ name, preferredCluster: 'dr1', volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] })),
      disasters: [{ kind: 'siteLoss', target: 'east', at: '2h' }],
    });
    const steps = summarizeRun(simulateRun(fleet, { runIndex: 0 })).applications.map((figures) => figures.breakdownMs.maintenanceMode);
    expect(steps).toEqual([37 * SECOND, 37 * SECOND, 37 * SECOND]);
  });

  it('Metro-DR and relocates have no such step', () => {
    expect(firstEpisode(scenario({ ...metroSpec(), timings: CONSTANT_TIMINGS, operations: [{ action: 'Failover', at: '2h', app: 'app' }] })).outcome.rtoBreakdownMs.maintenanceMode).toBe(0);
    const relocate = firstEpisode(scenario({ timings: CONSTANT_TIMINGS, operations: [{ action: 'Relocate', at: '2h', app: 'app' }] }));
    expect(relocate.outcome.rtoBreakdownMs.maintenanceMode).toBe(0);
  });
});

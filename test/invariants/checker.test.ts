/**
 * The run's own invariant checks (src/analysis/invariants.ts): quiet on
 * runs that are right, and able to fail: each doctored run below breaks one
 * invariant in the record and the checker must report exactly that one.
 */
import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { metroSpec, scenario } from '../models/scenario-builder.js';

describe('INV-02 at the end of the steady state', () => {
  it('counts a sync still running when the window ends with the time it has taken so far', () => {
    // Regression: the bound took the longest completed sync only, so a slow
    // sync cut by the first operation raised a false INV-02.
    const run = simulateRun(
      scenario({
        links: [{ between: ['east', 'west'], bandwidth: '24Mbps', rtt: '20ms' }],
        drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: '17m' },
        applications: [
          {
            name: 'app',
            preferredCluster: 'dr2',
            volumes: [{ name: 'pvc0', size: '7Gi', workingSet: '6092Mi', writeRate: '4998KiB/s' }],
            vms: [{ name: 'vm0', disks: [{ size: '10Gi', workingSet: '1126Mi', writeRate: '7321KiB/s' }] }],
          },
        ],
        operations: [{ action: 'Failover', at: '60m', app: 'app' }],
        timings: { schedulerLagMax: '1s' },
      }),
      { runIndex: 0 },
    );
    expect(checkInvariants(run).filter((violation) => violation.invariant === 'INV-02')).toEqual([]);
  });
});

describe('the checker can fail', () => {
  const siteLoss = (spec: Record<string, unknown> = {}) =>
    simulateRun(scenario(metroSpec({ disasters: [{ kind: 'siteLoss', target: 'east', at: '3h' }], ...spec })), { runIndex: 0 });

  it('INV-01: a Metro failover after a site loss that lost bytes is reported', () => {
    // Regression: a site loss takes the data link down at the failure instant,
    // so the check read "link down at the failure" and INV-01 never applied to
    // the case it is about.
    const run = siteLoss();
    expect(checkInvariants(run)).toEqual([]);
    run.actions[0].episodes[0].facts.images![0].lostBytes = 4096;
    expect(checkInvariants(run).map((violation) => violation.invariant)).toEqual(['INV-01']);
  });
});

/**
 * The run's own invariant checks (src/analysis/invariants.ts): quiet on
 * runs that are right, and able to fail: each doctored run below breaks one
 * invariant in the record and the checker must report exactly that one.
 */
import { describe, expect, it } from 'vitest';
import { simulateRun, type SimulatedRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { metroSpec, scenario } from '../models/scenario-builder.js';
import { independentProblems, recordTopology, type TopologySample } from './independent-checks.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The invariants the checker reports, once each, in order. */
const reported = (run: SimulatedRun) => [...new Set(checkInvariants(run).map((violation) => violation.invariant))];

/** A clean run, with the topology timeline the independent checks need. */
function cleanRun(spec: Record<string, unknown>): { run: SimulatedRun; samples: TopologySample[] } {
  let samples: TopologySample[] = [];
  const run = simulateRun(scenario(spec), { runIndex: 0, observe: (driver) => (samples = recordTopology(driver)) });
  expect(checkInvariants(run)).toEqual([]);
  expect(independentProblems(run, samples)).toEqual([]);
  return { run, samples };
}

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

  const regionalFailover = () => cleanRun({ disasters: [{ kind: 'siteLoss', target: 'east', at: '3h' }] }).run;

  it('INV-02: a sync missing from a steady state', () => {
    const { run } = cleanRun({ horizon: '6h' });
    const image = run.record.images[0];
    const keep = (_: number, index: number) => index !== 100;
    run.record.images[0] = { ...image, syncedCreationMs: image.syncedCreationMs.filter(keep), syncedCompletionMs: image.syncedCompletionMs.filter(keep) };
    expect(reported(run)).toEqual(['INV-02']);
  });

  it('INV-03: a recovery point older than the newest synced snapshot', () => {
    const run = regionalFailover();
    run.actions[0].episodes[0].facts.images![0].recoveryPointMs -= MINUTE;
    expect(reported(run)).toEqual(['INV-03']);
  });

  it('INV-04: a relocate that lost bytes', () => {
    const { run } = cleanRun({ operations: [{ action: 'Relocate', at: '2h', app: 'app' }] });
    run.actions[0].episodes[0].outcome.dataLossBytes = 1;
    expect(reported(run)).toEqual(['INV-04']);
  });

  it('INV-05: two-writer time not reported as split-brain, and two Metro writers despite fencing', () => {
    const run = regionalFailover();
    run.actions[0].outcome.splitBrainMs += 1000;
    expect(reported(run)).toEqual(['INV-05']);
    const metro = siteLoss();
    metro.world.applications[0].writerIntervals.push({ cluster: 'dr2', fromMs: HOUR, toMs: HOUR + 1000, reason: 'injected' });
    expect(checkInvariants(metro).map((violation) => violation.message)).toEqual([
      expect.stringMatching(/two clusters wrote the same Metro image for 1000 ms/),
      expect.stringMatching(/1000 ms of two writers but 0 ms reported/),
    ]);
  });

  it('INV-06: a Metro promote before the fence', () => {
    const run = siteLoss();
    const facts = run.actions[0].episodes[0].facts;
    facts.fencedMs = facts.promoteMs! + 1;
    expect(reported(run)).toEqual(['INV-06']);
  });

  it('INV-07: a restore from a capture that is not the last complete one', () => {
    const { run } = cleanRun({
      applications: [{ name: 'app', preferredCluster: 'dr1', kubeObjectProtection: { objects: 10 }, volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] }],
      disasters: [{ kind: 'siteLoss', target: 'east', at: '3h' }],
    });
    run.actions[0].episodes[0].facts.restoredCaptureStartMs! -= 5 * MINUTE;
    expect(reported(run)).toEqual(['INV-07']);
  });

  it('INV-08: bytes that are neither replicated, pending, unsnapshotted nor discarded', () => {
    const run = regionalFailover();
    run.actions[0].episodes[0].facts.images![0].replicatedBytes += 1e6;
    expect(reported(run)).toEqual(['INV-08']);
  });

  it('INV-09: an RTO below its steps', () => {
    const run = regionalFailover();
    run.actions[0].episodes[0].outcome.rtoMs = 1;
    expect(reported(run)).toEqual(['INV-09']);
  });

  it('INV-10: a DR action started while the hub was down', () => {
    const { run } = cleanRun({
      disasters: [{ kind: 'hubLoss', target: 'hub', at: '2h', repairAfter: '30m' }],
      operations: [{ action: 'Failover', at: '4h', app: 'app' }],
    });
    run.actions[0].episodes[0].facts.hubActionMs = 2 * HOUR + MINUTE;
    expect(reported(run)).toEqual(['INV-10']);
  });

  it('the independent checks fail on doctored runs too', () => {
    const { run, samples } = cleanRun({ disasters: [{ kind: 'siteLoss', target: 'east', at: '3h' }] });
    run.actions[0].episodes[0].facts.images![0].recoveryPointMs -= MINUTE;
    run.world.applications[0].writerIntervals.push({ cluster: 'dr2', fromMs: HOUR, toMs: HOUR + 1000, reason: 'injected' });
    expect(independentProblems(run, samples).map((problem) => problem.slice(0, 6))).toEqual(['INV-03', 'INV-05']);
    const hubDown = cleanRun({ disasters: [{ kind: 'hubLoss', target: 'hub', at: '2h', repairAfter: '30m' }], operations: [{ action: 'Failover', at: '4h', app: 'app' }] });
    hubDown.run.actions[0].episodes[0].facts.hubActionMs = 2 * HOUR + MINUTE;
    expect(independentProblems(hubDown.run, hubDown.samples)).toEqual([expect.stringMatching(/^INV-10 .* with the hub down/)]);
  });

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

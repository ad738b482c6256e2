import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { scenario } from './scenario-builder.js';

const HOUR = 3600_000;

describe('journal mirroring', () => {
  it('loses the replay lag when the primary site is lost', () => {
    const run = simulateRun(scenario({ drPolicy: { mirroringMode: 'journal' }, disasters: [{ kind: 'siteLoss', target: 'east', at: '3h' }] }), { runIndex: 0 });
    const outcome = run.record.applications[0];
    expect(outcome.rpoMs).toBe(run.world.journalLagMs);
    // The writes lost are the lag's; the data lost is those writes coalesced over the 1 GiB working set.
    const written = (64 * 1024 * run.world.journalLagMs) / 1000;
    expect(outcome.writesLostBytes).toBeCloseTo(written, 3);
    expect(outcome.dataLossBytes).toBeCloseTo(-(2 ** 30) * Math.expm1(-written / 2 ** 30), 3);
    expect(checkInvariants(run)).toEqual([]);
  });

  it('loses everything since the link between the data sites was cut', () => {
    // Regression: the journal's recovery point followed the loss instant even
    // while nothing could reach the peer.
    const run = simulateRun(
      scenario({
        drPolicy: { mirroringMode: 'journal' },
        disasters: [
          { kind: 'linkCut', target: 'east', from: ['west'], at: '2h' },
          { kind: 'siteLoss', target: 'east', at: '3h' },
        ],
      }),
      { runIndex: 0 },
    );
    const outcome = run.record.applications[0];
    expect(outcome.rpoMs).toBe(HOUR + run.world.journalLagMs);
    const written = (64 * 1024 * (HOUR + run.world.journalLagMs)) / 1000;
    expect(outcome.writesLostBytes).toBeCloseTo(written, 3);
    expect(outcome.dataLossBytes).toBeCloseTo(-(2 ** 30) * Math.expm1(-written / 2 ** 30), 3);
  });
});

describe('journal mirroring that the link cannot keep up with', () => {
  it('relocates without loss once the peer has replayed the backlog', () => {
    // Regression: the relocate waited only for the replay lag, and lost the
    // journal backlog that writes faster than the link had left behind.
    const run = simulateRun(
      scenario({
        drPolicy: { mirroringMode: 'journal' },
        links: [{ between: ['east', 'west'], bandwidth: '10Mbps', rtt: '20ms' }],
        applications: [{ name: 'app', preferredCluster: 'dr1', volumes: [{ name: 'data', size: '1Gi', writeRate: '2MiB/s' }] }],
        operations: [{ action: 'Relocate', at: '2h', app: 'app' }],
      }),
      { runIndex: 0 },
    );
    expect(run.world.journalUnbounded).toBe(true);
    const [episode] = run.actions[0].episodes;
    expect(episode.outcome).toMatchObject({ action: 'Relocate', dataLossBytes: 0 });
    // The backlog of about 2 h of writes at 2 MiB/s drains at 10 Mbps: hours.
    expect(episode.outcome.rtoBreakdownMs.finalSync).toBeGreaterThan(HOUR);
    expect(checkInvariants(run)).toEqual([]);
  });
});

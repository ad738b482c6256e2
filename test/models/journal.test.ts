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
    expect(outcome.dataLossBytes).toBeCloseTo((64 * 1024 * run.world.journalLagMs) / 1000, 3);
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
    expect(outcome.dataLossBytes).toBeCloseTo((64 * 1024 * (HOUR + run.world.journalLagMs)) / 1000, 3);
  });
});

import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { metroSpec, scenario } from './scenario-builder.js';

const HOUR = 3600_000;

describe('Metro-DR: a site cut off from both other sites stalls (docs/domain.md section 2)', () => {
  it('acknowledges nothing once isolated, so the failover loses nothing', () => {
    // Regression: the isolated primary went on "writing" to its half of the
    // stretched images and the failover counted those writes as lost, though
    // a Metro write is acknowledged only once both sites have it.
    const run = simulateRun(
      scenario(metroSpec({ response: { fencing: 'ManuallyFenced', decisionDelay: '5m' }, disasters: [{ kind: 'linkCut', target: 'east', at: '2h' }] })),
      { runIndex: 0 },
    );
    const [episode] = run.actions[0].episodes;
    expect(episode.outcome.action).toBe('Failover');
    expect(episode.outcome.dataLossBytes).toBe(0);
    expect(run.world.applications[0].writerIntervals[0]).toMatchObject({ cluster: 'dr1', toMs: 2 * HOUR, reason: 'stalled' });
    expect(checkInvariants(run)).toEqual([]);
  });

  it('a site that still reaches the arbiter keeps writing through a cut from its peer', () => {
    const run = simulateRun(scenario(metroSpec({ disasters: [{ kind: 'linkCut', target: 'east', from: ['west'], at: '2h', repairAfter: '1h' }] })), {
      runIndex: 0,
    });
    expect(run.world.applications[0].writerIntervals).toEqual([]);
    expect(run.world.applications[0].running).toEqual(new Set(['dr1']));
  });

  it('without fencing, the stalled old primary writes again when the cut heals: split-brain until it is cleaned up', () => {
    const run = simulateRun(
      scenario(metroSpec({ response: { fencing: 'None', decisionDelay: '5m' }, disasters: [{ kind: 'linkCut', target: 'east', at: '2h', repairAfter: '1h' }] })),
      { runIndex: 0 },
    );
    const outcome = run.record.applications[0];
    const resumed = run.world.applications[0].writerIntervals.find((interval) => interval.cluster === 'dr1' && interval.fromMs === 3 * HOUR);
    expect(resumed).toMatchObject({ reason: 'demoted' });
    expect(outcome.splitBrainMs).toBe(resumed!.toMs - resumed!.fromMs);
    expect(outcome.splitBrainBytes).toBeGreaterThan(0);
    expect(checkInvariants(run)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { CONSTANT_TIMINGS, metroSpec, scenario } from './scenario-builder.js';

describe('relocate', () => {
  it('runs when both sites are up and everything is in sync, and loses nothing', () => {
    // Regression: the workflow checked its own "busy" mark and refused every relocate.
    const run = simulateRun(scenario({ operations: [{ action: 'Relocate', at: '2h', app: 'app' }] }), { runIndex: 0 });
    const outcome = run.record.applications[0];
    expect(outcome.refusedReason).toBeUndefined();
    expect(outcome.action).toBe('Relocate');
    expect(outcome.dataLossBytes).toBe(0);
    expect(outcome.readyMs).toBeGreaterThan(2 * 3600_000);
    expect(run.world.applications[0].primary).toBe('dr2');
    expect(checkInvariants(run)).toEqual([]);
  });
});

describe('relocate while the data sites cannot reach each other', () => {
  for (const [mode, spec] of [
    ['Metro-DR', metroSpec()],
    ['journal mirroring', { drPolicy: { mirroringMode: 'journal' } }],
  ] as const) {
    it(`waits for the link before demoting (${mode}), and loses nothing`, () => {
      // Regression: with both clusters seen by the hub but cut from each other,
      // the relocate demoted at once and lost what the peer had not received.
      const run = simulateRun(
        scenario({
          ...spec,
          disasters: [{ kind: 'linkCut', target: 'east', from: ['west'], at: '2h', repairAfter: '1h' }],
          operations: [{ action: 'Relocate', at: '150m', app: 'app' }],
        }),
        { runIndex: 0 },
      );
      const [episode] = run.actions[0].episodes;
      expect(episode.outcome.action).toBe('Relocate');
      expect(episode.outcome.dataLossBytes).toBe(0);
      expect(episode.facts.promoteMs).toBeGreaterThan(3 * 3600_000);
      expect(checkInvariants(run)).toEqual([]);
    });
  }
});

describe('relocate downtime starts when the application stops', () => {
  /*
   * ClearingPlacement removes the placement decision; the application serves
   * until ACM deletes it (placementUpdateDelay, 19 s in the builder's
   * constants), then stops (appStopTime 5 s). Its downtime, the relocate's
   * RTO, runs from that deletion to ready: the 19 s are not in it, and the
   * steps still tile it.
   */
  const built = scenario({ timings: CONSTANT_TIMINGS, operations: [{ action: 'Relocate', at: '2h', app: 'app' }] });
  const run = simulateRun(built, { runIndex: 0 });
  const [episode] = run.actions[0].episodes;

  it('is measured from the deletion of the application, 19 s after the action', () => {
    expect(episode.facts.downtimeStartMs! - episode.facts.triggerMs).toBe(19_000);
    expect(episode.outcome.rtoMs).toBe(episode.outcome.readyMs! - episode.facts.downtimeStartMs!);
    expect(episode.outcome.rtoBreakdownMs.appStop).toBe(5_000);
    const steps = Object.values(episode.outcome.rtoBreakdownMs).reduce((sum, ms) => sum + ms, 0);
    expect(steps).toBe(episode.outcome.rtoMs);
  });

  it('the application writes until it stops: nothing lost', () => {
    expect(episode.outcome.dataLossBytes).toBe(0);
    expect(checkInvariants(run)).toEqual([]);
  });
});

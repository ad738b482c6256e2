import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { metroSpec, scenario } from './scenario-builder.js';

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

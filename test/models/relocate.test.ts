import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { scenario } from './scenario-builder.js';

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

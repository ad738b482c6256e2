import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { scenario } from './scenario-builder.js';

const HOUR = 3600_000;

describe('several DR actions in one run', () => {
  it('answers a site loss that strikes after a relocate', () => {
    // Regression: once an application had been relocated, a later loss of its
    // new home got no failover: the run kept one outcome per application.
    const run = simulateRun(
      scenario({
        operations: [{ action: 'Relocate', at: '2h', app: 'app' }],
        disasters: [{ kind: 'siteLoss', target: 'west', at: '6h', repairAfter: '4h' }],
      }),
      { runIndex: 0 },
    );
    const [entry] = run.actions;
    expect(entry.episodes.map((episode) => [episode.facts.action, episode.outcome.action])).toEqual([
      ['Relocate', 'Relocate'],
      ['Failover', 'Failover'],
    ]);
    const [relocated, failedOver] = entry.episodes.map((episode) => episode.outcome);
    expect(relocated.dataLossBytes).toBe(0);
    expect(failedOver.readyMs).toBeGreaterThan(6 * HOUR);
    expect(failedOver.rtoMs).toBeLessThan(HOUR);
    expect(failedOver.dataLossBytes).toBeGreaterThan(0);
    expect(run.world.applications[0].primary).toBe('dr1');
    // The run's figures: the failover's RPO, RTO and loss, the relocate's nothing added.
    expect(entry.outcome).toMatchObject({ action: 'Failover', rtoMs: failedOver.rtoMs, dataLossBytes: failedOver.dataLossBytes });
    expect(checkInvariants(run)).toEqual([]);
  });

  it('counts an outage that nothing answers until the end of the run', () => {
    // A relocate cannot answer a site loss (both clusters must be reachable): refused, and the site never returns.
    const run = simulateRun(
      scenario({ response: { action: 'Relocate' }, disasters: [{ kind: 'siteLoss', target: 'east', at: '2h' }], operations: [{ action: 'Relocate', at: '5h', app: 'app' }] }),
      { runIndex: 0 },
    );
    const outcome = run.record.applications[0];
    expect(outcome.refusedReason).toMatch(/not all clusters are reachable/);
    expect(outcome.rtoMs).toBe(run.record.endMs - 2 * HOUR);
    expect(outcome.rtoBreakdownMs.other).toBe(outcome.rtoMs);
  });
});

import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { scenario } from './scenario-builder.js';

describe('byte ledger across DR actions (INV-08)', () => {
  it('balances after a failover, its full resync and a relocate back', () => {
    // Regression: the bytes a failover lost, and those the new primary wrote
    // before its full resync, fell out of the ledger, so the next action saw
    // written != replicated + pending + unsnapshotted.
    const run = simulateRun(
      scenario({
        operations: [
          { action: 'Failover', at: '2h', app: 'app' },
          { action: 'Relocate', at: '6h', app: 'app' },
        ],
      }),
      { runIndex: 0 },
    );
    const episodes = run.actions[0].episodes;
    expect(episodes.map((episode) => episode.outcome.action)).toEqual(['Failover', 'Relocate']);
    const failedOver = episodes[0].facts.images![0];
    const relocated = episodes[1].facts.images![0];
    expect(relocated.discardedBytes).toBe(failedOver.pendingBytes + failedOver.unsnapshottedBytes);
    expect(relocated.writtenBytes).toBeCloseTo(relocated.replicatedBytes + relocated.pendingBytes + relocated.unsnapshottedBytes + relocated.discardedBytes, 3);
    expect(checkInvariants(run)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { scenario } from './scenario-builder.js';

describe('hub restore', () => {
  it('rebuilds the hub where it was when its site is still up', () => {
    // Regression: the restore moved the hub to the first site of the list (east)
    // even though its own site (witness) was up, so it then shared east's fate.
    const run = simulateRun(
      scenario({
        hub: { site: 'witness', restoreTime: '30m' },
        disasters: [{ kind: 'hubLoss', target: 'hub', at: '2h' }],
        operations: [{ action: 'Relocate', at: '4h', app: 'app' }],
      }),
      { runIndex: 0 },
    );
    expect(run.world.topology.isHubUp()).toBe(true);
    expect(run.world.topology.hubSiteName).toBe('witness');
    expect(run.world.hubDownIntervals).toEqual([{ fromMs: 2 * 3600_000, toMs: 2 * 3600_000 + 30 * 60_000 }]);
  });

  it('rebuilds the hub on a surviving site when its site is lost', () => {
    const run = simulateRun(scenario({ hub: { site: 'east', restoreTime: '30m' }, disasters: [{ kind: 'siteLoss', target: 'east', at: '2h' }] }), {
      runIndex: 0,
    });
    expect(run.world.topology.isHubUp()).toBe(true);
    expect(run.world.topology.hubSiteName).toBe('west');
  });
});

describe('while the hub is down', () => {
  it('refuses an operator failover', () => {
    // Regression: a failover set while the hub was down was accepted and waited for the hub.
    const run = simulateRun(
      scenario({
        hub: { site: 'witness', restoreTime: '1h' },
        disasters: [{ kind: 'hubLoss', target: 'hub', at: '2h' }],
        operations: [{ action: 'Failover', at: '150m', app: 'app' }],
      }),
      { runIndex: 0 },
    );
    const [episode] = run.actions[0].episodes;
    expect(episode.outcome.refusedReason).toMatch(/the hub is down/);
    expect(episode.facts.hubActionMs).toBeUndefined();
    expect(run.world.applications[0].primary).toBe('dr1');
  });

  it('a hub repaired early drops its rebuild from backup, so a later loss takes its full restore time', () => {
    // Regression: the rebuild scheduled at the first loss still fired and
    // brought the hub back early from the second loss.
    const run = simulateRun(
      scenario({
        hub: { site: 'witness', restoreTime: '30m' },
        disasters: [
          { kind: 'hubLoss', target: 'hub', at: '2h', repairAfter: '10m' },
          { kind: 'hubLoss', target: 'hub', at: '140m', repairAfter: '2h' },
        ],
        operations: [{ action: 'Relocate', at: '6h', app: 'app' }],
      }),
      { runIndex: 0 },
    );
    const minute = 60_000;
    expect(run.world.hubDownIntervals).toEqual([
      { fromMs: 120 * minute, toMs: 130 * minute },
      { fromMs: 140 * minute, toMs: 170 * minute },
    ]);
  });
});

describe('a hub lost in the middle of a DR action', () => {
  it('holds every step the hub drives until it is restored', () => {
    // Regression: after its first step a relocate went on as if the hub were up.
    const run = simulateRun(
      scenario({
        hub: { site: 'witness', restoreTime: '1h' },
        operations: [{ action: 'Relocate', at: '2h', app: 'app' }],
        disasters: [{ kind: 'hubLoss', target: 'hub', at: '7201s' }],
      }),
      { runIndex: 0 },
    );
    const [episode] = run.actions[0].episodes;
    const [down] = run.world.hubDownIntervals;
    expect(down).toEqual({ fromMs: 7201_000, toMs: 7201_000 + 3600_000 });
    expect(episode.facts.promoteMs).toBeGreaterThan(down.toMs);
    const duringOutage = run.world.control.history.filter((version) => version.timeMs > down.fromMs && version.timeMs < down.toMs);
    expect(duringOutage).toEqual([]);
    expect(episode.outcome.rtoBreakdownMs.hubRecovery).toBeGreaterThan(0);
    expect(episode.outcome.dataLossBytes).toBe(0);
  });
});

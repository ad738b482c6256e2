import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { scenario } from './scenario-builder.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * Fixed hub-recovery timings, so each hub outage has a closed form: the loss
 * is noticed after `detection` (4m), DR is declared after the decision delay
 * (10m), the restore from backup takes hub.restoreTime, and the re-import of
 * the surviving clusters 5m. The hub is back after 4m + 10m + restore + 5m.
 */
const FIXED_HUB_TIMINGS = { timings: { detection: '4m', hubReimportTime: '5m' }, response: { action: 'Failover', decisionDelay: '10m' } };
const noticeAndDeclareMs = (4 + 10) * MINUTE;
const reimportMs = 5 * MINUTE;

describe('hub restore', () => {
  it('rebuilds the hub where it was when its site is still up', () => {
    // Regression: the restore moved the hub to the first site of the list (east)
    // even though its own site (witness) was up, so it then shared east's fate.
    const run = simulateRun(
      scenario({
        ...FIXED_HUB_TIMINGS,
        hub: { site: 'witness', restoreTime: '30m' },
        disasters: [{ kind: 'hubLoss', target: 'hub', at: '2h' }],
        operations: [{ action: 'Relocate', at: '4h', app: 'app' }],
      }),
      { runIndex: 0 },
    );
    expect(run.world.topology.isHubUp()).toBe(true);
    expect(run.world.topology.hubSiteName).toBe('witness');
    const lostMs = 120 * MINUTE;
    expect(run.world.hubDownIntervals).toEqual([{ fromMs: lostMs, toMs: lostMs + noticeAndDeclareMs + 30 * MINUTE + reimportMs }]);
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
        ...FIXED_HUB_TIMINGS,
        hub: { site: 'witness', restoreTime: '30m' },
        disasters: [
          { kind: 'hubLoss', target: 'hub', at: '2h', repairAfter: '10m' },
          { kind: 'hubLoss', target: 'hub', at: '140m', repairAfter: '2h' },
        ],
        operations: [{ action: 'Relocate', at: '6h', app: 'app' }],
      }),
      { runIndex: 0 },
    );
    expect(run.world.hubDownIntervals).toEqual([
      { fromMs: 120 * MINUTE, toMs: 130 * MINUTE },
      { fromMs: 140 * MINUTE, toMs: 140 * MINUTE + noticeAndDeclareMs + 30 * MINUTE + reimportMs },
    ]);
  });
});

describe('a hub lost in the middle of a DR action', () => {
  it('holds every step the hub drives until it is restored', () => {
    // Regression: after its first step a relocate went on as if the hub were up.
    const run = simulateRun(
      scenario({
        ...FIXED_HUB_TIMINGS,
        hub: { site: 'witness', restoreTime: '1h' },
        operations: [{ action: 'Relocate', at: '2h', app: 'app' }],
        disasters: [{ kind: 'hubLoss', target: 'hub', at: '7201s' }],
      }),
      { runIndex: 0 },
    );
    const [episode] = run.actions[0].episodes;
    const [down] = run.world.hubDownIntervals;
    expect(down).toEqual({ fromMs: 7201_000, toMs: 7201_000 + noticeAndDeclareMs + 60 * MINUTE + reimportMs });
    expect(episode.facts.promoteMs).toBeGreaterThan(down.toMs);
    const duringOutage = run.world.control.history.filter((version) => version.timeMs > down.fromMs && version.timeMs < down.toMs);
    expect(duringOutage).toEqual([]);
    expect(episode.outcome.rtoBreakdownMs.hubRecovery).toBeGreaterThan(0);
    expect(episode.outcome.dataLossBytes).toBe(0);
  });
});

describe('a hub lost with the failed site', () => {
  /*
   * Closed form (docs/domain.md sections 1 and 3, INV-10). The site holding
   * the hub and the primary is lost at t0. The operator notices at t0 + 4m
   * (detection), declares DR at t0 + 14m (decision), and only then starts the
   * hub restore (R); the surviving cluster is re-imported (5m); Ramen rebuilds
   * the DRPC in WaitForUser, seen through one ManagedClusterView round trip
   * (5-30 s by default), and the failover is set again. So the RTO steps are
   * detection = 4m, decision = 10m and hubRecovery = R + 5m + [5 s, 30 s]:
   * the whole restore adds to the RTO, whatever its length. (Starting the
   * restore at the loss would hide min(R, 14m) of it behind detection and the
   * decision: 16m instead of 35m for R = 30m, nothing for R = 5m.)
   */
  it.each(['5m', '30m'])('adds the whole %s restore and the re-import to the RTO, after detection and the decision', (restoreTime) => {
    const restoreMs = Number.parseInt(restoreTime, 10) * MINUTE;
    const run = simulateRun(
      scenario({
        ...FIXED_HUB_TIMINGS,
        sites: [{ name: 'east' }, { name: 'west' }],
        hub: { site: 'east', restoreTime },
        disasters: [{ kind: 'siteLoss', target: 'east', at: '2h' }],
      }),
      { runIndex: 0 },
    );
    const [episode] = run.actions[0].episodes;
    const steps = episode.outcome.rtoBreakdownMs;
    expect(steps.detection).toBe(4 * MINUTE);
    expect(steps.decision).toBe(10 * MINUTE);
    expect(steps.hubRecovery).toBeGreaterThanOrEqual(restoreMs + reimportMs + 5 * SECOND);
    expect(steps.hubRecovery).toBeLessThanOrEqual(restoreMs + reimportMs + 30 * SECOND);
    const [outage] = run.world.hubOutages;
    expect(outage.restoreStartMs).toBe(120 * MINUTE + noticeAndDeclareMs);
    expect(episode.facts.hubActionMs).toBeGreaterThanOrEqual(outage.upMs);
    const waitForUser = run.world.control.history.find((version) => version.reason.includes('WaitForUser'));
    expect(waitForUser?.timeMs).toBe(outage.upMs);
  });
});

/**
 * The documented Metro-DR failback: after a failover the old cluster stays
 * fenced; the user unfences it (DRCluster spec.clusterFence Unfenced), then
 * relocates back. Ramen refuses a relocate to a fenced cluster
 * (readyToSwitchOver), so with response.unfencing Manual (the default) the
 * relocate needs an Unfence first; with Automatic it unfences first itself.
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { createDriver } from '../../src/models/driver.js';
import { simulateRun } from '../../src/models/simulate-run.js';
import { parseScenarioObject } from '../../src/scenarios/index.js';
import { metroSpec, scenario, scenarioDocument } from './scenario-builder.js';

const SECOND = 1000;
const HOUR = 3600_000;

/** A drill: a Metro failover to dr2 at 1 h (dr1 fenced by a NetworkFence), then the operations given. */
function failback(unfencing: 'Manual' | 'Automatic', operations: object[] = []) {
  return scenario(
    metroSpec({
      response: { fencing: 'Fenced', unfencing },
      operations: [{ action: 'Failover', at: '1h', app: 'app' }, ...operations],
    }),
  );
}

describe('Metro-DR failback', () => {
  it('refuses a relocate to the fenced old cluster by default (Manual), saying to unfence it', () => {
    const run = simulateRun(failback('Manual', [{ action: 'Relocate', at: '3h', app: 'app' }]), { runIndex: 0 });
    const [failover, relocate] = run.actions[0].episodes;
    expect(failover.outcome.action).toBe('Failover');
    expect(relocate.outcome.refusedReason).toMatch(/dr1 is fenced: unfence it first/);
    expect(run.world.applications[0].primary).toBe('dr2');
  });

  it('relocates back once an Unfence operation unfenced the old cluster (unfence, then relocate)', () => {
    const run = simulateRun(
      failback('Manual', [
        { action: 'Unfence', at: '3h', cluster: 'dr1' },
        { action: 'Relocate', at: '185m', app: 'app' },
      ]),
      { runIndex: 0 },
    );
    const [, relocate] = run.actions[0].episodes;
    expect(relocate.outcome.refusedReason).toBeUndefined();
    expect(relocate.outcome.action).toBe('Relocate');
    expect(relocate.outcome.rtoBreakdownMs.fencing).toBe(0);
    expect(run.world.applications[0].primary).toBe('dr1');
    expect(run.world.control.state.fencing.dr1).toBe('Unfenced');
    expect(checkInvariants(run)).toEqual([]);
  });

  it('with unfencing Automatic, the relocate unfences first, a wait before its downtime', () => {
    // The failover fenced dr1 at 1 h: its NetworkFence view is read at 1 h + 30k s.
    // The relocate at 3 h + 7 s unfences: result 3-15 s later (defaults), seen at the
    // read at 3 h + 30 s, so the relocate waits 23 s, serving, before its DRPC action.
    const driver = createDriver(scenario(metroSpec({ response: { fencing: 'Fenced', unfencing: 'Automatic' } })), { runIndex: 0 });
    driver.runUntil(HOUR);
    driver.act({ kind: 'failover', application: 'app' });
    driver.runUntil(3 * HOUR + 7 * SECOND);
    expect(driver.state().applications.app.peerReady).toBe(true);
    expect(driver.state().clusters.dr1.fence).toBe('Fenced');
    expect(driver.act({ kind: 'relocate', application: 'app' })).toEqual({ accepted: true });
    driver.advance(HOUR);
    const run = driver.finish();
    const [, relocate] = run.actions[0].episodes;
    expect(relocate.facts.unfenceWaitMs).toBe(23 * SECOND);
    expect(relocate.facts.hubActionMs).toBe(3 * HOUR + 30 * SECOND);
    expect(relocate.facts.downtimeStartMs).toBeGreaterThan(3 * HOUR + 30 * SECOND);
    expect(relocate.outcome.rtoBreakdownMs.fencing).toBe(0);
    expect(driver.state().applications.app.primary).toBe('dr1');
    expect(driver.state().applications.app.running).toEqual(['dr1']);
    expect(checkInvariants(run)).toEqual([]);
  });
});

describe('Fence and Unfence operations', () => {
  it('name a DRCluster of the policy, not an application', () => {
    const result = parseScenarioObject(
      scenarioDocument(metroSpec({ operations: [{ action: 'Fence', at: '1h', app: 'app' }, { action: 'Unfence', at: '2h', cluster: 'nowhere' }] })),
    );
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['spec.operations[0].app', 'spec.operations[0].cluster', 'spec.operations[1].cluster']));
  });

  it('fence a cluster at their time: a Fence operation stops its instances once the hub sees the NetworkFence', () => {
    const run = simulateRun(scenario(metroSpec({ operations: [{ action: 'Fence', at: '1h', cluster: 'dr1' }] })), { runIndex: 0 });
    expect(run.world.control.state.fencing.dr1).toBe('Fenced');
    const interval = run.world.applications[0].writerIntervals.find((candidate) => candidate.reason === 'fenced');
    expect(interval?.toMs).toBe(HOUR + 30 * SECOND);
  });
});

describe('Fence in Regional-DR', () => {
  it('is warned about: Ramen fences nothing there', () => {
    const result = parseScenarioObject(scenarioDocument({ operations: [{ action: 'Fence', at: '1h', cluster: 'dr1' }] }));
    expect(result.ok && result.warnings.map((warning) => warning.message)).toEqual([expect.stringMatching(/Fence does nothing in Regional-DR/)]);
  });
});

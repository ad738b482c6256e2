import { describe, expect, it } from 'vitest';
import { createDriver } from '../../src/models/driver.js';
import { simulateRun } from '../../src/models/simulate-run.js';
import { scenario } from './scenario-builder.js';

const HOUR = 3600_000;

describe('run driver', () => {
  it('driven by hand, gives the run simulateRun gives for the same disaster', () => {
    const withDisaster = scenario({ disasters: [{ kind: 'siteLoss', target: 'east', at: '2h', repairAfter: '3h' }] });
    const automatic = simulateRun(withDisaster, { runIndex: 4 });

    const driver = createDriver(scenario(), { runIndex: 4 });
    driver.runUntil(2 * HOUR);
    expect(driver.act({ kind: 'siteLoss', site: 'east' })).toEqual({ accepted: true });
    expect(driver.state().clusters.dr1).toMatchObject({ up: false, seenByHub: false });
    driver.runUntil(5 * HOUR);
    driver.act({ kind: 'siteRepair', site: 'east' });
    while (driver.activeWorkflows > 0) driver.advance(HOUR);
    const byHand = driver.finish();

    expect(byHand.record.applications).toEqual(automatic.record.applications);
    expect(driver.state().applications.app).toMatchObject({ primary: 'dr2', running: ['dr2'], peerReady: true, busy: false });
  });

  it('reports a link cut partition so that it can be healed', () => {
    const driver = createDriver(scenario({ response: { action: 'Relocate' } }), { runIndex: 0 });
    driver.runUntil(HOUR);
    const cut = driver.act({ kind: 'linkCut', site: 'east', from: ['west'] });
    expect(cut.partition).toBeGreaterThanOrEqual(0);
    expect(driver.world.topology.clustersConnected('dr1', 'dr2')).toBe(false);
    driver.act({ kind: 'linkHeal', partition: cut.partition! });
    expect(driver.world.topology.clustersConnected('dr1', 'dr2')).toBe(true);
  });
});

describe('run driver errors', () => {
  it('lets an error thrown inside a workflow surface instead of ending the workflow silently', () => {
    // Regression: the driver's own wait on each workflow made the engine treat
    // a failed workflow as handled, so a model bug only showed as a stalled action.
    const driver = createDriver(scenario(), { runIndex: 0 });
    driver.runUntil(HOUR);
    driver.world.control.update = () => {
      throw new Error('control plane broken');
    };
    driver.act({ kind: 'failover', application: 'app' });
    expect(() => driver.advance(HOUR)).toThrow('control plane broken');
  });
});

describe('after a workflow ends', () => {
  it('answers what happened to the application while the workflow owned it', () => {
    // Regression: the new primary crashed and came back while the failover was
    // still cleaning up; nothing looked at the application when the cleanup
    // ended, so it stayed down until some later topology change.
    const minute = 60_000;
    const driver = createDriver(scenario(), { runIndex: 0 });
    driver.runUntil(HOUR);
    driver.act({ kind: 'failover', application: 'app' });
    driver.advance(30_000);
    // The old site drops out of the hub's sight: Cleaning Up will wait for it.
    const cut = driver.act({ kind: 'linkCut', site: 'east' });
    driver.runUntil(HOUR + 10 * minute);
    // The old instance on dr1 still runs (Regional: until Cleaning Up removes it).
    expect(driver.state().applications.app).toMatchObject({ primary: 'dr2', running: ['dr1', 'dr2'], busy: true });
    driver.act({ kind: 'clusterLoss', cluster: 'dr2' });
    driver.runUntil(HOUR + 20 * minute);
    driver.act({ kind: 'clusterRepair', cluster: 'dr2' });
    driver.runUntil(HOUR + 30 * minute);
    driver.act({ kind: 'linkHeal', partition: cut.partition! });
    driver.runUntil(3 * HOUR);
    expect(driver.state().applications.app).toMatchObject({ primary: 'dr2', running: ['dr2'], busy: false, peerReady: true });
    const episodes = driver.finish().actions[0].episodes;
    expect(episodes.map((episode) => episode.facts.action)).toEqual(['Failover', 'RecoverInPlace']);
    expect(episodes[1].outcome.readyMs).toBeLessThan(2 * HOUR);
  });
});

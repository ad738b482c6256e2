import { describe, expect, it } from 'vitest';
import { createDriver } from '../../src/models/driver.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { metroSpec, scenario } from './scenario-builder.js';

const SECOND = 1000;
const HOUR = 3600_000;

/** Periods the application wrote on `cluster`, open ones closed at `endMs`. */
function writes(driver: ReturnType<typeof createDriver>, cluster: string, endMs: number) {
  const application = driver.world.applications[0];
  const closed = application.writerIntervals.filter((interval) => interval.cluster === cluster);
  const open = application.writerSinceMs.has(cluster) ? [{ cluster, fromMs: application.writerSinceMs.get(cluster)!, toMs: endMs }] : [];
  return [...closed, ...open];
}

/**
 * A Fenced DRCluster goes out as a NetworkFence ManifestWork on the peer and
 * comes back through a ManagedClusterView, read when created and then every
 * managedClusterViewRefresh R (fencing.ts): the hub sees it at
 * R x ceil((manifestWorkDelay + networkFenceTime) / R). An unfence reads the
 * same view, on its cadence since the fence.
 */
describe('Metro-DR fencing takes one NetworkFence view refresh', () => {
  it('a failover fences in exactly one 30 s refresh when the ManifestWork and the blocklist fit in it', () => {
    // Defaults: manifestWorkDelay 2-10 s + networkFenceTime 1-5 s <= 15 s < 30 s: the first read after
    // creation, at 30 s, whatever the draws (the old lognormal, median 20 s and p95 60 s, never gave exactly 30 s).
    const driver = createDriver(scenario(metroSpec({ response: { fencing: 'Fenced' } })), { runIndex: 0 });
    driver.runUntil(HOUR);
    driver.act({ kind: 'failover', application: 'app' });
    driver.advance(HOUR);
    const run = driver.finish();
    const [episode] = run.actions[0].episodes;
    expect(episode.facts.fencedBy).toBe('workflow');
    expect(episode.outcome.rtoBreakdownMs.fencing).toBe(30 * SECOND);
    expect(episode.facts.fencedMs).toBe(HOUR + 30 * SECOND);
    expect(checkInvariants(run)).toEqual([]);
  });

  it('takes a second refresh when the NetworkFence result comes after the first', () => {
    // 35 s + 1-5 s > 30 s: seen at the read at 60 s.
    const driver = createDriver(scenario(metroSpec({ timings: { manifestWorkDelay: '35s' } })), { runIndex: 0 });
    driver.runUntil(HOUR);
    driver.act({ kind: 'fence', cluster: 'dr1', mode: 'Fenced' });
    driver.advance(59 * SECOND);
    expect(driver.state().clusters.dr1.fence).toBe('Unfenced');
    driver.advance(SECOND);
    expect(driver.state().clusters.dr1.fence).toBe('Fenced');
  });

  it('does not restart a fence under way when it is set again, and an unfence meanwhile cancels it', () => {
    // Fenced set at HOUR and again at HOUR + 10 s: still seen at HOUR + 30 s.
    const driver = createDriver(scenario(metroSpec()), { runIndex: 0 });
    driver.runUntil(HOUR);
    driver.act({ kind: 'fence', cluster: 'dr1', mode: 'Fenced' });
    driver.advance(10 * SECOND);
    expect(driver.act({ kind: 'fence', cluster: 'dr1', mode: 'Fenced' })).toEqual({ accepted: true, settlesInMs: 20 * SECOND });
    driver.runUntil(HOUR + 30 * SECOND);
    expect(driver.state().clusters.dr1.fence).toBe('Fenced');
    // dr2: fenced at 2 h, unfenced at 2 h + 10 s before the hub saw the fence: it never lands.
    driver.runUntil(2 * HOUR);
    driver.act({ kind: 'fence', cluster: 'dr2', mode: 'Fenced' });
    driver.advance(10 * SECOND);
    driver.act({ kind: 'unfence', cluster: 'dr2' });
    driver.advance(HOUR);
    expect(driver.state().clusters.dr2.fence).toBe('Unfenced');
  });

  it('unfences at the first read of the fence view after the unfence result', () => {
    // Fenced at HOUR (view created then, reads at HOUR + 30k s); unfence set at HOUR + 100 s,
    // result at HOUR + 103-115 s: seen at the read at HOUR + 120 s. The old model unfenced at once.
    const driver = createDriver(scenario(metroSpec()), { runIndex: 0 });
    driver.runUntil(HOUR);
    driver.act({ kind: 'fence', cluster: 'dr1', mode: 'Fenced' });
    driver.runUntil(HOUR + 100 * SECOND);
    driver.act({ kind: 'unfence', cluster: 'dr1' });
    driver.runUntil(HOUR + 119 * SECOND);
    expect(driver.state().clusters.dr1.fence).toBe('Fenced');
    driver.runUntil(HOUR + 120 * SECOND);
    expect(driver.state().clusters.dr1.fence).toBe('Unfenced');
  });
});

describe('Metro-DR fencing as an operator action', () => {
  it('a failover after the operator fenced the failed cluster does not fence again', () => {
    // Regression: the workflow always ran its own fencing step, fencing time included.
    const driver = createDriver(scenario(metroSpec({ response: { fencing: 'Fenced' } })), { runIndex: 0 });
    driver.runUntil(HOUR);
    expect(driver.act({ kind: 'fence', cluster: 'dr1' })).toEqual({ accepted: true });
    expect(driver.act({ kind: 'failover', application: 'app' })).toEqual({ accepted: true });
    driver.advance(HOUR);
    const run = driver.finish();
    const [episode] = run.actions[0].episodes;
    expect(episode.facts.fencedBy).toBe('operator');
    expect(episode.facts.fencedMs).toBe(HOUR);
    expect(episode.outcome.rtoBreakdownMs.fencing).toBe(0);
    expect(episode.outcome.dataLossBytes).toBe(0);
    expect(checkInvariants(run)).toEqual([]);
  });

  it('stops the instances on a fenced cluster; unfencing restarts an application fenced on its primary', () => {
    const driver = createDriver(scenario(metroSpec()), { runIndex: 0 });
    driver.runUntil(HOUR);
    driver.act({ kind: 'fence', cluster: 'dr1' });
    expect(driver.state().applications.app.running).toEqual([]);
    driver.runUntil(2 * HOUR);
    driver.act({ kind: 'unfence', cluster: 'dr1' });
    driver.advance(HOUR);
    const run = driver.finish();
    expect(writes(driver, 'dr1', run.record.endMs).some((interval) => interval.fromMs < 2 * HOUR && interval.toMs > HOUR)).toBe(false);
    expect(run.actions[0].episodes.map((episode) => episode.facts.action)).toEqual(['RecoverInPlace']);
    expect(run.actions[0].episodes[0].outcome.rtoMs).toBeGreaterThan(HOUR);
    expect(driver.state().applications.app.running).toEqual(['dr1']);
  });

  it('does not promote past a peer the operator unfenced meanwhile (INV-06)', () => {
    const driver = createDriver(scenario(metroSpec({ response: { fencing: 'ManuallyFenced' }, timings: { manifestWorkDelay: '30s' } })), { runIndex: 0 });
    driver.runUntil(HOUR);
    driver.act({ kind: 'failover', application: 'app' });
    driver.advance(5 * SECOND);
    expect(driver.state().clusters.dr1.fence).toBe('ManuallyFenced');
    driver.act({ kind: 'unfence', cluster: 'dr1' });
    driver.advance(5 * 60 * SECOND);
    expect(driver.state().applications.app.primary).toBe('dr1');
    driver.act({ kind: 'fence', cluster: 'dr1' });
    driver.advance(HOUR);
    const run = driver.finish();
    const [episode] = run.actions[0].episodes;
    expect(episode.facts.promoteMs).toBe(HOUR + 5 * SECOND + 5 * 60 * SECOND);
    expect(episode.facts.fencedMs).toBe(episode.facts.promoteMs);
    expect(checkInvariants(run)).toEqual([]);
  });

  it('keeps the application off a fenced failover target until it is unfenced', () => {
    const driver = createDriver(scenario(metroSpec({ response: { fencing: 'ManuallyFenced' } })), { runIndex: 0 });
    driver.runUntil(HOUR);
    driver.act({ kind: 'fence', cluster: 'dr2' });
    driver.act({ kind: 'failover', application: 'app' });
    driver.advance(HOUR);
    expect(driver.state().applications.app.running).toEqual([]);
    driver.act({ kind: 'unfence', cluster: 'dr2' });
    driver.advance(HOUR);
    expect(driver.state().applications.app.running).toEqual(['dr2']);
    expect(driver.finish().actions[0].episodes[0].outcome.readyMs).toBe(2 * HOUR);
  });

  it('is refused in Regional-DR, where Ramen fences nothing', () => {
    const driver = createDriver(scenario(), { runIndex: 0 });
    expect(driver.act({ kind: 'fence', cluster: 'dr1' })).toMatchObject({ accepted: false, reason: expect.stringMatching(/Metro-DR/) });
  });
});

/**
 * PeerReady after a failover comes when the old primary is demoted and its
 * resync has started, not when the resync ends: csi-addons marks the
 * VolumeReplication Secondary with a Resyncing condition at once, the VRG
 * reports Secondary and DataReady, and Ramen's cleanupSecondary sets
 * PeerReady. A relocate set then is accepted, stops the application, and
 * waits in EnsuringVolumesAreSecondary for the rest of the copy: the trap.
 *
 * One 100 GiB image over a 100 Mbps link (12.5 MB/s): the full resync takes
 * S / B = 107,374,182,400 / 12,500,000 = 8,590 s (2 h 23 min). The failover
 * is a drill at 4 h, once the initial copy (as long) is done, both sites up;
 * PeerReady minutes later; a relocate at
 * 4 h 20 min finds the copy about 2 h from its end.
 */
import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { summarizeRun } from '../../src/analysis/run-summary.js';
import { CONSTANT_TIMINGS, scenario } from './scenario-builder.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const RESYNC_MS = ((100 * 2 ** 30) / 12.5e6) * SECOND;

const drill = (operations: object[]) =>
  scenario({
    horizon: '14h',
    timings: CONSTANT_TIMINGS,
    links: [{ between: ['east', 'west'], bandwidth: '100Mbps', rtt: '5ms' }],
    applications: [{ name: 'app', preferredCluster: 'dr1', volumes: [{ name: 'data', size: '100Gi', workingSet: '2Gi', writeRate: '64KiB/s' }] }],
    operations,
  });

/** The drill, then a relocate back at `at`: the run and its relocate episode. */
function relocateAfterDrill(at: string) {
  const run = simulateRun(
    drill([
      { action: 'Failover', at: '4h', app: 'app' },
      { action: 'Relocate', at, app: 'app' },
    ]),
    { runIndex: 0 },
  );
  return { run, relocate: run.actions[0].episodes.find((episode) => episode.facts.action === 'Relocate')! };
}

describe('PeerReady after a failover', () => {
  it('is set once the old primary resyncs, long before the copy ends', () => {
    const run = simulateRun(drill([{ action: 'Failover', at: '4h', app: 'app' }]), { runIndex: 0 });
    const peerReady = run.world.control.history.find((entry) => entry.reason === 'app: PeerReady');
    expect(peerReady).toBeDefined();
    expect(peerReady!.timeMs - 4 * HOUR).toBeLessThan(10 * MINUTE);
    // Protected again only when the full copy has synced: about 2 h 23 min after it started.
    const [figures] = summarizeRun(run).applications;
    expect(figures.reprotected).toBe(true);
    expect(figures.unprotectedMs).toBeGreaterThan(RESYNC_MS);
  });

  it('a relocate then is accepted, and its downtime includes the rest of the resync, with a warning', () => {
    const { run, relocate } = relocateAfterDrill('4h20m');
    expect(relocate.outcome.refusedReason).toBeUndefined();
    // The resync started before 4 h 20 min, so at least RESYNC_MS - 20 min of it was left.
    expect(relocate.outcome.rtoMs).toBeGreaterThan(RESYNC_MS - 20 * MINUTE);
    expect(relocate.outcome.rtoBreakdownMs.finalSync).toBeGreaterThan(RESYNC_MS - 20 * MINUTE);
    expect(relocate.facts.resyncWaitMs).toBeGreaterThan(RESYNC_MS - 20 * MINUTE);
    const warning = run.record.warnings.find((candidate) => candidate.code === 'RELOCATE_WAITED_FOR_RESYNC');
    expect(warning?.message).toMatch(/^app: the relocate was set while the failback resync was still copying/);
    expect(relocate.outcome.dataLossBytes).toBe(0);
  });

  it('a relocate after the resync has ended waits for no copy and warns of nothing', () => {
    const { run, relocate } = relocateAfterDrill('9h');
    expect(relocate.facts.resyncWaitMs).toBeUndefined();
    expect(relocate.outcome.rtoMs).toBeLessThan(15 * MINUTE);
    expect(run.record.warnings.map((warning) => warning.code)).not.toContain('RELOCATE_WAITED_FOR_RESYNC');
  });
});

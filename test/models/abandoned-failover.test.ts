import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { scenario } from './scenario-builder.js';

const HOUR = 3600_000;

describe('when a failover is abandoned', () => {
  it('a failover drill goes on whatever else changes meanwhile', () => {
    // Regression: any topology change before the promote (here an S3 outage)
    // abandoned a drill on a healthy primary.
    const run = simulateRun(
      scenario({
        operations: [{ action: 'Failover', at: '2h', app: 'app' }],
        disasters: [{ kind: 's3Outage', target: 's3-east', at: '7201s', repairAfter: '1m' }],
      }),
      { runIndex: 0 },
    );
    expect(run.actions[0].episodes.map((episode) => episode.outcome.action)).toEqual(['Failover']);
    expect(run.world.applications[0].primary).toBe('dr2');
    expect(checkInvariants(run)).toEqual([]);
  });

  it('a failover the hub has started is carried through when the old primary returns', () => {
    // Regression: abandoning it after the hub action left the DRPC FailingOver
    // and PeerReady false for good, so that no relocate was ever accepted again.
    const run = simulateRun(
      scenario({
        response: { decisionDelay: '0s' },
        timings: { detection: '1m', promoteTime: '10m' },
        disasters: [{ kind: 'siteLoss', target: 'east', at: '2h', repairAfter: '5m' }],
        operations: [{ action: 'Relocate', at: '8h', app: 'app' }],
      }),
      { runIndex: 0 },
    );
    const episodes = run.actions[0].episodes;
    expect(episodes.map((episode) => [episode.facts.action, episode.outcome.action])).toEqual([
      ['Failover', 'Failover'],
      ['Relocate', 'Relocate'],
    ]);
    expect(episodes[0].outcome.reprotected).toBe(true);
    expect(run.world.applications[0].primary).toBe('dr1');
    expect(checkInvariants(run)).toEqual([]);
  });

  it('a failover the hub has not started yet is abandoned: the application recovers in place', () => {
    const run = simulateRun(scenario({ disasters: [{ kind: 'siteLoss', target: 'east', at: '2h', repairAfter: '3m' }] }), { runIndex: 0 });
    const [episode] = run.actions[0].episodes;
    expect(episode.facts.action).toBe('RecoverInPlace');
    expect(episode.facts.hubActionMs).toBeUndefined();
    expect(episode.outcome).toMatchObject({ recoveredInPlace: true, dataLossBytes: 0 });
    expect(episode.outcome.readyMs! - 2 * HOUR).toBe(episode.outcome.rtoMs);
    expect(run.world.control.state.drpcs.app).toMatchObject({ phase: 'Deployed', peerReady: true });
    expect(run.world.applications[0].primary).toBe('dr1');
  });
});

describe('a primary that runs on behind a partition', () => {
  it('is still lost to the hub: the failover goes on, whatever else changes, and its two writers are split-brain', () => {
    // Regression: a running primary counted as "back", so any later change of
    // the world abandoned the failovers waiting for detection; once a
    // workflow's end was answered, two applications abandoned and restarted
    // each other's failover at one instant without end.
    const run = simulateRun(
      scenario({
        applications: [
          { name: 'app', preferredCluster: 'dr1', volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] },
          { name: 'other', preferredCluster: 'dr1', volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] },
        ],
        disasters: [
          { kind: 'linkCut', target: 'east', at: '2h' },
          { kind: 's3Outage', target: 's3-west', at: '121m', repairAfter: '1m' },
        ],
      }),
      { runIndex: 0, maxEvents: 1_000_000 },
    );
    for (const entry of run.actions) {
      expect(entry.episodes.map((episode) => episode.outcome.action)).toEqual(['Failover']);
      expect(entry.outcome.splitBrainMs).toBeGreaterThan(0);
    }
    expect(checkInvariants(run)).toEqual([]);
  });
});

/**
 * Data lost at a failover: the bytes in which the promoted copy differs from
 * the lost primary, against the volume of writes lost.
 */
import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { summarizeRun } from '../../src/analysis/run-summary.js';
import { aggregateRuns } from '../../src/analysis/aggregate.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { scenario } from './scenario-builder.js';

const SECOND = 1000;
const MiB = 2 ** 20;
const GiB = 2 ** 30;

describe('data loss counts each block once, writes lost count every rewrite', () => {
  /*
   * One 1 GiB volume (working set = size = W) written at r = 1 MiB/s,
   * mirrored every minute. The data sites are cut apart at 2 h and the east
   * site is lost at 3 h: about an hour of writes never reach the peer,
   * w = r x (loss end - recovery point) ~ 3.5 GiB, far more than the disk.
   * Uniform writes leave a given byte untouched with probability
   * exp(-w / W), so the copies differ in W (1 - exp(-w / W)) ~ 0.97 GiB
   * (the coalescing formula of the sync deltas); the writes lost are w
   * itself, rewrites counted. Before, data loss was w: more than the disk.
   */
  const cutThenLost = scenario({
    runs: 4,
    applications: [{ name: 'app', volumes: [{ name: 'data', size: '1Gi', writeRate: '1MiB/s' }] }],
    disasters: [
      { kind: 'linkCut', target: 'east', from: ['west'], at: '2h' },
      { kind: 'siteLoss', target: 'east', at: '3h' },
    ],
  });

  it('is W (1 - exp(-w/W)) of the w bytes written after the recovery point, never more than the disk', () => {
    const summaries = [];
    for (let runIndex = 0; runIndex < 4; runIndex++) {
      const run = simulateRun(cutThenLost, { runIndex });
      expect(checkInvariants(run)).toEqual([]);
      const [episode] = run.actions[0].episodes;
      const [image] = episode.facts.images!;
      const written = (MiB * (image.lossEndMs - image.recoveryPointMs)) / SECOND;
      expect(written).toBeGreaterThan(3 * GiB);
      const differing = GiB * -Math.expm1(-written / GiB);
      expect(episode.outcome.dataLossBytes).toBeLessThan(GiB);
      expect(episode.outcome.dataLossBytes).toBeCloseTo(differing, 0);
      expect(episode.outcome.writesLostBytes).toBeCloseTo(written, 0);
      summaries.push(summarizeRun(run));
    }
    // Per run, per application and in the summary, the two figures side by side.
    const result = aggregateRuns(cutThenLost, summaries, 1);
    expect(result.summary.dataLossBytes.max).toBeLessThan(GiB);
    expect(result.summary.writesLostBytes!.p50).toBeGreaterThan(3 * GiB);
    expect(result.applications[0].writesLostBytes).toEqual(result.summary.writesLostBytes);
    expect(result.applications[0].dataLossBytes).toEqual(result.summary.dataLossBytes);
    for (const summary of summaries) expect(summary.writesLostBytes).toBe(summary.applications[0].writesLostBytes);
  });

  it('with a short outage the two nearly agree: w - w^2/2W + w^3/6W^2', () => {
    // 1 min interval at 64 KiB/s: w is a few MiB, so the series of W (1 - exp(-w/W)) converges fast.
    const run = simulateRun(scenario({ disasters: [{ kind: 'siteLoss', target: 'east', at: '3h' }] }), { runIndex: 0 });
    const [episode] = run.actions[0].episodes;
    const [image] = episode.facts.images!;
    const w = (64 * 1024 * (image.lossEndMs - image.recoveryPointMs)) / SECOND;
    expect(w).toBeGreaterThan(0);
    expect(episode.outcome.dataLossBytes).toBeLessThan(w);
    expect(episode.outcome.writesLostBytes).toBeCloseTo(w, 0);
    expect(episode.outcome.dataLossBytes).toBeCloseTo(w - (w * w) / (2 * GiB) + (w * w * w) / (6 * GiB * GiB), 0);
  });

  it('an image that never synced loses its allocated bytes once, not its writes on top of them', () => {
    // 100 GiB over 100 Mbps: the initial full copy needs about 2.4 h; the site is lost at 1 h.
    const run = simulateRun(
      scenario({
        links: [{ between: ['east', 'west'], bandwidth: '100Mbps', rtt: '5ms' }],
        applications: [{ name: 'app', volumes: [{ name: 'data', size: '100Gi', writeRate: '1MiB/s' }] }],
        disasters: [{ kind: 'siteLoss', target: 'east', at: '1h' }],
      }),
      { runIndex: 0 },
    );
    const [episode] = run.actions[0].episodes;
    const [image] = episode.facts.images!;
    expect(image.recoveryPointMs).toBe(-Infinity);
    expect(episode.outcome.dataLossBytes).toBe(100 * GiB);
    expect(episode.outcome.writesLostBytes).toBeCloseTo(100 * GiB + (MiB * image.lossEndMs) / SECOND, 0);
  });
});

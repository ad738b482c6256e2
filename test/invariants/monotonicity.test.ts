/**
 * INV-13 with common random numbers: two variants of one scenario, same
 * drsim seed and run index, differing only in the interval (longer) or the
 * bandwidth (more). The expected RPO compared is the time average of the
 * RPO over the common steady window (from the later of the two protections
 * to the horizon), computed exactly from each run's replication timeline:
 * the expected RPO of a failure at a uniform instant of that window.
 *
 * The claims hold run by run, by the design of the generated scenarios:
 * - Bandwidth: both variants take the same snapshots at the same instants
 *   (the scheduler lag draws from its own stream); with more bandwidth every
 *   sync ends no later, so the recovery point is never older at any instant.
 *   The failover RPO at the (shared) instant of a site loss is ordered too.
 * - Interval: the window mean is I/2 + D + (scheduler-lag jitter) within
 *   I^2 / window of it (docs/domain.md section 8; a cut tooth at each end of the
 *   window). With the interval longer by at least 1 min, I and I' at most 15
 *   and 30 min, a 2-day window, syncs well within the interval and a lag of
 *   at most 60 s (whose jitter term, about L^2 / 12I, shrinks by at most
 *   2.5 s), the gap I'/2 - I/2 >= 30 s exceeds the (I^2 + I'^2)/window <= 24 s
 *   the edges can take away.
 * A failure prints fast-check's seed and path; replay with FC_SEED and FC_PATH.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulateRun, type SimulatedRun } from '../../src/models/simulate-run.js';
import { groupRecoveryPoint, recoveryPointSteps, rpoDistribution, rpoMean } from '../../src/analysis/rpo-timeline.js';
import { scenario } from '../models/scenario-builder.js';
import { replayParameters } from './arbitraries.js';

const HORIZON_MS = 2 * 24 * 3600_000;

const volumes = fc.array(
  fc.record({ sizeGiB: fc.integer({ min: 1, max: 4 }), writeKiBps: fc.integer({ min: 16, max: 4096 }) }),
  { minLength: 1, maxLength: 3 },
);

interface Variant {
  seed: number;
  runIndex: number;
  intervalMinutes: number;
  bandwidthMbps: number;
  lagSeconds: number;
  volumes: { sizeGiB: number; writeKiBps: number }[];
  siteLossMinutes?: number;
}

function run(variant: Variant): SimulatedRun {
  return simulateRun(
    scenario({
      seed: variant.seed,
      horizon: '2d',
      links: [{ between: ['east', 'west'], bandwidth: `${variant.bandwidthMbps}Mbps`, rtt: '20ms' }],
      drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: `${variant.intervalMinutes}m` },
      applications: [
        { name: 'app', preferredCluster: 'dr1', volumes: variant.volumes.map((volume, index) => ({ name: `pvc${index}`, size: `${volume.sizeGiB}Gi`, writeRate: `${volume.writeKiBps}KiB/s` })) },
      ],
      disasters: variant.siteLossMinutes === undefined ? [] : [{ kind: 'siteLoss', target: 'east', at: `${variant.siteLossMinutes}m` }],
      timings: { schedulerLagMax: `${variant.lagSeconds}s` },
    }),
    { runIndex: variant.runIndex },
  );
}

/** The application's recovery point (oldest of its volumes) as a step function. */
function groupSteps(simulated: SimulatedRun) {
  return groupRecoveryPoint(simulated.record.images.map((image) => recoveryPointSteps(image.syncedCompletionMs, image.syncedCreationMs)));
}

/** Time-average RPO of each run over the window both runs have in steady state. */
function expectedRpos(a: SimulatedRun, b: SimulatedRun): [number, number] {
  const start = Math.max(a.record.protectionEstablishedMs!, b.record.protectionEstablishedMs!);
  const end = Math.min(a.record.steadyStateEndMs, b.record.steadyStateEndMs);
  expect(end - start).toBeGreaterThan(HORIZON_MS / 4);
  const mean = (simulated: SimulatedRun) => rpoMean(rpoDistribution(groupSteps(simulated), start, end, simulated.record.schedulingIntervalMs!));
  return [mean(a), mean(b)];
}

const common = {
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  runIndex: fc.integer({ min: 0, max: 999 }),
  lagSeconds: fc.integer({ min: 0, max: 60 }),
  volumes,
};

describe('INV-13: common random numbers, one change at a time', () => {
  it('a longer interval never gives a smaller expected RPO', () => {
    fc.assert(
      fc.property(
        fc.record({ ...common, intervalMinutes: fc.integer({ min: 1, max: 15 }), longerBy: fc.integer({ min: 1, max: 15 }), bandwidthMbps: fc.integer({ min: 1000, max: 10_000 }) }),
        ({ longerBy, ...variant }) => {
          const short = run(variant);
          const long = run({ ...variant, intervalMinutes: variant.intervalMinutes + longerBy });
          const [shortRpo, longRpo] = expectedRpos(short, long);
          expect(longRpo).toBeGreaterThan(shortRpo);
        },
      ),
      replayParameters(Number(process.env.FC_RUNS ?? 40)),
    );
  });

  it('more bandwidth never gives a larger RPO, at any instant nor on average', () => {
    fc.assert(
      fc.property(
        fc.record({
          ...common,
          intervalMinutes: fc.integer({ min: 1, max: 15 }),
          bandwidthMbps: fc.integer({ min: 200, max: 2000 }),
          factor: fc.double({ min: 1.25, max: 8, noNaN: true }),
          siteLossMinutes: fc.integer({ min: 24 * 60, max: 47 * 60 }),
        }),
        ({ factor, ...variant }) => {
          const slow = run(variant);
          const fast = run({ ...variant, bandwidthMbps: Math.round(variant.bandwidthMbps * factor) });
          const [slowRpo, fastRpo] = expectedRpos(slow, fast);
          expect(fastRpo).toBeLessThanOrEqual(slowRpo);
          // The same site loss at the same instant: the failover's RPO and loss are ordered too.
          const [slowOutcome, fastOutcome] = [slow, fast].map((simulated) => simulated.record.applications[0]);
          expect(fastOutcome.rpoMs).toBeLessThanOrEqual(slowOutcome.rpoMs);
          expect(fastOutcome.dataLossBytes).toBeLessThanOrEqual(slowOutcome.dataLossBytes + 1e-6);
        },
      ),
      replayParameters(Number(process.env.FC_RUNS ?? 40)),
    );
  });
});

/**
 * The steady state starts once the seeding is over (docs/domain.md section 8):
 * the initial full copy of an image and the catch-up of the deltas its
 * primary kept taking meanwhile are reported as the seeding time, not as
 * RPO over time.
 */
import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { summarizeRun } from '../../src/analysis/run-summary.js';
import { rpoStatistics } from '../../src/analysis/rpo-timeline.js';
import { aggregateRuns } from '../../src/analysis/aggregate.js';
import { imageSeededMs, seedingOf } from '../../src/analysis/seeding.js';
import { scenario } from './scenario-builder.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const MiB = 2 ** 20;
const GiB = 2 ** 30;

const timeline = (creations: number[], completions: number[]) => ({
  syncedCreationMs: Float64Array.from(creations),
  syncedCompletionMs: Float64Array.from(completions),
});

describe('when an image is seeded', () => {
  it('ends at the first sync after which no snapshot was pending', () => {
    // Initial copy 0 -> 100; the catch-up ships the snapshot of 90 by 130 and
    // the one of 120 by 150; the snapshot of 180 is taken after that: seeded at 150.
    const image = timeline([0, 90, 120, 180, 240], [100, 130, 150, 190, 250]);
    expect(imageSeededMs(image, 1000)).toBe(150);
  });

  it('is the initial copy alone when it ends before the next snapshot', () => {
    expect(imageSeededMs(timeline([0, 60, 120], [20, 70, 130]), 1000)).toBe(20);
  });

  it('on a link that never catches up, ends once the first snapshot taken after the initial copy has synced', () => {
    // Every sync ends behind a newer snapshot; the snapshot of 120 is the first after the copy (100).
    const image = timeline([0, 90, 120, 200, 290], [100, 180, 270, 360, 450]);
    expect(imageSeededMs(image, 1000)).toBe(270);
  });

  it('is not taken as caught up from a snapshot taken after the window (the disaster stopped the schedule)', () => {
    // Syncs always behind a newer snapshot until the disaster at 400; the next snapshot is the resync's at 900.
    const image = timeline([0, 90, 120, 200, 290, 900], [100, 180, 270, 360, 390, 950]);
    expect(imageSeededMs(image, 400)).toBe(270);
  });

  it('has not ended when the window ends first, or before the initial copy', () => {
    expect(imageSeededMs(timeline([0, 90, 120, 180], [100, 130, 150, 190]), 140)).toBeNull();
    expect(imageSeededMs(timeline([0], [100]), 50)).toBeNull();
    expect(imageSeededMs(timeline([], []), 50)).toBeNull();
  });

  it('an application is seeded when its last image is, from its first initial copy', () => {
    const fast = timeline([0, 60, 120], [20, 70, 130]);
    const slow = timeline([0, 90, 120, 180, 240], [100, 130, 150, 190, 250]);
    expect(seedingOf([fast, slow], 1000)).toEqual({ seededMs: 150, seedingMs: 150 });
    expect(seedingOf([fast, slow], 140)).toBeNull();
  });
});

describe('the steady state starts after the seeding', () => {
  /*
   * One 200 GiB image written at r = 2 MiB/s over its whole size, a 100 Mbps
   * link (B = 12.5 MB/s), snapshots every I = 5 min. The initial full copy
   * takes S / B = 200 GiB / 12.5 MB/s = 17,180 s (4 h 46 min); meanwhile the
   * primary writes 33.5 GiB, 30.9 GiB of it unique, which the first delta
   * ships in about 44 min, the next (44 min of writes, 5.2 GiB) in 7.5 min,
   * the next in 75 s: the catch-up is over within about an hour. From then on
   * each delta is W(1 - exp(-rI/W)) = 599 MiB, synced in D = 50 s, and the
   * RPO is the sawtooth between D and I + D (section 8), plus the creation
   * time of a snapshot. Measured from protection established the window
   * would start with the catch-up: an RPO of over 5 h.
   */
  const sizeBytes = 200 * GiB;
  const bandwidthBytesPerSecond = 100e6 / 8;
  const intervalMs = 5 * MINUTE;
  const writeBytesPerSecond = 2 * MiB;
  const initialCopyMs = (sizeBytes / bandwidthBytesPerSecond) * SECOND;
  const deltaBytes = sizeBytes * -Math.expm1(-(writeBytesPerSecond * intervalMs) / SECOND / sizeBytes);
  const syncMs = (deltaBytes / bandwidthBytesPerSecond) * SECOND;
  const CREATION_ALLOWANCE_MS = 2 * SECOND;

  const seeded = scenario({
    horizon: '2d',
    links: [{ between: ['east', 'west'], bandwidth: '100Mbps', rtt: '5ms' }],
    drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: '5m' },
    applications: [{ name: 'app', volumes: [{ name: 'data', size: '200Gi', writeRate: '2MiB/s' }] }],
  });
  const summary = summarizeRun(simulateRun(seeded, { runIndex: 0 }));

  it('reports the seeding: the initial copy and about an hour of catch-up', () => {
    expect(summary.seedingMs).not.toBeNull();
    expect(summary.seedingMs!).toBeGreaterThan(initialCopyMs + 44 * MINUTE);
    expect(summary.seedingMs!).toBeLessThan(initialCopyMs + 75 * MINUTE);
    expect(summary.applications[0].seedingMs).toBe(summary.seedingMs);
  });

  it('measures the RPO over time from there: the sawtooth between D and I + D', () => {
    const statistics = rpoStatistics(summary.rpoOverTime!);
    expect(statistics.unbounded).toBe(false);
    expect(statistics.maxMs).toBeGreaterThanOrEqual(intervalMs + syncMs - CREATION_ALLOWANCE_MS);
    expect(statistics.maxMs).toBeLessThanOrEqual(intervalMs + syncMs + CREATION_ALLOWANCE_MS);
    // The window is the horizon less the seeding; the mean is I/2 + D within the cut teeth at its ends.
    expect(summary.rpoOverTime!.totalMs).toBeCloseTo(2 * 24 * 60 * MINUTE - summary.seedingMs!, -3);
    expect(Math.abs(statistics.meanMs - (intervalMs / 2 + syncMs))).toBeLessThan(CREATION_ALLOWANCE_MS + (intervalMs * intervalMs) / summary.rpoOverTime!.totalMs);
  });

  it('gives the seeding per application and in the summary of a study', () => {
    const summaries = [summary, ...[1, 2].map((runIndex) => summarizeRun(simulateRun(seeded, { runIndex })))];
    const result = aggregateRuns(seeded, summaries, 1);
    const seeding = result.summary.seedingSeconds!;
    expect(seeding.p50).toBeGreaterThan((initialCopyMs + 44 * MINUTE) / SECOND);
    expect(result.applications[0].seedingSeconds).toEqual(seeding);
    expect(result.rpoOverTime.max!).toBeLessThan((intervalMs + syncMs + CREATION_ALLOWANCE_MS) / SECOND);
  });

  it('a study without snapshots (Metro-DR) reports no seeding', () => {
    const summaryOfMetro = summarizeRun(
      simulateRun(
        scenario({ drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: '' }, links: [{ between: ['east', 'west'], bandwidth: '10Gbps', rtt: '2ms' }] }),
        { runIndex: 0 },
      ),
    );
    expect(summaryOfMetro.seedingMs).toBeNull();
  });
});

/**
 * Ramen's VolumeSynchronizationDelay alert fractions come from the
 * lastSyncTime the VolumeReplications report, not from the true recovery
 * point.
 *
 * csi-addons refreshes a Primary VR's lastSyncTime only on its requeue, every
 * P = interval / 2, or P = interval under 2 minutes
 * (csi-addons/kubernetes-csi-addons
 * internal/controller/replication.storage/volumereplication_controller.go,
 * getInfoReconcileInterval), and Ramen alerts on (time() - lastGroupSyncTime)
 * / interval: warning in (2, 3), critical from 3 (ramen
 * config/prometheus/alerts.yaml).
 *
 * Closed form, one image, interval I, every sync taking D < I from its
 * snapshot's creation: right after each completion the true age is D and it
 * grows to I + D, so with I + D < 2I the true age never warns. The VR reads
 * the value at refresh instants phase + kP. Let x1 in [0, P) be the time from
 * a sync completion to the next refresh (x1 = ((phase - c - D) mod I) mod P,
 * c the creation offset after the slot; syncs complete at kI + c + D).
 * - P = I / 2: the refreshes fall x1 and x1 + P after each completion. The one
 *   at x1 + P reads age D + x1 + P and holds it for P: up to D + x1 + I. The
 *   one at x1 holds an age below D + x1 + P < 2I. Warning time per interval:
 *   max(0, x1 + D - I).
 * - P = I: one refresh per interval, at x1 in [0, I), holding ages from
 *   D + x1 to D + x1 + I: the same max(0, x1 + D - I), over a wider x1.
 * The fraction of time is that over I; the window's two cut intervals make
 * the error at most 2 I / window.
 */
import { describe, expect, it } from 'vitest';
import { simulateRun } from '../../src/models/simulate-run.js';
import { summarizeRun } from '../../src/analysis/run-summary.js';
import { lastSyncRefreshPeriodMs } from '../../src/models/last-sync-refresh.js';
import { scenario } from '../models/scenario-builder.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

interface Case {
  interval: string;
  intervalMs: number;
  bandwidth: string;
}

/*
 * 1 GiB written at 1 MiB/s: a 5-minute delta is 1024 (1 - exp(-300/1024)) =
 * 260 MiB, 4.7 min at 7.8 Mbps; a 1-minute delta 59.1 MiB, 48 s at 10.4 Mbps.
 * Both syncs end well inside the interval but late in it.
 */
const CASES: Case[] = [
  { interval: '5m', intervalMs: 5 * MINUTE, bandwidth: '7.8Mbps' },
  { interval: '1m', intervalMs: MINUTE, bandwidth: '10.4Mbps' },
];

describe('alerts as Prometheus sees them: from the reported lastSyncTime', () => {
  it.each(CASES)('interval $interval: the VR refreshes every interval/2, or every interval under 2 minutes', ({ intervalMs }) => {
    expect(lastSyncRefreshPeriodMs(intervalMs)).toBe(intervalMs < 2 * MINUTE ? intervalMs : intervalMs / 2);
  });

  it.each(CASES)('interval $interval: the warning fraction is max(0, x1 + D - I) / I while the true age never warns', (c) => {
    const horizonDays = c.intervalMs < 2 * MINUTE ? 7 : 14;
    const s = scenario({
      horizon: `${horizonDays}d`,
      links: [{ between: ['east', 'west'], bandwidth: c.bandwidth, rtt: '1ms' }],
      drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: c.interval },
      applications: [{ name: 'app', volumes: [{ name: 'data', size: '1Gi', writeRate: '1MiB/s' }] }],
    });
    let warned = 0;
    for (let runIndex = 0; runIndex < 6; runIndex++) {
      const run = simulateRun(s, { runIndex });
      const [image] = run.record.images;
      const period = run.record.lastSyncRefreshMs!;
      expect(period).toBe(lastSyncRefreshPeriodMs(c.intervalMs));
      // D and c from the last sync (all regular syncs are alike once caught up).
      const last = image.syncedCompletionMs.length - 1;
      const creation = image.syncedCreationMs[last];
      const syncMs = image.syncedCompletionMs[last] - creation;
      const creationOffset = mod(creation, c.intervalMs);
      expect(creationOffset + syncMs).toBeLessThan(c.intervalMs);
      expect(syncMs).toBeGreaterThan(0.7 * c.intervalMs);
      const x1 = mod(mod(image.lastSyncRefreshPhaseMs - creationOffset - syncMs, c.intervalMs), period);
      const expected = Math.max(0, x1 + syncMs - c.intervalMs) / c.intervalMs;

      const over = summarizeRun(run).rpoOverTime!;
      const windowMs = over.totalMs;
      // The two cut intervals, and the catch-up after the initial copy (half an hour of a week or two).
      const tolerance = (2 * c.intervalMs) / windowMs + 0.004;
      expect(Math.abs(over.warningMs / windowMs - expected)).toBeLessThanOrEqual(tolerance);
      // The true age stays under 2I after the catch-up: no alert from it.
      expect(over.maxMs).toBeGreaterThan(0);
      if (expected > 0.01) warned++;
    }
    // Most phases give a warning the true recovery point never would.
    expect(warned).toBeGreaterThan(0);
  });
});

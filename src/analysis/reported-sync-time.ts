/**
 * Ramen's VolumeSynchronizationDelay alert as Prometheus sees it: not from
 * the true recovery point but from the lastSyncTime each VolumeReplication
 * last read from the storage, refreshed on the VR's requeue
 * (models/last-sync-refresh.ts), the oldest of an application's values being
 * its lastGroupSyncTime. `ramen_rpo_difference = (time() - that) / interval`
 * warns when in (2, 3) and is critical from 3 (ramen
 * config/prometheus/alerts.yaml); a group without a reported time yet counts
 * as critical, as a nil lastGroupSyncTime exports 0 (ramen-facts 4.5).
 */
import type { RecoveryPointSteps } from './rpo-timeline.js';

/**
 * The recovery point as a VR reports it: at each refresh instant
 * phase + k x period it takes the true value, and holds it until the next.
 * Built up to `endMs`.
 */
export function reportedRecoveryPoint(
  steps: RecoveryPointSteps,
  phaseMs: number,
  periodMs: number,
  endMs: number,
): RecoveryPointSteps {
  if (!(periodMs > 0)) throw new RangeError(`refresh period must be > 0, got ${periodMs}`);
  const times: number[] = [];
  const points: number[] = [];
  let next = 0; // index into steps: the first step after the last refresh
  let current = -Infinity;
  for (let refresh = phaseMs; refresh <= endMs; refresh += periodMs) {
    while (next < steps.times.length && steps.times[next] <= refresh) {
      current = steps.points[next];
      next++;
    }
    if (current === -Infinity || (points.length > 0 && current <= points[points.length - 1])) continue;
    times.push(refresh);
    points.push(current);
  }
  return { times: Float64Array.from(times), points: Float64Array.from(points) };
}

/**
 * Time over [startMs, endMs] in the warning band (2 < age / interval < 3) and
 * in the critical one (>= 3, or no reported time), where age is t - RP(t). On
 * each stretch where RP is constant the age grows with slope 1, so each band's
 * time is the overlap of two intervals.
 */
export function alertBandTimes(
  steps: RecoveryPointSteps,
  startMs: number,
  endMs: number,
  intervalMs: number,
): { warningMs: number; criticalMs: number } {
  let warningMs = 0;
  let criticalMs = 0;
  const overlap = (low: number, high: number, from: number, to: number) => Math.max(0, Math.min(high, to) - Math.max(low, from));
  const firstReported = steps.times.length > 0 ? steps.times[0] : Infinity;
  criticalMs += overlap(startMs, endMs, -Infinity, firstReported);
  for (let j = 0; j < steps.times.length; j++) {
    const from = Math.max(steps.times[j], startMs);
    const to = Math.min(j + 1 < steps.times.length ? steps.times[j + 1] : Infinity, endMs);
    if (!(to > from)) continue;
    const point = steps.points[j];
    warningMs += overlap(from - point, to - point, 2 * intervalMs, 3 * intervalMs);
    criticalMs += overlap(from - point, to - point, 3 * intervalMs, Infinity);
  }
  return { warningMs, criticalMs };
}


/**
 * One run reduced to the figures the result needs: per-application outcomes,
 * per-VM RPO and disk skew, split-brain, the exact RPO-over-time distribution
 * of its steady state, and its invariant violations. Small and
 * structured-clone friendly, so worker threads send these back, never worlds.
 */
import type { Scenario } from '../scenarios/schema/scenario.js';
import { simulateRun, type SimulatedRun } from '../models/simulate-run.js';
import type { ImageTimeline, InvariantViolation, RtoBreakdown, RunWarning } from '../models/run-record.js';
import { checkInvariants } from './invariants.js';
import {
  groupRecoveryPoint,
  mergeRpoDistributions,
  recoveryPointSteps,
  rpoDistribution,
  type RecoveryPointSteps,
  type RpoDistribution,
} from './rpo-timeline.js';
import { alertBandTimes, reportedRecoveryPoint } from './reported-sync-time.js';

export interface ApplicationRunFigures {
  name: string;
  action: 'Failover' | 'Relocate' | 'None';
  refusedReason?: string;
  rpoMs: number;
  rtoMs: number;
  dataLossBytes: number;
  writesLostBytes: number;
  kubeObjectsLost: number;
  unprotectedMs: number;
  reprotected: boolean;
  breakdownMs: RtoBreakdown;
  splitBrainMs: number;
  splitBrainBytes: number;
}

export interface RunSummary {
  runIndex: number;
  traceDigest: string;
  eventsProcessed: number;
  /** Worst application RPO of the run (ms). */
  rpoMs: number;
  /** Time until every hit application was ready again (ms). */
  rtoMs: number;
  dataLossBytes: number;
  writesLostBytes: number;
  kubeObjectsLost: number;
  unprotectedMs: number;
  splitBrainMs: number;
  splitBrainBytes: number;
  applications: ApplicationRunFigures[];
  vms: { name: string; application: string; rpoMs: number; diskSkewMs: number }[];
  /** Steady-state RPO over time (snapshot mode). */
  rpoOverTime: RpoDistribution | null;
  /** Steady-state RPO for modes with a constant lag (Metro 0, journal replay lag), with its window. */
  constantLag: { lagMs: number; windowMs: number; unbounded: boolean } | null;
  violations: InvariantViolation[];
  warnings: RunWarning[];
}

export interface RunOptions {
  runIndex: number;
  log?: boolean;
  maxEvents?: number;
}

/** Simulates run `runIndex` of the scenario and reduces it. */
export function runOnce(scenario: Scenario, options: RunOptions): RunSummary {
  return summarizeRun(simulateRun(scenario, options));
}

export function summarizeRun(run: SimulatedRun): RunSummary {
  const { record } = run;
  const violations = [...record.violations, ...checkInvariants(run)];
  const applications = record.applications.map(
    (outcome): ApplicationRunFigures => ({
      name: outcome.name,
      action: outcome.action,
      refusedReason: outcome.refusedReason,
      rpoMs: outcome.rpoMs,
      rtoMs: outcome.rtoMs,
      dataLossBytes: outcome.dataLossBytes,
      writesLostBytes: outcome.writesLostBytes,
      kubeObjectsLost: outcome.kubeObjectsLost,
      unprotectedMs: outcome.unprotectedMs,
      reprotected: outcome.reprotected,
      breakdownMs: outcome.rtoBreakdownMs,
      splitBrainMs: outcome.splitBrainMs,
      splitBrainBytes: outcome.splitBrainBytes,
    }),
  );
  const windowMs =
    record.protectionEstablishedMs === null ? 0 : Math.max(0, record.steadyStateEndMs - record.protectionEstablishedMs);
  return {
    runIndex: record.runIndex,
    traceDigest: record.traceDigest,
    eventsProcessed: record.eventsProcessed,
    ...runFigures(applications),
    applications,
    vms: record.applications.flatMap((outcome) => outcome.vms),
    rpoOverTime: record.mode === 'snapshot' ? steadyStateDistribution(run) : null,
    constantLag:
      record.mode === 'snapshot' ? null : { lagMs: record.constantLagMs ?? 0, windowMs, unbounded: record.unboundedBacklog },
    violations,
    warnings: record.warnings,
  };
}

/** A run's figures from its applications': the worst RPO, RTO and time unprotected, the total losses. */
export function runFigures(applications: readonly ApplicationRunFigures[]) {
  const worst = (pick: (figures: ApplicationRunFigures) => number) => Math.max(0, ...applications.map(pick));
  const total = (pick: (figures: ApplicationRunFigures) => number) => applications.reduce((sum, figures) => sum + pick(figures), 0);
  return {
    rpoMs: worst((figures) => figures.rpoMs),
    rtoMs: worst((figures) => figures.rtoMs),
    dataLossBytes: total((figures) => figures.dataLossBytes),
    writesLostBytes: total((figures) => figures.writesLostBytes),
    kubeObjectsLost: total((figures) => figures.kubeObjectsLost),
    unprotectedMs: worst((figures) => figures.unprotectedMs),
    splitBrainMs: total((figures) => figures.splitBrainMs),
    splitBrainBytes: total((figures) => figures.splitBrainBytes),
  };
}

/**
 * The RPO an application would see at each instant of the steady state: its
 * group recovery point is the oldest of its images' (lastGroupSyncTime).
 */
function steadyStateDistribution(run: SimulatedRun): RpoDistribution | null {
  const { record } = run;
  const start = record.protectionEstablishedMs;
  if (start === null || record.schedulingIntervalMs === null) return null;
  const end = Math.max(start, record.steadyStateEndMs);
  const parts: RpoDistribution[] = [];
  for (const application of run.world.applications) {
    const images = record.images.filter((image) => image.application === application.name);
    if (images.length === 0) continue;
    const members = images.map((image) => recoveryPointSteps(image.syncedCompletionMs, image.syncedCreationMs));
    const distribution = rpoDistribution(groupRecoveryPoint(members), start, end, record.schedulingIntervalMs);
    parts.push({ ...distribution, ...reportedAlertBands(images, members, record, start, end) });
  }
  const merged = mergeRpoDistributions(parts);
  if (merged.unbounded || !record.images.some((image) => neverCatchesUp(image, start, end))) return merged;
  return { ...merged, unbounded: true };
}

/**
 * The alert bands from the lastGroupSyncTime Ramen reports (each image's VR
 * refreshed on its requeue, the oldest taken), not from the true recovery
 * point: what Prometheus would alert on.
 */
function reportedAlertBands(
  images: readonly ImageTimeline[],
  members: readonly RecoveryPointSteps[],
  record: SimulatedRun['record'],
  startMs: number,
  endMs: number,
): { warningMs: number; criticalMs: number } {
  const reported = members.map((steps, k) => reportedRecoveryPoint(steps, images[k].lastSyncRefreshPhaseMs, record.lastSyncRefreshMs!, endMs));
  return alertBandTimes(groupRecoveryPoint(reported), startMs, endMs, record.schedulingIntervalMs!);
}

/** Fewest syncs in the second half of the window for a verdict of never catching up. */
const MIN_SYNCS_FOR_VERDICT = 3;

/**
 * True when, through the second half of the steady window, every sync of
 * the image completes after its next snapshot was taken: the image always
 * has a delta pending and its mean sync time exceeds the interval. In the
 * closed form (docs/domain.md section 8) that backlog grows without bound; the
 * simulated lag only levels off because merged deltas approach a full copy
 * of the working set, a figure that says nothing about the interval. Such a
 * replication is reported as unbounded, not as a finite RPO.
 */
function neverCatchesUp(image: ImageTimeline, startMs: number, endMs: number): boolean {
  const middle = (startMs + endMs) / 2;
  const completions = image.syncedCompletionMs;
  let syncs = 0;
  for (let i = 0; i + 1 < completions.length && completions[i] <= endMs; i++) {
    if (completions[i] < middle) continue;
    // The next snapshot to sync was taken after this sync ended: it caught up.
    if (image.syncedCreationMs[i + 1] > completions[i]) return false;
    syncs++;
  }
  return syncs >= MIN_SYNCS_FOR_VERDICT;
}

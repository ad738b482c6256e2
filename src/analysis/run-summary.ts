/**
 * One run reduced to the figures the result needs: per-application outcomes,
 * per-VM RPO and disk skew, split-brain, the exact RPO-over-time distribution
 * of its steady state, and its invariant violations. Small and
 * structured-clone friendly, so worker threads send these back, never worlds.
 */
import type { Scenario } from '../scenarios/schema/scenario.js';
import { simulateRun, type SimulatedRun } from '../models/simulate-run.js';
import type { ImageTimeline, InvariantViolation, RtoBreakdown, RunRecord, RunWarning } from '../models/run-record.js';
import { checkInvariants } from './invariants.js';
import {
  groupRecoveryPoint,
  mergeRpoDistributions,
  recoveryPointSteps,
  rpoDistribution,
  type RecoveryPointSteps,
  type RpoDistribution,
} from './rpo-timeline.js';
import { linkSaturatedWarning, neverCatchesUp } from './link-saturation.js';
import { alertBandTimes, reportedRecoveryPoint } from './reported-sync-time.js';
import { seedingOf } from './seeding.js';

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
  /** Metro-DR: how long its writes on the surviving site blocked after a data-site loss. */
  writeStallMs: number;
  /**
   * Initial full copy plus the catch-up after it, until the application's
   * steady state starts (snapshot mode); null when it had not ended by the
   * first disaster, or without snapshots.
   */
  seedingMs: number | null;
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
  /** Seeding of every image of the run (snapshot mode): until the last application's steady state starts; null if one had not by the first disaster. */
  seedingMs: number | null;
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
  const byApplication = imagesByApplication(record);
  const seeding = applicationSeeding(record, byApplication);
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
      writeStallMs: outcome.writeStallMs,
      seedingMs: seeding.get(outcome.name)?.seedingMs ?? null,
    }),
  );
  const rpoOverTime = record.mode === 'snapshot' ? steadyStateDistribution(run, byApplication, seeding) : null;
  const windowMs =
    record.protectionEstablishedMs === null ? 0 : Math.max(0, record.steadyStateEndMs - record.protectionEstablishedMs);
  return {
    runIndex: record.runIndex,
    traceDigest: record.traceDigest,
    eventsProcessed: record.eventsProcessed,
    ...runFigures(applications),
    applications,
    vms: record.applications.flatMap((outcome) => outcome.vms),
    seedingMs: runSeedingMs(record, byApplication, seeding),
    rpoOverTime,
    constantLag:
      record.mode === 'snapshot' ? null : { lagMs: record.constantLagMs ?? 0, windowMs, unbounded: record.unboundedBacklog },
    violations,
    warnings: rpoOverTime?.saturated ? [...record.warnings, linkSaturatedWarning(run)] : record.warnings,
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

/** Each snapshot-mode application's seeding, by name, where it ended within the steady-state window. */
function applicationSeeding(record: RunRecord, byApplication: ReadonlyMap<string, ImageTimeline[]>): Map<string, { seededMs: number; seedingMs: number }> {
  const seeding = new Map<string, { seededMs: number; seedingMs: number }>();
  if (record.mode !== 'snapshot' || record.protectionEstablishedMs === null) return seeding;
  for (const [application, images] of byApplication) {
    const ended = seedingOf(images, record.steadyStateEndMs);
    if (ended !== null) seeding.set(application, ended);
  }
  return seeding;
}

/**
 * The seeding of the whole run, from its applications' (seedingOf over every
 * image, without scanning the syncs again): from the first initial copy to
 * the last application's end of seeding; null unless every application ended.
 */
function runSeedingMs(
  record: RunRecord,
  byApplication: ReadonlyMap<string, ImageTimeline[]>,
  seeding: ReadonlyMap<string, { seededMs: number }>,
): number | null {
  if (seeding.size === 0 || seeding.size < byApplication.size) return null;
  let startMs = Infinity;
  for (const image of record.images) startMs = Math.min(startMs, image.syncedCreationMs[0]);
  let seededMs = -Infinity;
  for (const application of seeding.values()) seededMs = Math.max(seededMs, application.seededMs);
  return seededMs - startMs;
}

function imagesByApplication(record: RunRecord): Map<string, ImageTimeline[]> {
  const byApplication = new Map<string, ImageTimeline[]>();
  for (const image of record.images) {
    const images = byApplication.get(image.application);
    if (images) images.push(image);
    else byApplication.set(image.application, [image]);
  }
  return byApplication;
}

/**
 * The RPO an application would see at each instant of its steady state, from
 * the end of its seeding to the first disaster: its group recovery point is
 * the oldest of its images' (lastGroupSyncTime). An application still seeding
 * at the first disaster has no steady state in the run. An application with
 * an image whose syncs never catch up is saturated, not unbounded: its lag
 * rises only until merged deltas reach its working sets
 * (`link-saturation.ts`), so a rising trend over the window is the approach
 * to that level and its RPO is reported. Unbounded stays for a lag that
 * keeps growing with nothing syncing (a link or peer that never comes back).
 */
function steadyStateDistribution(
  run: SimulatedRun,
  byApplication: ReadonlyMap<string, ImageTimeline[]>,
  seeding: ReadonlyMap<string, { seededMs: number }>,
): RpoDistribution | null {
  const { record } = run;
  if (record.protectionEstablishedMs === null || record.schedulingIntervalMs === null) return null;
  const parts: RpoDistribution[] = [];
  for (const [application, images] of byApplication) {
    const seeded = seeding.get(application);
    if (seeded === undefined) continue;
    const start = seeded.seededMs;
    const end = Math.max(start, record.steadyStateEndMs);
    const members = images.map((image) => recoveryPointSteps(image.syncedCompletionMs, image.syncedCreationMs));
    const distribution = rpoDistribution(groupRecoveryPoint(members), start, end, record.schedulingIntervalMs);
    const saturated = images.some((image) => neverCatchesUp(image, start, end));
    parts.push({
      ...distribution,
      ...reportedAlertBands(images, members, record, start, end),
      unbounded: distribution.unbounded && !saturated,
      saturated,
    });
  }
  return mergeRpoDistributions(parts);
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

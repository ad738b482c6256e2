/**
 * One application's timeline in one run, for a report: the RPO sawtooth and
 * the sync backlog over the steady state, and the failover (or relocate)
 * steps laid out at their absolute times.
 */
import { RTO_STEPS, type ApplicationOutcome, type RtoStep } from '../models/run-record.js';
import type { ActionEpisode } from '../models/episodes.js';
import type { ActionFacts } from '../models/facts.js';
import type { ApplicationActions, SimulatedRun } from '../models/simulate-run.js';
import type { ApplicationTimeline, StepSpan } from './report-data.js';
import { groupRecoveryPoint, recoveryPointAt, recoveryPointSteps, type RecoveryPointSteps } from './rpo-timeline.js';
import { seedingOf } from './seeding.js';

/** Most vertices an overview line keeps; a week of 1-minute teeth has 20,000. */
export const MAX_LINE_VERTICES = 3_000;
/** Scheduling intervals shown exactly at the end of the steady state. */
export const DETAIL_INTERVALS = 12;
/** Most control-plane changes listed per application. */
const MAX_DRPC_EVENTS = 40;

type Vertex = [number, number];

export function applicationTimeline(run: SimulatedRun, actions: ApplicationActions): ApplicationTimeline {
  const { outcome } = actions;
  // The run's figures combine its episodes; the steps are drawn for one of them, from its own facts and figures.
  const episode = drawnEpisode(actions.episodes);
  const steps = episode ? workflowSteps(episode.outcome, episode.facts) : [];
  const startMs = episode ? clockStartMs(episode.outcome, episode.facts) : null;
  const readyMs = episode?.outcome.readyMs;
  const window = steadyWindow(run, actions.application);
  const rpo = steadyStateRpo(run, actions.application, window);
  return {
    name: actions.application,
    action: episode?.facts.action ?? 'None',
    cause: episode?.facts.cause ?? null,
    refusedReason: outcome.refusedReason ?? null,
    startSeconds: startMs === null ? null : startMs / 1000,
    readySeconds: readyMs === undefined ? null : readyMs / 1000,
    rpoSeconds: outcome.rpoMs / 1000,
    rtoSeconds: outcome.rtoMs / 1000,
    dataLossBytes: outcome.dataLossBytes,
    steadyStateStartSeconds: window === null ? null : window.startMs / 1000,
    steps,
    drpcEvents: startMs === null ? [] : drpcEvents(run, actions.application, startMs),
    rpo: toSeconds(downsample(rpo.overview, MAX_LINE_VERTICES), 1000),
    rpoDetail: toSeconds(rpo.detail, 1000),
    backlog: toSeconds(downsample(backlogIntervals(run, actions.application, window), MAX_LINE_VERTICES), 1),
  };
}

/**
 * The episode whose steps a report draws: the one with the worst RTO (the
 * figure the run reports), the latest of those that share it.
 */
export function drawnEpisode(episodes: readonly ActionEpisode[]): ActionEpisode | undefined {
  let drawn = episodes.at(-1);
  for (let index = episodes.length - 2; index >= 0; index--) {
    if (episodes[index].outcome.rtoMs > drawn!.outcome.rtoMs) drawn = episodes[index];
  }
  return drawn;
}

/** Where the workflow's step clock started: the trigger, or the outage for a recovery in place. */
function clockStartMs(outcome: ApplicationOutcome, facts: ActionFacts): number {
  if (facts.action === 'RecoverInPlace') return outcome.outageStartMs ?? facts.triggerMs;
  return facts.downtimeStartMs ?? facts.triggerMs;
}

/**
 * The steps of the workflow as spans that tile [start, ready]. The outcome
 * gives each step's total duration and the facts give the instants some steps
 * started or ended (the hub action, the promote, the restore, ready); a step
 * with such an anchor is placed on it, and the time between steps (waiting
 * for the hub to see the target, ManifestWork and placement propagation) is
 * shown as `other`, as the RTO breakdown counts it.
 */
export function workflowSteps(outcome: ApplicationOutcome, facts: ActionFacts): StepSpan[] {
  if (outcome.readyMs === undefined) return [];
  const breakdown = outcome.rtoBreakdownMs;
  const readyMs = outcome.readyMs;
  const endAnchors: Partial<Record<RtoStep, number>> = {
    promote: facts.promoteMs,
    restore: facts.restoreMs,
    crashRecovery: readyMs,
    boot: readyMs - breakdown.crashRecovery,
  };
  const startAnchors: Partial<Record<RtoStep, number>> = { fencing: facts.hubActionMs, appStop: facts.hubActionMs };
  const spans: StepSpan[] = [];
  const push = (step: RtoStep, fromMs: number, toMs: number) =>
    spans.push({ step, startSeconds: fromMs / 1000, endSeconds: toMs / 1000 });
  let cursor = clockStartMs(outcome, facts);
  for (const step of RTO_STEPS) {
    const duration = breakdown[step];
    if (step === 'other' || !(duration > 0)) continue;
    const end = endAnchors[step];
    const start = startAnchors[step];
    const placed = end !== undefined ? end - duration : start !== undefined ? start : cursor;
    if (placed > cursor) push('other', cursor, placed);
    const from = Math.max(placed, cursor);
    push(step, from, from + duration);
    cursor = from + duration;
  }
  if (readyMs > cursor) push('other', cursor, readyMs);
  return spans;
}

/** Control-plane changes for the application (and cluster fencing) from the trigger on. */
function drpcEvents(run: SimulatedRun, application: string, fromMs: number): ApplicationTimeline['drpcEvents'] {
  const prefix = `${application}: `;
  return run.world.control.history
    .filter((version) => version.timeMs >= fromMs && (version.reason.startsWith(prefix) || version.reason.startsWith('DRCluster ')))
    .slice(0, MAX_DRPC_EVENTS)
    .map((version) => ({
      atSeconds: version.timeMs / 1000,
      description: version.reason.startsWith(prefix) ? version.reason.slice(prefix.length) : version.reason,
    }));
}

/** The application's group recovery point (the oldest of its images'), or null without snapshots. */
function groupSteps(run: SimulatedRun, application: string): RecoveryPointSteps | null {
  const members = run.record.images
    .filter((image) => image.application === application)
    .map((image) => recoveryPointSteps(image.syncedCompletionMs, image.syncedCreationMs));
  return members.length === 0 ? null : groupRecoveryPoint(members);
}

/**
 * The application's steady-state window, from the end of its seeding (the
 * initial copy and the catch-up after it) to the first disaster, or null
 * when it has none.
 */
type SteadyWindow = { startMs: number; endMs: number } | null;

function steadyWindow(run: SimulatedRun, application: string): SteadyWindow {
  const { record } = run;
  if (record.mode !== 'snapshot' || record.protectionEstablishedMs === null) return null;
  const seeding = seedingOf(
    record.images.filter((image) => image.application === application),
    record.steadyStateEndMs,
  );
  if (seeding === null || !(record.steadyStateEndMs > seeding.seededMs)) return null;
  return { startMs: seeding.seededMs, endMs: record.steadyStateEndMs };
}

function steadyStateRpo(run: SimulatedRun, application: string, window: SteadyWindow): { overview: Vertex[]; detail: Vertex[] } {
  const steps = groupSteps(run, application);
  const interval = run.record.schedulingIntervalMs;
  if (!window || !steps || interval === null) return { overview: [], detail: [] };
  const detailStart = Math.max(window.startMs, window.endMs - DETAIL_INTERVALS * interval);
  return {
    overview: rpoVertices(steps, window.startMs, window.endMs),
    detail: rpoVertices(steps, detailStart, window.endMs),
  };
}

/**
 * The sawtooth RPO(t) = t - RP(t) over [startMs, endMs] as polyline vertices:
 * it rises with slope 1 and drops where a sync completes (two vertices at
 * that instant). Starts where the recovery point is first defined.
 */
export function rpoVertices(steps: RecoveryPointSteps, startMs: number, endMs: number): Vertex[] {
  const vertices: Vertex[] = [];
  let point = recoveryPointAt(steps, startMs);
  if (point > -Infinity) vertices.push([startMs, startMs - point]);
  for (let index = 0; index < steps.times.length; index++) {
    const time = steps.times[index];
    if (time <= startMs) continue;
    if (time > endMs) break;
    if (point > -Infinity) vertices.push([time, time - point]);
    point = steps.points[index];
    vertices.push([time, time - point]);
  }
  if (point > -Infinity) vertices.push([endMs, endMs - point]);
  return vertices;
}

/** The worst backlog of the application's images at each snapshot, in scheduling intervals. */
function backlogIntervals(run: SimulatedRun, application: string, window: SteadyWindow): Vertex[] {
  const interval = run.record.schedulingIntervalMs;
  if (!window || interval === null) return [];
  const worst = new Map<number, number>();
  for (const image of run.record.images) {
    if (image.application !== application) continue;
    for (let index = 0; index < image.lagSampleTimeMs.length; index++) {
      const time = image.lagSampleTimeMs[index];
      const lag = image.lagSampleMs[index];
      if (time < window.startMs || time > window.endMs || !Number.isFinite(lag)) continue;
      worst.set(time, Math.max(worst.get(time) ?? -Infinity, lag / interval));
    }
  }
  return [...worst.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * Keeps at most about `budget` vertices of a time-ordered polyline: per time
 * bucket its first, lowest, highest and last vertex, in order, so the drawn
 * envelope (every peak and trough) is the same as the full line's.
 */
export function downsample(vertices: readonly Vertex[], budget: number): Vertex[] {
  if (vertices.length <= budget) return [...vertices];
  const buckets = Math.max(1, Math.floor(budget / 4));
  const first = vertices[0][0];
  const span = vertices[vertices.length - 1][0] - first || 1;
  const kept: Vertex[] = [];
  let bucketStart = 0;
  while (bucketStart < vertices.length) {
    const bucket = Math.min(buckets - 1, Math.floor(((vertices[bucketStart][0] - first) / span) * buckets));
    let bucketEnd = bucketStart;
    let low = bucketStart;
    let high = bucketStart;
    while (
      bucketEnd + 1 < vertices.length &&
      Math.min(buckets - 1, Math.floor(((vertices[bucketEnd + 1][0] - first) / span) * buckets)) === bucket
    ) {
      bucketEnd++;
      if (vertices[bucketEnd][1] < vertices[low][1]) low = bucketEnd;
      if (vertices[bucketEnd][1] > vertices[high][1]) high = bucketEnd;
    }
    for (const index of [...new Set([bucketStart, low, high, bucketEnd])].sort((a, b) => a - b)) kept.push(vertices[index]);
    bucketStart = bucketEnd + 1;
  }
  return kept;
}

/** Milliseconds to seconds on the time axis (values divided by `valueScale`), rounded to the millisecond. */
function toSeconds(vertices: readonly Vertex[], valueScale: number): Vertex[] {
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return vertices.map(([time, value]) => [round(time / 1000), round(value / valueScale)]);
}

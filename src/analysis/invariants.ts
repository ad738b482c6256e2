/**
 * The invariants of docs/domain.md section 7 that one run can violate (INV-01 to
 * INV-10), checked after every simulation, not only in tests. Each check reads
 * the facts the workflows recorded and recomputes what it needs from the raw
 * ledgers, so a bug in the figures a workflow reports shows up here.
 */
import { minimum, type Distribution } from '../sim/index.js';
import type { SimulatedRun } from '../models/simulate-run.js';
import type { ImageTimeline, InvariantId, InvariantViolation } from '../models/run-record.js';
import type { ActionFacts } from '../models/facts.js';
import type { ActionEpisode } from '../models/episodes.js';
import type { Interval } from '../models/world.js';
import { firstViewReadMs } from '../models/fencing.js';
import { CaptureOutcome } from '../models/kube-capture.js';
import { RTO_STEPS } from '../models/run-record.js';

/** Relative tolerance of byte ledgers (floating sums of closed-form integrals). */
const BYTE_TOLERANCE = 1e-6;

export function checkInvariants(run: SimulatedRun): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  const report = (invariant: InvariantId, timeMs: number, message: string) =>
    violations.push({ invariant, run: run.record.runIndex, timeMs, message });
  checkSteadyStateRpo(run, report);
  checkHubOutages(run, report);
  for (const entry of run.actions) {
    const application = run.world.applications.find((candidate) => candidate.name === entry.application)!;
    for (const episode of entry.episodes) {
      const { facts, outcome } = episode;
      checkLedgers(run, facts, entry.application, report);
      checkRecoveryPoints(run, facts, entry.application, report);
      checkMetro(run, facts, entry.application, report);
      checkKubeObjects(run, facts, entry.application, report);
      checkHub(run, facts, entry.application, report);
      if (facts.action === 'Relocate' && facts.refusedReason === undefined && outcome.action === 'Relocate' && outcome.dataLossBytes > 0) {
        report('INV-04', facts.triggerMs, `${entry.application}: relocate lost ${outcome.dataLossBytes} bytes`);
      }
      checkRtoFloor(run, entry.application, episode, report);
    }
    checkWriters(run, entry.application, application.writerIntervals, entry.outcome.splitBrainMs, report);
  }
  return violations;
}

type Reporter = (invariant: InvariantId, timeMs: number, message: string) => void;

/** INV-02: RPO never negative; bounded by interval + longest sync + creation lag in a steady state. */
function checkSteadyStateRpo(run: SimulatedRun, report: Reporter): void {
  const { record, world } = run;
  const interval = record.schedulingIntervalMs;
  if (record.mode !== 'snapshot' || interval === null || record.protectionEstablishedMs === null) return;
  const start = record.protectionEstablishedMs;
  const end = record.steadyStateEndMs;
  const batches = Math.ceil(world.images.length / Math.max(1, world.timings.schedulerBatch));
  const creationLag = world.timings.schedulerLagMaxMs + batches * world.timings.snapshotCreateMs;
  for (const image of record.images) {
    let previousPoint = -Infinity;
    let worstRpo = 0;
    let longestSync = 0;
    let steady = true;
    for (let i = 0; i < image.syncedCompletionMs.length; i++) {
      const completion = image.syncedCompletionMs[i];
      const creation = image.syncedCreationMs[i];
      if (creation > completion) report('INV-02', completion, `${image.name}: snapshot created at ${creation} synced at ${completion}`);
      if (completion > end) break;
      if (completion >= start && previousPoint > -Infinity) {
        worstRpo = Math.max(worstRpo, completion - previousPoint);
        longestSync = Math.max(longestSync, completion - creation);
        if (completion - creation > interval) steady = false;
      }
      previousPoint = creation;
    }
    if (previousPoint > -Infinity && end > start) worstRpo = Math.max(worstRpo, end - previousPoint);
    // A sync still running at the end of the window counts with the time it has taken so far.
    const pendingSince = oldestPendingCreation(image, previousPoint, end);
    if (pendingSince !== undefined) {
      longestSync = Math.max(longestSync, end - pendingSince);
      if (end - pendingSince > interval) steady = false;
    }
    if (image.mergedSnapshots > 0) steady = false;
    const bound = interval + longestSync + creationLag + 1;
    if (steady && worstRpo > bound) {
      report('INV-02', end, `${image.name}: RPO reached ${worstRpo} ms in a steady state, above ${bound} ms`);
    }
  }
}

/** Creation time of the oldest snapshot taken after `recoveryPointMs` and by `atMs` (not synced by then), if any. */
function oldestPendingCreation(image: ImageTimeline, recoveryPointMs: number, atMs: number): number | undefined {
  for (let i = 0; i < image.lagSampleTimeMs.length && image.lagSampleTimeMs[i] <= atMs; i++) {
    if (image.lagSampleTimeMs[i] > recoveryPointMs) return image.lagSampleTimeMs[i];
  }
  return undefined;
}

/**
 * INV-08: written = replicated + in flight or pending + not yet snapshotted +
 * thrown away by earlier failovers, and the loss is exactly what was not replicated.
 */
function checkLedgers(run: SimulatedRun, facts: ActionFacts, application: string, report: Reporter): void {
  if (!facts.images || run.record.mode !== 'snapshot') return;
  for (const image of facts.images) {
    const accounted = image.replicatedBytes + image.pendingBytes + image.unsnapshottedBytes + image.discardedBytes;
    if (!closeEnough(image.writtenBytes, accounted)) {
      report(
        'INV-08',
        image.lossEndMs,
        `${application} image ${image.image}: written ${image.writtenBytes} != replicated + pending + unsnapshotted + discarded ${accounted}`,
      );
    }
    if (image.recoveryPointMs > -Infinity && !closeEnough(image.lostBytes, image.pendingBytes + image.unsnapshottedBytes)) {
      report('INV-08', image.lossEndMs, `${application} image ${image.image}: lost ${image.lostBytes} != pending + unsnapshotted ${image.pendingBytes + image.unsnapshottedBytes}`);
    }
  }
}

/** INV-03: the recovery point is the newest snapshot fully synced before the promote. */
function checkRecoveryPoints(run: SimulatedRun, facts: ActionFacts, application: string, report: Reporter): void {
  if (!facts.images || run.record.mode !== 'snapshot' || facts.promoteMs === undefined || facts.action !== 'Failover') return;
  for (const image of facts.images) {
    const timeline = run.record.images[image.image];
    let expected = -Infinity;
    for (let i = 0; i < timeline.syncedCompletionMs.length; i++) {
      if (timeline.syncedCompletionMs[i] <= facts.promoteMs) expected = Math.max(expected, timeline.syncedCreationMs[i]);
    }
    if (image.recoveryPointMs !== expected) {
      report('INV-03', facts.promoteMs, `${application} image ${image.image}: recovery point ${image.recoveryPointMs} is not the newest fully synced snapshot ${expected}`);
    }
  }
}

/** INV-01 and INV-06: Metro fences before promoting, and then loses nothing while the link was up. */
function checkMetro(run: SimulatedRun, facts: ActionFacts, application: string, report: Reporter): void {
  if (run.record.mode !== 'metro' || facts.action !== 'Failover' || facts.promoteMs === undefined) return;
  const fencing = run.world.scenario.spec.response.fencing;
  if (fencing === 'None') return;
  if (facts.fencedMs === undefined || facts.fencedMs > facts.promoteMs) {
    report('INV-06', facts.promoteMs, `${application}: promoted at ${facts.promoteMs} before the failed cluster was fenced (${facts.fencedMs ?? 'never'})`);
  }
  // The link was up until the failure and stayed up while the old side could
  // still write: a site loss takes the link down at the very instant its
  // writes stop, so it counts as "link up at the failure"; a cut that the old
  // side outlives does not.
  const lossEndMs = facts.images?.[0]?.lossEndMs ?? facts.triggerMs;
  const down = run.world.dataLinkDownIntervals;
  const linkUp = !within(down, facts.triggerMs - 1) && !down.some((interval) => interval.fromMs < lossEndMs && interval.toMs > facts.triggerMs);
  const lost = (facts.images ?? []).reduce((sum, image) => sum + image.lostBytes, 0);
  if (linkUp && lost > 0) report('INV-01', facts.promoteMs, `${application}: Metro failover with the link up lost ${lost} bytes`);
}

/** INV-07: the target restores exactly the last complete capture before the loss. */
function checkKubeObjects(run: SimulatedRun, facts: ActionFacts, application: string, report: Reporter): void {
  if (facts.restoredCaptureStartMs === undefined || facts.kubeLossEndMs === undefined) return;
  const capture = run.world.applications.find((candidate) => candidate.name === application)!.capture;
  if (!capture) return;
  const records = capture.captures;
  let expected: number | null = null;
  for (let i = 0; i < records.startMs.length; i++) {
    if (records.outcome[i] === CaptureOutcome.Complete && records.endMs[i] <= facts.kubeLossEndMs) {
      expected = expected === null ? records.startMs[i] : Math.max(expected, records.startMs[i]);
    }
  }
  if (expected !== facts.restoredCaptureStartMs) {
    report('INV-07', facts.kubeLossEndMs, `${application}: restored capture ${facts.restoredCaptureStartMs} is not the last complete one ${expected}`);
  }
}

/**
 * INV-10: a hub's restore starts only once its loss is detected and DR is
 * declared, and it is back no earlier than the least restore plus re-import
 * after that (unless it came back by other means, its site returning).
 */
function checkHubOutages(run: SimulatedRun, report: Reporter): void {
  const { world } = run;
  const least = Math.max(0, minimum(world.scenario.spec.hub.restoreTime)) + Math.max(0, minimum(world.timings.hubReimport));
  for (const outage of world.hubOutages) {
    if (!(outage.lostMs <= outage.detectedMs && outage.detectedMs <= outage.declaredMs && outage.declaredMs <= outage.restoreStartMs)) {
      report('INV-10', outage.restoreStartMs, `hub restore started at ${outage.restoreStartMs}, before the loss at ${outage.lostMs} was detected and DR declared`);
    }
    if (outage.rebuilt && outage.upMs - outage.restoreStartMs < least) {
      report('INV-10', outage.upMs, `hub back at ${outage.upMs}, less than the least restore and re-import (${least} ms) after its restore started`);
    }
  }
}

/** INV-10: no DRPC action while the hub is down. */
function checkHub(run: SimulatedRun, facts: ActionFacts, application: string, report: Reporter): void {
  if (facts.hubActionMs === undefined) return;
  if (within(run.world.hubDownIntervals, facts.hubActionMs)) {
    report('INV-10', facts.hubActionMs, `${application}: ${facts.action} started at ${facts.hubActionMs} while the hub was down`);
  }
}

/**
 * INV-05: in Metro-DR two clusters never write one image unless fencing is
 * None; in any mode every two-writer period is reported as split-brain.
 */
function checkWriters(
  run: SimulatedRun,
  application: string,
  closed: readonly { cluster: string; fromMs: number; toMs: number }[],
  reportedMs: number,
  report: Reporter,
): void {
  const runtime = run.world.applications.find((candidate) => candidate.name === application)!;
  const intervals = [...closed];
  for (const [cluster, since] of runtime.writerSinceMs) intervals.push({ cluster, fromMs: since, toMs: run.record.endMs });
  let overlapMs = 0;
  let firstOverlap = Infinity;
  for (const a of intervals) {
    for (const b of intervals) {
      if (a.cluster >= b.cluster) continue;
      const from = Math.max(a.fromMs, b.fromMs);
      const to = Math.min(a.toMs, b.toMs);
      if (to > from) {
        overlapMs += to - from;
        firstOverlap = Math.min(firstOverlap, from);
      }
    }
  }
  if (overlapMs > 0 && run.record.mode === 'metro' && run.world.scenario.spec.response.fencing !== 'None') {
    report('INV-05', firstOverlap, `${application}: two clusters wrote the same Metro image for ${overlapMs} ms with fencing ${run.world.scenario.spec.response.fencing}`);
  }
  if (overlapMs !== reportedMs) {
    report('INV-05', Number.isFinite(firstOverlap) ? firstOverlap : 0, `${application}: ${overlapMs} ms of two writers but ${reportedMs} ms reported as split-brain`);
  }
}

/** INV-09: the RTO is at least the sum of each step's own minimum, and its steps add up to it. */
function checkRtoFloor(run: SimulatedRun, application: string, episode: ActionEpisode, report: Reporter): void {
  const { facts, outcome } = episode;
  if (outcome.readyMs === undefined || outcome.recoveredInPlace || facts.action !== outcome.action) return;
  const floor = minimumRto(run, application, facts);
  if (outcome.rtoMs + 1e-9 < floor) {
    report('INV-09', outcome.readyMs, `${application}: RTO ${outcome.rtoMs} ms below the sum of step minimums ${floor} ms`);
  }
  const steps = RTO_STEPS.reduce((sum, step) => sum + outcome.rtoBreakdownMs[step], 0);
  if (Math.abs(steps - outcome.rtoMs) > 1e-6) {
    report('INV-09', outcome.readyMs, `${application}: RTO steps add up to ${steps} ms, not the RTO ${outcome.rtoMs} ms`);
  }
}

/**
 * The least time each step of the action can take, from the scenario's own
 * distributions, step by step as the workflows run them (workflows.ts).
 */
export function minimumRto(run: SimulatedRun, application: string, facts: ActionFacts): number {
  const { world } = run;
  const spec = world.scenario.spec;
  const timings = world.timings;
  const app = spec.applications.find((candidate) => candidate.name === application)!;
  const images = world.applications.find((candidate) => candidate.name === application)!.images.length;
  const least = (distribution: Distribution) => Math.max(0, minimum(distribution));
  const manifestWork = least(timings.manifestWorkDelay) + least(timings.vrgReconcile);
  const hubSees = least(timings.managedClusterViewDelay);
  // A relocate promotes after a synced demotion (orderly); a failover force-promotes.
  const promote = world.mode === 'metro' ? 0 : least(facts.action === 'Relocate' ? timings.orderlyPromoteTime : timings.promoteTime);
  let restore = (1 + 2 * images) * least(timings.s3Operation);
  // Only a Discovered application waits for its kube-object restore; it follows no placement.
  const discovered = app.deployment === 'Discovered';
  if (app.kubeObjectProtection && discovered) restore += least(timings.restoreBase) + app.kubeObjectProtection.objects * timings.restorePerObjectMs;
  const placement = discovered ? 0 : least(timings.placementUpdate);
  const crashed = facts.action === 'Failover';
  let start = 0;
  for (const vm of app.vms) start = Math.max(start, least(vm.boot!) + (crashed ? least(vm.crashRecovery!) : 0));
  if (app.volumes.length > 0 || app.vms.length === 0) start = Math.max(start, least(timings.podStart));
  // Both actions end the same way: VRG primary, promote, restore, the hub sees it ready, placement, start.
  let total = manifestWork + promote + restore + hubSees + placement + start;
  if (facts.action === 'Failover') {
    if (facts.cause === 'disaster') total += least(timings.detection) + least(spec.response.decisionDelay);
    if (world.mode === 'metro' && spec.response.fencing === 'Fenced' && facts.fencedBy === 'workflow') total += firstViewReadMs(least(timings.manifestWorkDelay) + least(timings.networkFence), timings.managedClusterViewRefreshMs);
  } else if (facts.action === 'Relocate') {
    const stop = app.vms.length > 0 ? least(timings.vmShutdown) : least(timings.appStop);
    // The downtime starts once ACM has removed the application: the removal delay is not in it.
    total += stop + manifestWork + timings.demotionRequeueMs + hubSees;
  }
  return total;
}

function within(intervals: readonly Interval[], timeMs: number): boolean {
  return intervals.some((interval) => interval.fromMs <= timeMs && timeMs < interval.toMs);
}

function closeEnough(a: number, b: number): boolean {
  return Math.abs(a - b) <= BYTE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

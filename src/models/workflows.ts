/**
 * The DRPC workflows of DOMAIN.md sections 3 and 4, as processes:
 *   failover        detection -> decision -> (hub) -> fencing (Metro) ->
 *                   promote -> restore from S3 -> boot + crash recovery ->
 *                   Cleaning Up (waits for the old cluster) -> demote +
 *                   full resync -> PeerReady;
 *   relocate        preconditions -> stop the app -> final sync -> demote ->
 *                   promote -> restore -> clean boot -> PeerReady;
 *   recover in place  the failed cluster returned before any promote.
 * Each records what it did (and when) in an ApplicationOutcome and in the
 * facts the invariant checks read.
 */
import { Interrupt, type ProcessBody } from '../sim/index.js';
import type { ApplicationRuntime } from './application-runtime.js';
import { emptyBreakdown, type ApplicationOutcome, type RtoBreakdown, type RtoStep, type VmOutcome } from './run-record.js';
import type { World } from './world.js';
import type { ReplicatedImage } from './replicated-image.js';
import type { ActionFacts, ImageLossFacts } from './facts.js';
import { lastWriteMs, markReady, startWriter, stopWriter } from './application-runtime.js';

export type FencingMode = 'Fenced' | 'ManuallyFenced' | 'None';

export interface Trigger {
  /** 'disaster': the primary was lost or cut off; 'operator': a planned action or drill. */
  cause: 'disaster' | 'operator';
  atMs: number;
}

/** Measures consecutive workflow steps so that their durations add up to the RTO exactly. */
class StepClock {
  readonly breakdown: RtoBreakdown = emptyBreakdown();
  private markMs: number;
  constructor(private readonly world: World, startMs: number) {
    this.markMs = startMs;
  }
  close(step: RtoStep): void {
    this.breakdown[step] += this.world.now - this.markMs;
    this.markMs = this.world.now;
  }
  /** Splits time already elapsed among several steps (e.g. a VM's boot then crash recovery). */
  closeSplit(parts: [RtoStep, number][]): void {
    let remaining = this.world.now - this.markMs;
    for (const [step, duration] of parts) {
      const share = Math.min(duration, remaining);
      this.breakdown[step] += share;
      remaining -= share;
    }
    this.breakdown.other += remaining;
    this.markMs = this.world.now;
  }
}

/** Waits until `condition` holds, re-checking at every topology change. */
function* waitUntil(world: World, condition: () => boolean): ProcessBody<void> {
  while (!condition()) yield world.changed();
}

export interface WorkflowContext {
  world: World;
  application: ApplicationRuntime;
  outcome: ApplicationOutcome;
  facts: ActionFacts;
  fencing: FencingMode;
  decisionDelay: import('../sim/index.js').Distribution;
}

export function* failover(context: WorkflowContext, trigger: Trigger): ProcessBody<void> {
  const { world, application, outcome, facts } = context;
  const timings = world.timings;
  const stream = application.stream;
  const source = application.primary;
  const target = world.peerOf(source);
  const clock = new StepClock(world, trigger.atMs);
  outcome.action = 'Failover';
  outcome.outageStartMs ??= trigger.atMs;
  outcome.rtoBreakdownMs = clock.breakdown;

  if (trigger.cause === 'disaster') {
    yield world.sample(timings.detection, stream);
    clock.close('detection');
    yield world.sample(context.decisionDelay, stream);
    clock.close('decision');
  }
  // Nothing fails over while the hub is down (INV-10), nor before it sees the target.
  yield* waitUntil(world, () => world.topology.isHubUp());
  clock.close('hubRecovery');
  yield* waitUntil(world, () => world.topology.hubSeesCluster(target));
  clock.close('other');
  facts.hubActionMs = world.now;
  world.control.update(world.now, `${application.name}: failover to ${target}`, (draft) => {
    const drpc = draft.drpcs[application.name];
    drpc.action = 'Failover';
    drpc.phase = 'FailingOver';
    drpc.progression = 'CheckingFailoverPrerequisites';
    drpc.peerReady = false;
  });
  application.peerReady = false;
  outcome.reprotected = false;

  if (world.mode === 'metro') {
    world.control.update(world.now, `${application.name}: WaitForFencing`, (draft) => {
      draft.drpcs[application.name].progression = 'WaitForFencing';
    });
    if (context.fencing !== 'None') {
      if (context.fencing === 'Fenced') yield world.sample(timings.fencingTime, stream);
      fence(world, source, context.fencing);
      facts.fencedMs = world.now;
    }
    clock.close('fencing');
  } else {
    world.control.update(world.now, `${application.name}: WaitForStorageMaintenanceActivation`, (draft) => {
      draft.drpcs[application.name].progression = 'WaitForStorageMaintenanceActivation';
    });
  }

  yield world.sample(timings.manifestWorkDelay, stream);
  clock.close('other');
  world.control.update(world.now, `${application.name}: FailingOverToCluster`, (draft) => {
    draft.drpcs[application.name].progression = 'FailingOverToCluster';
  });
  if (world.mode === 'metro') {
    // Stretched Ceph: no promote; the surviving site serves I/O once its stall ends.
    if (world.metroStallUntilMs > world.now) yield world.metroStallUntilMs - world.now;
  } else {
    let slowest = 0;
    for (let index = 0; index < application.images.length; index++) {
      slowest = Math.max(slowest, world.sample(timings.promoteTime, stream));
    }
    yield slowest;
  }
  clock.close('promote');
  promote(context, source, target);

  world.control.update(world.now, `${application.name}: WaitingForResourceRestore`, (draft) => {
    draft.drpcs[application.name].progression = 'WaitingForResourceRestore';
    draft.drpcs[application.name].phase = 'FailedOver';
  });
  yield* restoreFromS3(context, target);
  clock.close('restore');

  yield* startApplication(context, target, clock, true);
  outcome.readyMs = world.now;
  outcome.rtoMs = world.now - trigger.atMs;
  markReady(application);
  world.control.update(world.now, `${application.name}: Cleaning Up`, (draft) => {
    const drpc = draft.drpcs[application.name];
    drpc.progression = 'Cleaning Up';
    drpc.placement = target;
  });

  yield* cleanUpAndReprotect(context, source, target, trigger.atMs);
}

/** The operator fences the failed cluster (NetworkFence on the peer blocklists its CIDRs). */
function fence(world: World, cluster: string, mode: 'Fenced' | 'ManuallyFenced'): void {
  world.control.update(world.now, `DRCluster ${cluster}: ${mode}`, (draft) => {
    draft.fencing[cluster] = mode;
  });
  for (const application of world.applications) stopWriter(application, cluster, world.now, 'fenced');
}

/**
 * Promotes the application's images on `target`. From here the failover is
 * committed: the recovery point is fixed and data after it is lost.
 */
function promote(context: WorkflowContext, source: string, target: string): void {
  const { world, application, outcome, facts } = context;
  const now = world.now;
  // Writes on the old side count as lost up to the promote (or until it stopped).
  const oldStillWriting = application.running.has(source);
  const lossEndMs = oldStillWriting ? now : Math.min(now, lastWriteMs(application, source) ?? now);
  let worstRpo = 0;
  let lostBytes = 0;
  const imageFacts: ImageLossFacts[] = [];
  for (const image of application.images) {
    // A primary that came back after the loss may have synced snapshots taken
    // since (empty deltas): then its recovery point is past the loss end and
    // nothing is lost.
    const recoveryPoint = recoveryPointAt(world, image, lossEndMs);
    const written = image.writes.totalWrittenBytes(lossEndMs);
    const lost = recoveryPoint.writtenBytes === null ? written + image.spec.allocatedBytes : written - recoveryPoint.writtenBytes;
    const rpo = Math.max(0, lossEndMs - (recoveryPoint.timeMs === -Infinity ? 0 : recoveryPoint.timeMs));
    worstRpo = Math.max(worstRpo, rpo);
    lostBytes += Math.max(0, lost);
    imageFacts.push({
      image: image.index,
      recoveryPointMs: recoveryPoint.timeMs,
      lossEndMs,
      writtenBytes: written,
      replicatedBytes: image.replicatedWrittenBytes,
      pendingBytes: image.pendingWrittenBytes(),
      // The writes stopped at the loss end, so what is unsnapshotted now is what was then.
      unsnapshottedBytes: image.writes.peek(now).writtenBytes,
      discardedBytes: image.discardedWrittenBytes,
      lostBytes: Math.max(0, lost),
    });
    world.mirroring?.suspend(image);
    world.mirroring?.discardUnreplicated(image);
    // Whatever the old side still writes diverges; the new side's writes start with the application.
    image.writes.pause(now);
  }
  outcome.rpoMs = worstRpo;
  outcome.dataLossBytes = lostBytes;
  outcome.vms = application.vms.map((vm): VmOutcome => {
    const points = vm.disks.map((disk) => imageFacts[application.images.indexOf(disk)].recoveryPointMs);
    const finite = points.filter((point) => point > -Infinity);
    return {
      name: vm.name,
      application: application.name,
      rpoMs: Math.max(0, ...vm.disks.map((disk) => lossEndMs - Math.max(0, imageFacts[application.images.indexOf(disk)].recoveryPointMs))),
      diskSkewMs: finite.length > 1 ? Math.max(...finite) - Math.min(...finite) : 0,
    };
  });
  facts.promoteMs = now;
  facts.images = imageFacts;
  facts.kubeLossEndMs = lossEndMs;
  if (application.capture) {
    outcome.kubeObjectsLost = application.capture.objectsLost(lossEndMs);
    const restored = application.capture.lastCompleteCapture(lossEndMs);
    facts.restoredCaptureStartMs = restored ? restored.startMs : null;
    application.capture.stop(now);
  }
  // The old primary keeps its images primary until demoted: two writers if it still runs.
  application.primary = target;
  for (const image of application.images) image.primaryCluster = world.clusterIndex(target);
  world.control.update(now, `${application.name}: VRG primary on ${target}`, (draft) => {
    draft.drpcs[application.name].vrg[target] = 'Primary';
  });
}

/** The recovery point an image offers a failover whose loss window ends at `atMs`. */
function recoveryPointAt(world: World, image: ReplicatedImage, atMs: number): { timeMs: number; writtenBytes: number | null } {
  switch (world.mode) {
    case 'snapshot':
      return image.recoveryPointMs === -Infinity
        ? { timeMs: -Infinity, writtenBytes: null }
        : { timeMs: image.recoveryPointMs, writtenBytes: image.recoveryPointWrittenBytes };
    case 'metro': {
      // Synchronous while the data sites are connected; frozen at the cut otherwise.
      const cut = world.dataLinkDownIntervals.find((interval) => interval.fromMs <= atMs && interval.toMs > atMs);
      const timeMs = cut ? cut.fromMs : atMs;
      return { timeMs, writtenBytes: image.writes.totalWrittenBytes(timeMs) };
    }
    case 'journal': {
      const timeMs = world.journalRecoveryPoint(atMs);
      return { timeMs, writtenBytes: image.writes.totalWrittenBytes(timeMs) };
    }
  }
}

/** PVs, PVCs, the VRG and kube objects come back from S3 on the target. */
function* restoreFromS3(context: WorkflowContext, target: string): ProcessBody<void> {
  const { world, application, facts } = context;
  const timings = world.timings;
  const stores = world.s3StoresOfPolicy();
  yield* waitUntil(world, () => stores.some((store) => world.topology.clusterReachesS3(target, store)));
  // Reading from a store that no longer answers costs the wait of ramen issue #1151.
  const unreachable = stores.some((store) => !world.topology.clusterReachesS3(target, store));
  const objects = application.spec.kubeObjectProtection?.objects ?? 0;
  const restoreMs =
    world.sample(timings.restoreBase, application.stream) +
    objects * timings.restorePerObjectMs +
    (unreachable ? timings.s3UnreachableWaitMs : 0);
  yield restoreMs;
  facts.restoreMs = world.now;
}

/**
 * Starts the application on `cluster`: VMs boot (and, after a crash, run
 * crash recovery) in parallel; pods start. Ready when the last one is.
 */
function* startApplication(context: WorkflowContext, cluster: string, clock: StepClock, afterCrash: boolean): ProcessBody<void> {
  const { world, application } = context;
  const timings = world.timings;
  let critical: [number, number] = [0, 0];
  for (const vm of application.vms) {
    const boot = world.sample(vm.boot, application.stream);
    const recovery = afterCrash ? world.sample(vm.crashRecovery, application.stream) : 0;
    if (boot + recovery > critical[0] + critical[1]) critical = [boot, recovery];
  }
  if (application.spec.volumes.length > 0 || application.vms.length === 0) {
    const podStart = world.sample(timings.podStart, application.stream);
    if (podStart > critical[0] + critical[1]) critical = [podStart, 0];
  }
  const placement = world.sample(timings.placementUpdate, application.stream);
  yield placement;
  clock.close('other');
  yield critical[0] + critical[1];
  clock.closeSplit([
    ['boot', critical[0]],
    ['crashRecovery', critical[1]],
  ]);
  startWriter(application, cluster, world.now);
  if (application.capture) application.capture.restart(world.now);
}

/**
 * Cleaning Up: waits until the hub sees the old cluster again, demotes the old
 * primary (its instance stops: any split-brain ends here), then resyncs it in
 * full; PeerReady afterwards.
 */
function* cleanUpAndReprotect(context: WorkflowContext, oldCluster: string, newCluster: string, outageStartMs: number): ProcessBody<void> {
  const { world, application, outcome, facts } = context;
  const timings = world.timings;
  yield* waitUntil(world, () => world.topology.hubSeesCluster(oldCluster) && world.topology.isHubUp());
  yield timings.demotionRequeueMs;
  stopWriter(application, oldCluster, world.now, 'demoted');
  facts.oldDemotedMs = world.now;
  world.control.update(world.now, `${application.name}: VRG secondary on ${oldCluster}`, (draft) => {
    draft.drpcs[application.name].vrg[oldCluster] = 'Secondary';
  });
  yield* waitUntil(world, () => world.topology.clustersConnected(oldCluster, newCluster));
  yield* resync(context, newCluster, oldCluster);
  application.peerReady = true;
  outcome.unprotectedMs = world.now - outageStartMs;
  outcome.reprotected = true;
  world.control.update(world.now, `${application.name}: PeerReady`, (draft) => {
    const drpc = draft.drpcs[application.name];
    drpc.peerReady = true;
    drpc.progression = 'Completed';
  });
}

/** Full copy of every image from the new primary to the demoted peer. */
function* resync(context: WorkflowContext, from: string, to: string): ProcessBody<void> {
  const { world, application } = context;
  if (world.mirroring) {
    const startedMs = world.now;
    for (const image of application.images) world.mirroring.resumeWithFullSync(image, world.clusterIndex(from));
    yield* waitUntil(world, () => application.images.every((image) => image.recoveryPointMs >= startedMs));
    return;
  }
  // Metro and journal: the returning site copies back what changed while it was away.
  const link = world.link(from, to);
  let bytes = 0;
  for (const image of application.images) bytes += image.spec.allocatedBytes;
  const done = world.sim.signal<void>('resync');
  link.start(bytes, () => done.succeed(), application);
  yield done;
  yield world.timings.resyncRequeueMs;
}

export function* relocate(context: WorkflowContext, trigger: Trigger): ProcessBody<void> {
  const { world, application, outcome, facts } = context;
  const timings = world.timings;
  const source = application.primary;
  const target = world.peerOf(source);
  const refusal = relocateRefusal(world, application, target);
  facts.relocatePreconditions = refusal === null;
  if (refusal !== null) {
    outcome.refusedReason = refusal;
    facts.refusedReason = refusal;
    return;
  }
  const clock = new StepClock(world, trigger.atMs);
  outcome.action = 'Relocate';
  outcome.outageStartMs = trigger.atMs;
  outcome.rtoBreakdownMs = clock.breakdown;
  facts.hubActionMs = world.now;
  application.peerReady = false;
  outcome.reprotected = false;
  world.control.update(world.now, `${application.name}: relocate to ${target}`, (draft) => {
    const drpc = draft.drpcs[application.name];
    drpc.action = 'Relocate';
    drpc.phase = 'Relocating';
    drpc.progression = 'ClearingPlacement';
    drpc.peerReady = false;
  });
  // The application stops gracefully: VMs shut down cleanly (no crash recovery later).
  const stopMs = application.vms.length > 0 ? world.sample(timings.vmShutdown, application.stream) : world.sample(timings.appStop, application.stream);
  yield stopMs;
  stopWriter(application, source, world.now, 'relocate');
  application.capture?.stop(world.now);
  clock.close('appStop');

  world.control.update(world.now, `${application.name}: EnsuringVolumesAreSecondary`, (draft) => {
    draft.drpcs[application.name].progression = 'EnsuringVolumesAreSecondary';
    draft.drpcs[application.name].vrg[source] = 'Secondary';
  });
  if (world.mirroring) {
    // The demotion snapshot must fully sync: the zero-data-loss gate.
    for (const image of application.images) world.mirroring.snapshotNow(image);
    yield* waitUntil(world, () => application.images.every((image) => world.mirroring!.isCaughtUp(image)));
  }
  yield timings.demotionRequeueMs;
  clock.close('finalSync');

  const lossEndMs = world.now;
  const imageFacts: ImageLossFacts[] = application.images.map((image) => {
    const recoveryPoint = recoveryPointAt(world, image, lossEndMs);
    const written = image.writes.totalWrittenBytes(lossEndMs);
    return {
      image: image.index,
      recoveryPointMs: recoveryPoint.timeMs,
      lossEndMs,
      writtenBytes: written,
      replicatedBytes: image.replicatedWrittenBytes,
      pendingBytes: image.pendingWrittenBytes(),
      unsnapshottedBytes: image.writes.peek(lossEndMs).writtenBytes,
      discardedBytes: image.discardedWrittenBytes,
      lostBytes: recoveryPoint.writtenBytes === null ? written : written - recoveryPoint.writtenBytes,
    };
  });
  facts.images = imageFacts;
  outcome.dataLossBytes = imageFacts.reduce((sum, image) => sum + Math.max(0, image.lostBytes), 0);

  yield world.sample(timings.manifestWorkDelay, application.stream);
  clock.close('other');
  yield world.mode === 'metro' ? 0 : world.sample(timings.promoteTime, application.stream);
  clock.close('promote');
  application.primary = target;
  for (const image of application.images) {
    if (world.mirroring) world.mirroring.reverse(image, world.clusterIndex(target));
    else image.primaryCluster = world.clusterIndex(target);
  }
  facts.promoteMs = world.now;
  world.control.update(world.now, `${application.name}: VRG primary on ${target}`, (draft) => {
    draft.drpcs[application.name].vrg[target] = 'Primary';
    draft.drpcs[application.name].progression = 'WaitingForResourceRestore';
  });
  if (application.capture) {
    const restored = application.capture.lastCompleteCapture(world.now);
    facts.restoredCaptureStartMs = restored ? restored.startMs : null;
    facts.kubeLossEndMs = world.now;
  }
  yield* restoreFromS3(context, target);
  clock.close('restore');
  yield* startApplication(context, target, clock, false);
  outcome.readyMs = world.now;
  outcome.rtoMs = world.now - trigger.atMs;
  markReady(application);
  application.peerReady = true;
  outcome.reprotected = true;
  outcome.unprotectedMs = world.now - trigger.atMs;
  world.control.update(world.now, `${application.name}: Relocated`, (draft) => {
    const drpc = draft.drpcs[application.name];
    drpc.phase = 'Relocated';
    drpc.progression = 'Completed';
    drpc.placement = target;
    drpc.peerReady = true;
  });
}

/**
 * Why a relocate cannot start now, or null if it can (ramen-facts 2.3): both
 * clusters reachable, PeerReady, exactly one primary, the primary's data and
 * cluster data protected, and in Metro-DR an unfenced target. Whether another
 * action is in progress is the caller's check: the relocate workflow itself
 * runs with the application marked busy.
 */
export function relocateRefusal(world: World, application: ApplicationRuntime, target: string): string | null {
  const topology = world.topology;
  if (!topology.isHubUp()) return 'the hub is down';
  const unreachable = world.clusters.filter((cluster) => !topology.hubSeesCluster(cluster));
  if (unreachable.length > 0) return `not all clusters are reachable (${unreachable.join(', ')})`;
  if (!application.peerReady) return 'clean up secondaries is pending, peer is not ready';
  if (application.running.size > 1) return 'multiple primaries in transition detected';
  if (world.mirroring && application.images.some((image) => image.recoveryPointMs === -Infinity)) {
    return 'the primary is not DataReady: the initial sync has not completed';
  }
  if (application.capture && !application.capture.hasCompleteCapture(world.now)) {
    return 'the primary is not ClusterDataProtected: no complete kube-object capture yet';
  }
  const fenceState = world.control.state.fencing[target];
  if (world.mode === 'metro' && fenceState !== 'Unfenced') return `the target cluster ${target} is fenced`;
  return null;
}

/**
 * The failed cluster came back before any promote: the application restarts
 * where it was (crash-consistent disks, so crash recovery runs), nothing lost.
 */
export function* recoverInPlace(context: WorkflowContext, outageStartMs: number): ProcessBody<void> {
  const { world, application, outcome } = context;
  const clock = new StepClock(world, outageStartMs);
  outcome.recoveredInPlace = true;
  outcome.rtoBreakdownMs = clock.breakdown;
  clock.close('other');
  yield* startApplication(context, application.primary, clock, true);
  outcome.readyMs = world.now;
  outcome.rtoMs = world.now - outageStartMs;
  markReady(application);
  outcome.unprotectedMs = world.now - outageStartMs;
}

export { Interrupt };

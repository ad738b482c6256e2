/**
 * The DRPC workflows of docs/domain.md sections 3 and 4 (ramen-facts 2.2, 2.3),
 * as processes; every hub decision reaches a cluster through a ManifestWork
 * and the VRG controller, and every cluster change reaches the hub through a
 * ManagedClusterView:
 *   failover        detection -> decision -> (hub) -> fencing (Metro) ->
 *                   VRG primary on the target -> promote -> restore from
 *                   S3 -> hub sees it ready -> placement -> boot + crash
 *                   recovery (ready: the RTO ends) -> Cleaning Up (waits for
 *                   the old cluster) -> old VRG secondary -> old application
 *                   removed -> demote + resync (Metro: Ceph recovery)
 *                   -> PeerReady;
 *   relocate        preconditions -> placement cleared, the application
 *                   stops -> VRG secondary -> final sync -> hub sees it
 *                   protected -> VRG primary on the target -> promote ->
 *                   restore -> placement -> clean boot (ready) -> PeerReady;
 *   recover in place  the failed cluster returned before the DRPC action.
 * Each records what it did (and when) in an ApplicationOutcome and in the
 * facts the invariant checks read.
 */
import { Interrupt, type Distribution, type ProcessBody, type RandomStream } from '../sim/index.js';
import { isAlive, lastWriteMs, stopWriter, type ApplicationRuntime } from './application-runtime.js';
import type { ImageLossFacts } from './facts.js';
import { fencedSinceMs, fenceCluster, isFenced, setFenced, setUnfenced } from './fencing.js';
import { imageLossFacts, rpoOf } from './image-loss.js';
import { recordLosses } from './episodes.js';
import type { VmOutcome } from './run-record.js';
import {
  hubObservation,
  manifestWorkRoundTrip,
  placementRemovalDelay,
  pollUntil,
  restoreFromS3,
  startApplication,
  StepClock,
  waitForHub,
  waitUntil,
  type Trigger,
  type UnfencingMode,
  type WorkflowContext,
} from './workflow-steps.js';
import type { World } from './world.js';

export type { FencingMode, Trigger, UnfencingMode, WorkflowContext } from './workflow-steps.js';

export function* failover(context: WorkflowContext, trigger: Trigger): ProcessBody<void> {
  const { world, application, outcome, facts } = context;
  const timings = world.timings;
  const stream = application.stream;
  const source = application.primary;
  const target = world.peerOf(source);
  const clock = new StepClock(world, trigger.atMs);
  facts.source = source;
  facts.target = target;
  outcome.action = 'Failover';
  outcome.outageStartMs ??= trigger.atMs;
  outcome.rtoBreakdownMs = clock.breakdown;

  if (trigger.cause === 'disaster') {
    const hubOutage = world.hubOutageOf(trigger.atMs);
    if (hubOutage) {
      // The hub went with the disaster: the operator notices one loss and
      // declares DR once; the hub's restore starts from that declaration.
      yield Math.max(0, hubOutage.detectedMs - world.now);
      clock.close('detection');
      yield Math.max(0, hubOutage.declaredMs - world.now);
      clock.close('decision');
    } else {
      // Every DRPC on the lost cluster sees its ManagedCluster go unavailable at once,
      // and one declaration of DR covers the disaster (loss-response.ts).
      yield Math.max(0, world.lossResponse.detectedMs(source, trigger.atMs) - world.now);
      clock.close('detection');
      yield world.lossResponse.decisionDelayMs(trigger.atMs, stream);
      clock.close('decision');
    }
  }
  // Nothing fails over while the hub is down (INV-10), nor before it sees the target.
  if (!world.topology.isHubUp()) {
    yield* waitUntil(world, () => world.topology.isHubUp());
    // The restored hub has the DRPC without status: Ramen rebuilds it from
    // what the clusters' views and S3 report and stops in WaitForUser
    // (ensureDRPCStatusConsistency, ramen-facts 2.5); the operator sets the
    // failover again, which the next view round trip picks up.
    world.control.update(world.now, `${application.name}: WaitForUser after hub recovery`, (draft) => {
      draft.drpcs[application.name].phase = 'WaitForUser';
      draft.drpcs[application.name].progression = 'Paused';
    });
    yield hubObservation(context);
  }
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
    // The operator fences the failed cluster as the scenario says, unless it already is.
    if (context.fencing !== 'None' && !isFenced(world, source)) {
      const requestedMs = world.now;
      if (context.fencing === 'Fenced') {
        // A NetworkFence round trip: about one ManagedClusterView refresh (fencing.ts).
        setFenced(world, source, stream);
        yield* waitUntil(world, () => isFenced(world, source));
      } else {
        fenceCluster(world, source, context.fencing);
      }
      if ((fencedSinceMs(world, source) ?? -Infinity) >= requestedMs) facts.fencedBy = 'workflow';
    }
    facts.fencedBy ??= isFenced(world, source) ? 'operator' : undefined;
    clock.close('fencing');
  } else if (world.scenario.spec.drPolicy.failoverMaintenanceMode) {
    world.control.update(world.now, `${application.name}: WaitForStorageMaintenanceActivation`, (draft) => {
      draft.drpcs[application.name].progression = 'WaitForStorageMaintenanceActivation';
    });
    // Shared by every DRPC failing over to the target together (maintenance-mode.ts).
    yield* waitForHub(world);
    clock.close('hubRecovery');
    yield Math.max(0, world.maintenanceModes.activatedSeenMs(target, trigger.atMs, world.now) - world.now);
    clock.close('maintenanceMode');
  }

  yield* waitForHub(world);
  clock.close('hubRecovery');
  world.control.update(world.now, `${application.name}: FailingOverToCluster`, (draft) => {
    draft.drpcs[application.name].progression = 'FailingOverToCluster';
  });
  yield manifestWorkRoundTrip(context);
  clock.close('other');
  if (world.mode === 'metro') {
    // Stretched Ceph: no promote; the surviving site serves I/O once its stall ends.
    if (world.metroStallUntilMs > world.now) yield world.metroStallUntilMs - world.now;
    // Never past an unfenced peer: if the operator unfenced it meanwhile, wait for the fence (INV-06).
    if (context.fencing !== 'None') yield* waitUntil(world, () => isFenced(world, source));
    facts.fencedMs = fencedSinceMs(world, source);
  } else {
    yield slowestPromote(context, timings.promoteTime, stream);
  }
  clock.close('promote');
  promote(context, source, target);

  world.control.update(world.now, `${application.name}: WaitingForResourceRestore`, (draft) => {
    draft.drpcs[application.name].progression = 'WaitingForResourceRestore';
    draft.drpcs[application.name].phase = 'FailedOver';
  });
  yield* bringUpOnTarget(context, target, clock, trigger.atMs, true);
  world.control.update(world.now, `${application.name}: Cleaning Up`, (draft) => {
    draft.drpcs[application.name].progression = 'Cleaning Up';
  });

  yield* cleanUpAndReprotect(context, source, target, trigger.atMs);
}

/**
 * What failover and relocate share once the target is primary: the restore
 * from S3, the hub seeing the target VRG DataReady and ClusterDataReady
 * (checkReadiness), the placement move and the start. Ready ends the RTO;
 * the DRPC status after it waits for the hub.
 */
function* bringUpOnTarget(context: WorkflowContext, target: string, clock: StepClock, downtimeStartMs: number, afterCrash: boolean): ProcessBody<void> {
  const { world, outcome } = context;
  yield* restoreFromS3(context, target);
  clock.close('restore');
  yield* waitForHub(world);
  clock.close('hubRecovery');
  yield hubObservation(context);
  clock.close('other');
  yield* startApplication(context, target, clock, { afterCrash, placed: true });
  outcome.readyMs = world.now;
  outcome.rtoMs = world.now - downtimeStartMs;
  yield* waitForHub(world);
}

/** The application's images are promoted concurrently: the step lasts as long as the slowest. */
function slowestPromote(context: WorkflowContext, duration: Distribution, stream: RandomStream): number {
  let slowest = 0;
  for (let index = 0; index < context.application.images.length; index++) {
    slowest = Math.max(slowest, context.world.sample(duration, stream));
  }
  return slowest;
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
  const imageFacts: ImageLossFacts[] = [];
  for (const image of application.images) {
    imageFacts.push(imageLossFacts(world, image, lossEndMs));
    world.mirroring?.suspend(image);
    world.mirroring?.discardUnreplicated(image);
    // Whatever the old side still writes diverges; the new side's writes start with the application.
    image.writes.pause(now);
  }
  outcome.rpoMs = Math.max(0, ...imageFacts.map(rpoOf));
  recordLosses(outcome, imageFacts);
  outcome.vms = application.vms.map((vm): VmOutcome => {
    const disks = vm.disks.map((disk) => imageFacts[application.images.indexOf(disk)]);
    const finite = disks.map((disk) => disk.recoveryPointMs).filter((point) => point > -Infinity);
    return {
      name: vm.name,
      application: application.name,
      rpoMs: Math.max(0, ...disks.map(rpoOf)),
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

/**
 * Cleaning Up (ramen-facts 2.2 step 5): once the hub sees the old cluster
 * again it sets the old VRG secondary, sees that through a view, and removes
 * the old placement decision, so that ACM deletes the old instance (any
 * split-brain ends here). The VRG then demotes the images, which resync
 * (Metro-DR: Ceph's own recovery); the hub sees the VRG Secondary and sets
 * PeerReady. An old instance
 * that crashed with its site is not restarted when the site returns.
 */
function* cleanUpAndReprotect(context: WorkflowContext, oldCluster: string, newCluster: string, outageStartMs: number): ProcessBody<void> {
  const { world, application, outcome, facts } = context;
  const timings = world.timings;
  yield* waitUntil(world, () => world.topology.hubSeesCluster(oldCluster) && world.topology.isHubUp());
  yield timings.cleanupRequeueMs + manifestWorkRoundTrip(context);
  yield* waitForHub(world);
  yield hubObservation(context);
  world.control.update(world.now, `${application.name}: old placement of ${oldCluster} removed`, (draft) => {
    draft.drpcs[application.name].placement = newCluster;
  });
  yield placementRemovalDelay(context);
  if (isAlive(application, oldCluster)) {
    yield stopDuration(context);
    stopWriter(application, oldCluster, world.now, 'demoted');
  }
  yield timings.demotionRequeueMs;
  facts.oldDemotedMs = world.now;
  world.control.update(world.now, `${application.name}: VRG secondary on ${oldCluster}`, (draft) => {
    draft.drpcs[application.name].vrg[oldCluster] = 'Secondary';
  });
  yield* waitUntil(world, () => world.topology.clustersConnected(oldCluster, newCluster));
  if (world.mirroring) {
    // Snapshot mirroring: the demoted image resyncs, and csi-addons reports the
    // VolumeReplication Secondary with a Resyncing condition at once
    // (kubernetes-csi-addons internal/controller/replication.storage/
    // volumereplication_controller.go, setResyncCondition); the VRG is then
    // Secondary and DataReady, and the hub's cleanupSecondary sets PeerReady
    // (ramen internal/controller/drplacementcontrol.go) while the copy goes on.
    // A relocate is accepted from here and waits for the copy in
    // EnsuringVolumesAreSecondary; the application is protected only once it ends.
    const resyncStartMs = world.now;
    application.resyncPendingSinceMs = resyncStartMs;
    for (const image of application.images) world.mirroring.resumeWithFullSync(image, world.clusterIndex(newCluster));
    world.startBackground(application, awaitResync(context, resyncStartMs, outageStartMs), `resync:${application.name}`);
    yield* waitForHub(world);
    yield hubObservation(context);
    setPeerReady(context);
    return;
  }
  yield* resync(context, newCluster, oldCluster);
  yield* waitForHub(world);
  yield hubObservation(context);
  setPeerReady(context);
  outcome.unprotectedMs = world.now - outageStartMs;
  outcome.reprotected = true;
}

function setPeerReady(context: WorkflowContext): void {
  const { world, application } = context;
  application.peerReady = true;
  world.control.update(world.now, `${application.name}: PeerReady`, (draft) => {
    const drpc = draft.drpcs[application.name];
    drpc.peerReady = true;
    drpc.progression = 'Completed';
  });
}

/**
 * The failback resync, followed after PeerReady: the application is protected
 * again when every image's full copy has synced, seen at the VolumeReplication's
 * next resync check.
 */
function* awaitResync(context: WorkflowContext, resyncStartMs: number, outageStartMs: number): ProcessBody<void> {
  const { world, application, outcome } = context;
  yield* pollUntil(world, () => application.images.every((image) => image.recoveryPointMs >= resyncStartMs), world.timings.resyncRequeueMs);
  outcome.unprotectedMs = world.now - outageStartMs;
  outcome.reprotected = true;
  application.resyncPendingSinceMs = undefined;
}

/** A graceful stop of the application's instance: VMs shut down, pods terminate. */
function stopDuration(context: WorkflowContext): number {
  const { world, application } = context;
  return world.sample(application.vms.length > 0 ? world.timings.vmShutdown : world.timings.appStop, application.stream);
}

/**
 * Re-protection once the demoted peer is back: the VolumeReplication sees it
 * complete at its next resync check.
 * - Snapshot mirroring resyncs every image in full from the new primary.
 * - Journal mirroring likewise: both sides were primary, so the demoted
 *   image is resynced, re-created and copied in every allocated byte.
 * - Metro-DR has no image resync: the stretched cluster recovers the
 *   returning site's OSDs, copying what was written while the sites were
 *   apart (metro-recovery.ts).
 */
function* resync(context: WorkflowContext, from: string, to: string): ProcessBody<void> {
  const { world, application } = context;
  const period = world.timings.resyncRequeueMs;
  if (world.mode === 'metro') {
    yield* pollUntil(world, () => !world.metroRecoveryPending(application), period);
    return;
  }
  const bytes = application.images.reduce((sum, image) => sum + image.spec.allocatedBytes, 0);
  let copied = false;
  world.link(from, to).start(bytes, () => {
    copied = true;
    world.notifyChange();
  }, application);
  yield* pollUntil(world, () => copied, period);
}

export function* relocate(context: WorkflowContext, trigger: Trigger): ProcessBody<void> {
  const { world, application, outcome, facts } = context;
  const timings = world.timings;
  const source = application.primary;
  const target = world.peerOf(source);
  facts.source = source;
  facts.target = target;
  const refusal = relocateRefusal(world, application, target, context.unfencing);
  facts.relocatePreconditions = refusal === null;
  if (refusal !== null) {
    outcome.refusedReason = refusal;
    facts.refusedReason = refusal;
    return;
  }
  yield* unfenceForFailback(context, target);
  outcome.action = 'Relocate';
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
  // ClearingPlacement: the placement decision is cleared, and the application
  // serves until ACM deletes it (ramen drplacementcontrol.go, clearing the
  // user PlacementDecision); its downtime starts there, with a graceful stop
  // (VMs shut down cleanly: no crash recovery later).
  yield placementRemovalDelay(context);
  const downtimeStartMs = world.now;
  const clock = new StepClock(world, downtimeStartMs);
  outcome.outageStartMs = downtimeStartMs;
  outcome.rtoBreakdownMs = clock.breakdown;
  facts.downtimeStartMs = downtimeStartMs;
  yield stopDuration(context);
  stopWriter(application, source, world.now, 'relocate');
  const stoppedMs = world.now;
  application.capture?.stop(world.now);
  clock.close('appStop');

  yield* waitForHub(world);
  clock.close('hubRecovery');
  world.control.update(world.now, `${application.name}: EnsuringVolumesAreSecondary`, (draft) => {
    draft.drpcs[application.name].progression = 'EnsuringVolumesAreSecondary';
    draft.drpcs[application.name].vrg[source] = 'Secondary';
  });
  yield manifestWorkRoundTrip(context);
  clock.close('other');
  if (world.mirroring) {
    // The demotion snapshot must fully sync: the zero-data-loss gate. Set
    // while a failback resync still copies, it waits for that copy too.
    const resyncPending = application.resyncPendingSinceMs !== undefined;
    const gateMs = world.now;
    for (const image of application.images) world.mirroring.snapshotNow(image);
    yield* waitUntil(world, () => application.images.every((image) => world.mirroring!.isCaughtUp(image)));
    if (resyncPending) facts.resyncWaitMs = world.now - gateMs;
  } else {
    // Metro and journal: the peer is DataProtected only once the data sites
    // are connected again and it has every write (the same gate).
    yield* waitUntil(world, () => world.topology.clustersConnected(source, target));
    if (world.mode === 'journal') yield journalCatchUpMs(context, source, target, stoppedMs);
  }
  yield timings.demotionRequeueMs;
  clock.close('finalSync');
  // The hub sees the VRG Secondary and DataProtected everywhere.
  yield* waitForHub(world);
  clock.close('hubRecovery');
  yield hubObservation(context);
  clock.close('finalSync');

  const lossEndMs = world.now;
  // Journal: the gate above made the peer replay every write up to the stop.
  const replayedThroughMs = world.mode === 'journal' ? stoppedMs : undefined;
  const imageFacts = application.images.map((image) => imageLossFacts(world, image, lossEndMs, replayedThroughMs));
  facts.images = imageFacts;
  recordLosses(outcome, imageFacts);

  yield* waitForHub(world);
  clock.close('hubRecovery');
  yield manifestWorkRoundTrip(context);
  clock.close('other');
  // The demotion snapshot has synced, so the promote is an orderly one, with nothing to roll back.
  yield world.mode === 'metro' ? 0 : slowestPromote(context, timings.orderlyPromoteTime, application.stream);
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
  yield* bringUpOnTarget(context, target, clock, downtimeStartMs, false);
  world.control.update(world.now, `${application.name}: Relocated`, (draft) => {
    draft.drpcs[application.name].phase = 'Relocated';
    draft.drpcs[application.name].progression = 'Cleaning Up';
  });
  // Cleaning Up: the hub confirms the other VRG is secondary, then PeerReady.
  yield timings.cleanupRequeueMs;
  yield* waitForHub(world);
  yield hubObservation(context);
  application.peerReady = true;
  outcome.reprotected = true;
  outcome.unprotectedMs = world.now - trigger.atMs;
  world.control.update(world.now, `${application.name}: PeerReady`, (draft) => {
    const drpc = draft.drpcs[application.name];
    drpc.progression = 'Completed';
    drpc.peerReady = true;
  });
}

/**
 * The documented Metro-DR failback: unfence the old cluster, then relocate
 * to it. With response.unfencing Automatic the relocate does the first step
 * itself: the DRCluster is set Unfenced and the DRPC action waits until the
 * hub sees it unfenced (a NetworkFence round trip, fencing.ts). The
 * application keeps serving meanwhile, so the wait is not downtime (no RTO
 * step): it is the episode's unfenceWaitMs, and part of the relocate's time
 * to PeerReady. With Manual, relocateRefusal refused the relocate instead.
 */
function* unfenceForFailback(context: WorkflowContext, target: string): ProcessBody<void> {
  const { world, application, facts } = context;
  if (world.mode !== 'metro' || !isFenced(world, target)) return;
  const startMs = world.now;
  setUnfenced(world, target, application.stream);
  yield* waitUntil(world, () => !isFenced(world, target));
  facts.unfenceWaitMs = world.now - startMs;
}

/**
 * How long the peer needs after the application stopped to replay its whole
 * journal: the replay lag, or, when the writes outran the link, the backlog
 * left at the stop carried at the link's bandwidth.
 */
function journalCatchUpMs(context: WorkflowContext, source: string, target: string, stoppedMs: number): number {
  const { world, application } = context;
  if (!world.journalUnbounded) return world.journalLagMs;
  const replayedMs = world.journalRecoveryPoint(stoppedMs);
  let backlog = 0;
  for (const image of application.images) backlog += image.writes.writtenBetween(replayedMs, stoppedMs);
  return Math.ceil((backlog / world.link(source, target).bandwidthBytesPerSecond) * 1000) + world.journalLagMs;
}

/**
 * Why a relocate cannot start now, or null if it can (ramen-facts 2.3): both
 * clusters reachable, PeerReady, exactly one primary, the primary's data and
 * cluster data protected, and in Metro-DR an unfenced target (readyToSwitchOver
 * in ramen internal/controller/drplacementcontrol.go), unless the relocate
 * unfences it first (response.unfencing Automatic). Whether another
 * action is in progress is the caller's check: the relocate workflow itself
 * runs with the application marked busy.
 */
export function relocateRefusal(world: World, application: ApplicationRuntime, target: string, unfencing: UnfencingMode): string | null {
  const topology = world.topology;
  if (!topology.isHubUp()) return 'the hub is down';
  const unreachable = world.clusters.filter((cluster) => !topology.hubSeesCluster(cluster));
  if (unreachable.length > 0) return `not all clusters are reachable (${unreachable.join(', ')})`;
  if (!application.peerReady) return 'clean up secondaries is pending, peer is not ready';
  if (world.clusters.every((cluster) => isAlive(application, cluster))) return 'multiple primaries in transition detected';
  if (world.mirroring && application.images.some((image) => image.recoveryPointMs === -Infinity)) {
    return 'the primary is not DataReady: the initial sync has not completed';
  }
  if (application.capture && !application.capture.hasCompleteCapture(world.now)) {
    return 'the primary is not ClusterDataProtected: no complete kube-object capture yet';
  }
  // Ramen never unfences (a DRCluster changes only on the user's clusterFence): Manual refuses, Automatic unfences first.
  if (world.mode === 'metro' && isFenced(world, target) && unfencing === 'Manual') {
    return `the target cluster ${target} is fenced: unfence it first (DRCluster spec.clusterFence Unfenced, an Unfence operation)`;
  }
  return null;
}

/**
 * The failed cluster came back before the DRPC action: the application
 * restarts where it was (crash-consistent disks, so crash recovery runs),
 * nothing lost.
 */
export function* recoverInPlace(context: WorkflowContext, outageStartMs: number): ProcessBody<void> {
  const { world, application, outcome } = context;
  const clock = new StepClock(world, outageStartMs);
  outcome.recoveredInPlace = true;
  outcome.rtoBreakdownMs = clock.breakdown;
  clock.close('other');
  yield* startApplication(context, application.primary, clock, { afterCrash: true, placed: false });
  outcome.readyMs = world.now;
  outcome.rtoMs = world.now - outageStartMs;
  outcome.unprotectedMs = world.now - outageStartMs;
}

export { Interrupt };

/**
 * The steps the DRPC workflows share: measuring step durations, waiting on
 * the world, the hub's round trips to the managed clusters, the restore from
 * S3 and starting the application. Each step samples its own timings from
 * the application's stream.
 */
import type { Distribution, ProcessBody } from '../sim/index.js';
import { markReady, startWriter, type ApplicationRuntime } from './application-runtime.js';
import type { ActionFacts } from './facts.js';
import { isFenced } from './fencing.js';
import { followMetroQuorum } from './metro-quorum.js';
import { emptyBreakdown, type ApplicationOutcome, type RtoBreakdown, type RtoStep } from './run-record.js';
import type { World } from './world.js';

export type FencingMode = 'Fenced' | 'ManuallyFenced' | 'None';
export type UnfencingMode = 'Manual' | 'Automatic';

export interface Trigger {
  /** 'disaster': the primary was lost or cut off; 'operator': a planned action or drill. */
  cause: 'disaster' | 'operator';
  atMs: number;
}

export interface WorkflowContext {
  world: World;
  application: ApplicationRuntime;
  outcome: ApplicationOutcome;
  facts: ActionFacts;
  fencing: FencingMode;
  /** Metro-DR failback: whether a relocate to a fenced cluster unfences it first (response.unfencing). */
  unfencing: UnfencingMode;
}

/** Measures consecutive workflow steps so that their durations add up to the RTO exactly. */
export class StepClock {
  readonly breakdown: RtoBreakdown = emptyBreakdown();
  private markMs: number;
  constructor(
    private readonly world: World,
    startMs: number,
  ) {
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

/** Waits until `condition` holds, re-checking at every change of the world. */
export function* waitUntil(world: World, condition: () => boolean): ProcessBody<void> {
  while (!condition()) yield world.changed();
}

/**
 * Waits for the hub: a step the hub drives (a ManifestWork it writes, a view
 * it reads, a placement it moves) cannot happen while it is down (INV-10).
 */
export function* waitForHub(world: World): ProcessBody<void> {
  yield* waitUntil(world, () => world.topology.isHubUp());
}

/**
 * Waits until `condition` holds as a controller that checks it every
 * `periodMs` from now (a requeue loop) sees it: at the first check after.
 */
export function* pollUntil(world: World, condition: () => boolean, periodMs: number): ProcessBody<void> {
  const startMs = world.now;
  yield* waitUntil(world, condition);
  const late = periodMs > 0 ? (world.now - startMs) % periodMs : 0;
  if (late > 0) yield periodMs - late;
}

/** The hub writes a ManifestWork to a managed cluster, whose VRG controller then acts on it. */
export function manifestWorkRoundTrip(context: WorkflowContext): number {
  const { world, application } = context;
  return world.sample(world.timings.manifestWorkDelay, application.stream) + world.sample(world.timings.vrgReconcile, application.stream);
}

/** A change on a managed cluster reaches the hub through a ManagedClusterView (and triggers a DRPC reconcile). */
export function hubObservation(context: WorkflowContext): number {
  return context.world.sample(context.world.timings.managedClusterViewDelay, context.application.stream);
}

/**
 * The target reads the VRG and each PVC's PV and PVC objects from S3, one
 * read each (ramen-facts 3.4); with kube-object protection Velero then
 * restores the last complete capture. Each of those restores walks the S3
 * profiles in their order (the hub lists them sorted, AvailableS3Profiles in
 * ramen internal/controller/drplacementcontrol.go) and moves to the next
 * profile when a call fails (restorePVsAndPVCsFromS3 in
 * internal/controller/vrg_volrep.go): a store that does not answer costs
 * the 12 s deadline Ramen puts on every S3 call (s3Timeout in
 * internal/controller/s3utils.go) once per restore, for each dead store
 * tried before the first one that answers.
 */
/**
 * The restore on the target: Ramen reads the VRG, PVs and PVCs back from S3
 * (ClusterDataReady, which checkReadiness waits for), then Velero restores
 * the captured kube objects, queued behind the other restores of the
 * cluster (velero-queue.ts). Ramen's checkReadiness does not wait for
 * KubeObjectsReady (ramen internal/controller/drplacementcontrol.go;
 * ramen issue #867): the kube-object restore is on the RTO path only for a
 * Discovered application, whose workload comes back from it; a GitOps
 * application's objects come from Git when the placement moves, its restore
 * still occupies Velero meanwhile.
 */
export function* restoreFromS3(context: WorkflowContext, target: string): ProcessBody<void> {
  const { world, application, facts } = context;
  const timings = world.timings;
  const stores = world.s3StoresOfPolicy();
  yield* waitUntil(world, () => stores.some((store) => world.topology.clusterReachesS3(target, store)));
  const protection = application.spec.kubeObjectProtection;
  const deadBeforeFirstAnswer = stores.findIndex((store) => world.topology.clusterReachesS3(target, store));
  let clusterDataMs = deadBeforeFirstAnswer * timings.s3OperationTimeoutMs;
  const reads = 1 + 2 * application.images.length;
  for (let read = 0; read < reads; read++) clusterDataMs += world.sample(timings.s3Operation, application.stream);
  yield clusterDataMs;
  if (protection) {
    const veleroMs =
      deadBeforeFirstAnswer * timings.s3OperationTimeoutMs +
      world.sample(timings.restoreBase, application.stream) +
      protection.objects * timings.restorePerObjectMs;
    const restoredMs = world.veleroRestoreQueue(target).enqueue(world.now, veleroMs);
    if (application.spec.deployment === 'Discovered') yield restoredMs - world.now;
  }
  facts.restoreMs = world.now;
}

/**
 * How long the application takes to follow a placement change: ACM's
 * Subscription propagation; for an ApplicationSet, first the wait for the
 * Argo CD ApplicationSet controller's next requeue (uniform over
 * timings.applicationSetRequeue); a Discovered application follows no
 * placement: Ramen's restore brings it back.
 */
export function placementChangeDelay(context: WorkflowContext): number {
  const { world, application } = context;
  switch (application.spec.deployment) {
    case 'Discovered':
      return 0;
    case 'ApplicationSet':
      return Math.round(application.stream.next() * world.timings.applicationSetRequeueMs) + world.sample(world.timings.placementUpdate, application.stream);
    default:
      return world.sample(world.timings.placementUpdate, application.stream);
  }
}

/**
 * How long the old instance takes to go once its placement decision is
 * removed: as placementChangeDelay, except for a Discovered application,
 * which nothing deletes: the DRPC waits in WaitOnUserToCleanUp until the
 * user deletes the workload (ramen e2e dractions/disapp.go), taken here to
 * take as long as ACM would (timings.placementUpdateDelay).
 */
export function placementRemovalDelay(context: WorkflowContext): number {
  const { world, application } = context;
  if (application.spec.deployment === 'Discovered') return world.sample(world.timings.placementUpdate, application.stream);
  return placementChangeDelay(context);
}

export interface StartOptions {
  /** The disks are crash-consistent: VMs run crash recovery after booting. */
  afterCrash: boolean;
  /** The hub moves the placement decision and ACM deploys the application (not when it restarts in place). */
  placed: boolean;
}

/**
 * Starts the application on `cluster`: VMs boot (and, after a crash, run
 * crash recovery) in parallel; pods start. Ready when the last one is.
 */
export function* startApplication(context: WorkflowContext, cluster: string, clock: StepClock, options: StartOptions): ProcessBody<void> {
  const { world, application } = context;
  const timings = world.timings;
  if (options.placed) {
    yield* waitForHub(world);
    clock.close('hubRecovery');
    world.control.update(world.now, `${application.name}: UpdatedPlacement`, (draft) => {
      draft.drpcs[application.name].progression = 'UpdatedPlacement';
      draft.drpcs[application.name].placement = cluster;
    });
    yield placementChangeDelay(context);
    clock.close('other');
  }
  let critical: [number, number] = [0, 0];
  for (const vm of application.vms) {
    const boot = world.sample(vm.boot, application.stream);
    const recovery = options.afterCrash ? world.sample(vm.crashRecovery, application.stream) : 0;
    if (boot + recovery > critical[0] + critical[1]) critical = [boot, recovery];
  }
  if (application.spec.volumes.length > 0 || application.vms.length === 0) {
    const podStart = world.sample(timings.podStart, application.stream);
    if (podStart > critical[0] + critical[1]) critical = [podStart, 0];
  }
  yield critical[0] + critical[1];
  clock.closeSplit([
    ['boot', critical[0]],
    ['crashRecovery', critical[1]],
  ]);
  // Nothing runs on a cluster that is down or fenced from its storage.
  yield* waitUntil(world, () => world.topology.isClusterUp(cluster) && !isFenced(world, cluster));
  clock.close('other');
  startWriter(application, cluster, world.now);
  // In Metro-DR a site without quorum acknowledges no write: the new instance stalls at once.
  if (world.mode === 'metro') followMetroQuorum(world);
  application.capture?.restart(world.now);
  markReady(application);
}

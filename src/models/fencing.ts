/**
 * Metro-DR fencing (docs/domain.md section 2, ramen-facts 1.2): a DRCluster set
 * Fenced or ManuallyFenced is cut off from the shared storage, so every
 * instance on it stops writing; unfencing lets them run again. Fencing is a
 * separate, manual action in Ramen; a Metro failover waits for it.
 *
 * How long a Fenced DRCluster takes (ramen internal/controller/drcluster_controller.go,
 * clusterFence and clusterUnfence): the DRCluster reconcile writes a
 * NetworkFence ManifestWork to the peer cluster and requeues at once; the
 * next reconcile reads the NetworkFence back through a ManagedClusterView
 * (GetNFFromManagedCluster, internal/controller/util/mcv_util.go), which it
 * creates then. On the peer, the work agent applies the ManifestWork
 * (timings.manifestWorkDelay) and the csi-addons NetworkFence controller
 * runs the blocklist command (timings.networkFenceTime) and sets
 * status.result Succeeded. The view agent reads a new view at once, before
 * the NetworkFence exists, and then every updateInterval, 30 s by default
 * (timings.managedClusterViewRefresh; stolostron/multicloud-operators-foundation
 * pkg/klusterlet/view/view_controller.go); the view's update triggers the
 * DRCluster reconcile, which sets the condition Fenced, and the DRPC, which
 * watches DRClusters, sees it at once. So the hub sees Fenced at the first
 * read at or after the result: R x ceil((manifestWorkDelay + networkFenceTime) / R)
 * after the request, one refresh R whenever the two fit in it.
 *
 * Unfencing (spec.clusterFence Unfenced) updates the same ManifestWork to
 * fenceState Unfenced and waits for that result through the same view, which
 * has kept its read cadence since the fence created it: the hub sees Unfenced
 * at the first of those reads after the result, then deletes the NetworkFence
 * and its view. The Fenced condition stays True (reason Unfencing) until then,
 * so a relocate to the cluster is refused meanwhile (readyToSwitchOver in
 * internal/controller/drplacementcontrol.go). ManuallyFenced and its
 * unfencing (ManuallyUnfenced) are immediate: no NetworkFence is involved.
 */
import type { RandomStream } from '../sim/index.js';
import { loseInstance } from './application-runtime.js';
import type { FenceState } from './control-plane.js';
import type { World } from './world.js';

/** The NetworkFence Ramen keeps for a cluster: when its view was created, and a pending unfence. */
export interface NetworkFenceRequest {
  viewSinceMs: number;
  /** When the hub sees the fence Succeeded. */
  fenceSeenMs: number;
  /** When the hub will see the unfence Succeeded, once requested. */
  unfenceSeenMs?: number;
}

export function isFenced(world: World, cluster: string): boolean {
  return world.control.state.fencing[cluster] !== 'Unfenced';
}

/** When `cluster` was last fenced, if it is fenced now. */
export function fencedSinceMs(world: World, cluster: string): number | undefined {
  if (!isFenced(world, cluster)) return undefined;
  const history = world.control.history;
  for (let index = history.length - 1; index > 0; index--) {
    if (history[index - 1].state.fencing[cluster] === 'Unfenced' && history[index].state.fencing[cluster] !== 'Unfenced') return history[index].timeMs;
  }
  return history[0].timeMs;
}

/**
 * After how long a view created at 0 and read every `refreshMs` shows a
 * result set `readyMs` after it: the first read at or after it.
 */
export function firstViewReadMs(readyMs: number, refreshMs: number): number {
  return refreshMs > 0 ? refreshMs * Math.ceil(readyMs / refreshMs) : readyMs;
}

/** ManifestWork applied on the peer, then the csi-addons NetworkFence run. */
function networkFenceResultMs(world: World, stream: RandomStream): number {
  return world.sample(world.timings.manifestWorkDelay, stream) + world.sample(world.timings.networkFence, stream);
}

/**
 * The hub sets `cluster` Fenced now (NetworkFence on the peer): how long until
 * it sees the fence succeed, the NetworkFence view being created now.
 */
function requestNetworkFence(world: World, cluster: string, stream: RandomStream): number {
  const delay = firstViewReadMs(networkFenceResultMs(world, stream), world.timings.managedClusterViewRefreshMs);
  world.networkFences.set(cluster, { viewSinceMs: world.now, fenceSeenMs: world.now + delay });
  return delay;
}

/**
 * The hub sets `cluster` Unfenced now: how long until it sees it unfenced.
 * A ManuallyFenced cluster is unfenced at once; a request while an unfence
 * is already under way waits for that one.
 */
function requestUnfence(world: World, cluster: string, stream: RandomStream): number {
  if (world.control.state.fencing[cluster] !== 'Fenced') return 0;
  const refreshMs = world.timings.managedClusterViewRefreshMs;
  const fence = world.networkFences.get(cluster) ?? { viewSinceMs: world.now, fenceSeenMs: world.now };
  if (fence.unfenceSeenMs === undefined) {
    const readyMs = world.now - fence.viewSinceMs + networkFenceResultMs(world, stream);
    fence.unfenceSeenMs = fence.viewSinceMs + firstViewReadMs(readyMs, refreshMs);
    world.networkFences.set(cluster, fence);
  }
  return Math.max(0, fence.unfenceSeenMs - world.now);
}

/**
 * The hub sets `cluster` Fenced now: it is fenced once the hub sees the
 * NetworkFence succeed, after the returned delay. A cluster already fenced
 * stays so (a pending unfence is dropped: the NetworkFence goes back to Fenced);
 * a fence already under way is not started again (the spec did not change).
 */
export function setFenced(world: World, cluster: string, stream: RandomStream): number {
  const pending = world.networkFences.get(cluster);
  if (isFenced(world, cluster)) {
    if (pending) pending.unfenceSeenMs = undefined;
    return 0;
  }
  if (pending && pending.fenceSeenMs > world.now) return pending.fenceSeenMs - world.now;
  const delay = requestNetworkFence(world, cluster, stream);
  const fence = world.networkFences.get(cluster);
  world.sim.schedule(delay, () => {
    if (world.networkFences.get(cluster) === fence) fenceCluster(world, cluster, 'Fenced');
  });
  return delay;
}

/**
 * The hub sets `cluster` Unfenced now: it is unfenced once the hub sees it,
 * after the returned delay (at once for a ManuallyFenced cluster).
 */
export function setUnfenced(world: World, cluster: string, stream: RandomStream): number {
  const delay = requestUnfence(world, cluster, stream);
  if (delay === 0) {
    // Also drops a fence still under way: its NetworkFence goes to Unfenced.
    world.networkFences.delete(cluster);
    unfenceCluster(world, cluster);
    return 0;
  }
  const seenMs = world.now + delay;
  world.sim.schedule(delay, () => {
    if (world.networkFences.get(cluster)?.unfenceSeenMs === seenMs) unfenceCluster(world, cluster);
  });
  return delay;
}

/**
 * Fences `cluster` now (a NetworkFence on the peer blocklists its CIDRs):
 * its instances stop, and an application whose primary it is goes down.
 */
export function fenceCluster(world: World, cluster: string, mode: Exclude<FenceState, 'Unfenced'>): void {
  if (isFenced(world, cluster)) return;
  world.control.update(world.now, `DRCluster ${cluster}: ${mode}`, (draft) => {
    draft.fencing[cluster] = mode;
  });
  for (const application of world.applications) loseInstance(application, cluster, world.now, 'fenced');
  world.topologyUpdated();
}

/** Unfences `cluster`: an application down only because of the fence restarts there. */
export function unfenceCluster(world: World, cluster: string): void {
  if (!isFenced(world, cluster)) return;
  // Ramen deletes the NetworkFence and its view once the unfence succeeded.
  world.networkFences.delete(cluster);
  world.control.update(world.now, `DRCluster ${cluster}: Unfenced`, (draft) => {
    draft.fencing[cluster] = 'Unfenced';
  });
  world.topologyUpdated();
}

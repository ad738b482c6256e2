/**
 * Metro-DR fencing (docs/domain.md section 2, ramen-facts 1.2): a DRCluster set
 * Fenced or ManuallyFenced is cut off from the shared storage, so every
 * instance on it stops writing; unfencing lets them run again. Fencing is a
 * separate, manual action in Ramen; a Metro failover waits for it.
 */
import { loseInstance } from './application-runtime.js';
import type { FenceState } from './control-plane.js';
import type { World } from './world.js';

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
  world.control.update(world.now, `DRCluster ${cluster}: Unfenced`, (draft) => {
    draft.fencing[cluster] = 'Unfenced';
  });
  world.topologyUpdated();
}

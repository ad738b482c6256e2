/**
 * ODF's storage maintenance mode before a Regional failover. ODF labels its
 * RBD VolumeReplicationClasses `ramendr.openshift.io/maintenancemodes:
 * Failover`; for such volumes the DRPC waits in
 * WaitForStorageMaintenanceActivation (checkRegionalFailoverPrerequisites,
 * ramen internal/controller/drplacementcontrol.go) while the DRCluster
 * controller creates a MaintenanceMode CR on the failover cluster by
 * ManifestWork and watches it through a ManagedClusterView; ODF scales the
 * target's rbd-mirror daemon down and reports FailoverActivated (ramen
 * docs/maintenance-mode.md).
 *
 * The MaintenanceMode is one per storage backend on the cluster, so every
 * DRPC failing over to it together shares one activation (keyed by cluster
 * and the instant of the loss or the action). The hub sees it completed at
 * the first refresh of the view after the activation, the view refreshing
 * every `viewPeriodMs` from its creation.
 */
import type { Distribution } from '../sim/index.js';
import type { RunDraws } from './run-draws.js';

export interface MaintenanceModeOptions {
  /** The ManifestWork creating the CR on the cluster, and ODF's activation (rbd-mirror scaled down). */
  manifestWork: Distribution;
  activation: Distribution;
  viewPeriodMs: number;
}

export class MaintenanceModes {
  private readonly seenActivatedMs = new Map<string, number>();

  constructor(
    private readonly draws: RunDraws,
    private readonly options: MaintenanceModeOptions,
  ) {}

  /** When the hub sees FailoverActivated for `cluster`, requested at `requestedMs` for the loss or action at `triggerMs`. */
  activatedSeenMs(cluster: string, triggerMs: number, requestedMs: number): number {
    const key = `${cluster}\u0000${triggerMs}`;
    let seen = this.seenActivatedMs.get(key);
    if (seen === undefined) {
      const { manifestWork, activation, viewPeriodMs } = this.options;
      const { sample, streams } = this.draws;
      const stream = streams.stream(`maintenance-mode/${cluster}`);
      const createdMs = requestedMs + sample(manifestWork, stream);
      const activatedMs = createdMs + sample(activation, stream);
      // The view is created with the CR and refreshed every period after.
      seen = createdMs + Math.ceil((activatedMs - createdMs) / viewPeriodMs) * viewPeriodMs;
      this.seenActivatedMs.set(key, seen);
    }
    return seen;
  }
}

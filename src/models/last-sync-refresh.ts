/**
 * How often the lastSyncTime that Ramen's alerts read is refreshed.
 *
 * A Primary VolumeReplication's `status.lastSyncTime` is copied from the
 * storage (the creation time of the newest snapshot fully synced to the peer)
 * only when the csi-addons controller reconciles it; status updates do not
 * retrigger it (GenerationChangedPredicate), so it reconciles on its own
 * requeue: every schedulingInterval / 2, or every schedulingInterval when the
 * interval is under 2 minutes (csi-addons/kubernetes-csi-addons
 * internal/controller/replication.storage/volumereplication_controller.go,
 * getInfoReconcileInterval; docs/reference/storage-facts.md section 3.1). In
 * between, the VR holds the value it read. Ramen's VRG takes the oldest of
 * its VRs' values as lastGroupSyncTime (updateVRGLastGroupSyncTime), the hub
 * exports it as `ramen_last_sync_timestamp_seconds`, and the
 * VolumeSynchronizationDelay alert compares `time()` minus it with 2 and 3
 * intervals (ramen config/prometheus/alerts.yaml; ramen-facts 4.5).
 */
const TWO_MINUTES_MS = 2 * 60 * 1000;

/** The requeue period of a Primary VolumeReplication for a scheduling interval. */
export function lastSyncRefreshPeriodMs(schedulingIntervalMs: number): number {
  return schedulingIntervalMs < TWO_MINUTES_MS ? schedulingIntervalMs : schedulingIntervalMs / 2;
}

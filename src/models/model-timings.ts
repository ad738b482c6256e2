/**
 * The scenario's `spec.timings`, read once into the shape the model uses:
 * fixed durations as milliseconds, random ones as distributions. One place
 * to see which constant drives which step.
 */
import type { Distribution } from '../sim/index.js';
import type { Timings } from '../scenarios/schema/timings.js';
import type { SnapshotMirroringSettings } from './snapshot-mirroring.js';

/** The mirroring's constants are part of the timings; the interval comes from the DRPolicy. */
export interface ModelTimings extends Omit<SnapshotMirroringSettings, 'schedulingIntervalMs'> {
  detection: Distribution;
  manifestWorkDelay: Distribution;
  managedClusterViewDelay: Distribution;
  vrgReconcile: Distribution;
  placementUpdate: Distribution;
  managedClusterViewRefreshMs: number;
  networkFence: Distribution;
  promoteTime: Distribution;
  orderlyPromoteTime: Distribution;
  csiOperationTimeoutMs: number;
  demotionRequeueMs: number;
  resyncRequeueMs: number;
  cleanupRequeueMs: number;
  journalReplayLag: Distribution;
  metroIoStall: Distribution;
  s3OperationTimeoutMs: number;
  s3Operation: Distribution;
  restoreBase: Distribution;
  restorePerObjectMs: number;
  applicationSetRequeueMs: number;
  maintenanceModeActivation: Distribution;
  maintenanceModeViewPeriodMs: number;
  veleroRestoreConcurrency: number;
  captureTime: Distribution;
  podStart: Distribution;
  appStop: Distribution;
  vmShutdown: Distribution;
  hubReimport: Distribution;
}

/** Time one mirror snapshot creation takes in the ceph-mgr (open, check mode and info, create, close); not a scenario knob. */
const SNAPSHOT_CREATE_MS = 1000;

export function modelTimings(timings: Timings): ModelTimings {
  return {
    detection: timings.detection,
    manifestWorkDelay: timings.manifestWorkDelay,
    managedClusterViewDelay: timings.managedClusterViewDelay,
    vrgReconcile: timings.vrgReconcile,
    placementUpdate: timings.placementUpdateDelay,
    managedClusterViewRefreshMs: timings.managedClusterViewRefresh,
    networkFence: timings.networkFenceTime,
    promoteTime: timings.promoteTime,
    orderlyPromoteTime: timings.orderlyPromoteTime,
    csiOperationTimeoutMs: timings.csiOperationTimeout,
    demotionRequeueMs: timings.demotionRequeue,
    resyncRequeueMs: timings.resyncRequeue,
    cleanupRequeueMs: timings.cleanupRequeue,
    schedulerLagMaxMs: timings.schedulerLagMax,
    schedulerBatch: timings.schedulerBatch,
    snapshotCreateMs: SNAPSHOT_CREATE_MS,
    concurrentImageSyncs: timings.concurrentImageSyncs,
    concurrentObjectCopies: timings.concurrentObjectCopies,
    objectSizeBytes: timings.objectSize,
    maxMirroringSnapshots: timings.maxMirroringSnapshots,
    granularity:
      timings.dirtyGranularity === 'object' ? { kind: 'object', objectSize: timings.objectSize } : { kind: 'extent' },
    journalReplayLag: timings.journalReplayLag,
    metroIoStall: timings.metroIoStall,
    s3OperationTimeoutMs: timings.s3OperationTimeout,
    s3Operation: timings.s3OperationTime,
    restoreBase: timings.restoreBaseTime,
    restorePerObjectMs: timings.restorePerObjectTime,
    applicationSetRequeueMs: timings.applicationSetRequeue,
    maintenanceModeActivation: timings.maintenanceModeActivation,
    maintenanceModeViewPeriodMs: timings.maintenanceModeViewPeriod,
    veleroRestoreConcurrency: timings.veleroRestoreConcurrency,
    captureTime: timings.captureTime,
    podStart: timings.podStartTime,
    appStop: timings.appStopTime,
    vmShutdown: timings.vmShutdownTime,
    hubReimport: timings.hubReimportTime,
  };
}

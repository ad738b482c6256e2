/**
 * Every model constant, each with its default and where the default comes
 * from. "ramen-facts N" and "storage-facts N" name sections of the reference
 * sheets in docs/reference/, which cite the upstream code; "chosen" marks a
 * value no reference gives.
 *
 * Calibration: the upstream e2e test (ramen-facts 5.1) sets action=Failover
 * (then Relocate) on the DRPC of one busybox 1Gi PVC under a 1m policy and
 * waits until the DRPC is Available, PeerReady, Completed and reports a
 * lastGroupSyncTime: 212-393 s for a failover, 119-568 s for a relocate.
 * Through the simulator, with these defaults, the same actions reach
 * PeerReady in 283 s on average (p5-p95 229-372 s) and 253 s (205-319 s);
 * the application itself is running and ready on the target (drsim's RTO)
 * after 129 s (87-203 s) and 225 s (178-291 s). The ManagedClusterView,
 * placement and pod start defaults were chosen for that;
 * test/calibration/e2e-durations.test.ts keeps it, and the README section
 * "Calibration" explains it.
 */
import { z } from 'zod';
import { durationField, fieldMeta, integerField, sizeField } from './fields.js';
import { randomDurationField } from './random-quantity.js';

export const TimingsSchema = z
  .strictObject({
    // Detection and decision
    detection: randomDurationField(
      'Time from a cluster loss until the hub sees the cluster as lost. OCM marks a ManagedCluster unavailable when its lease is not renewed for 5 x leaseDurationSeconds (default 60 s); the loss falls anywhere in the last renewal period, hence 4 to 5 min (OCM runbook ManagedClusterAvailableConditionUnknown; not in the reference sheets).',
    ).prefault({ uniform: ['4m', '5m'] }),

    // Hub <-> cluster propagation
    manifestWorkDelay: randomDurationField(
      'Time for a ManifestWork written on the hub (VRG primary/secondary, NetworkFence) to be applied on the managed cluster. Chosen: OCM work agent latency, not in the references.',
    ).prefault({ uniform: ['2s', '10s'] }),
    managedClusterViewDelay: randomDurationField(
      'Time for a change on a managed cluster (VRG status, NetworkFence result) to reach the hub through a ManagedClusterView; an MCV status change triggers a DRPC reconcile at once (ramen-facts 4.1). Chosen: the view refresh period is not in the references; 5 to 30 s with the placement and pod start defaults puts the upstream e2e failover and relocate in their measured ranges (ramen-facts 5.1, README "Calibration").',
    ).prefault({ uniform: ['5s', '30s'] }),
    vrgReconcile: randomDurationField(
      'Time for the VRG controller to act on a spec change (rate limiter 1 s to 1 min per item, ramen-facts 4.2). Chosen.',
    ).prefault({ uniform: ['1s', '5s'] }),
    placementUpdateDelay: randomDurationField(
      'Time for ACM to start or remove the application after the DRPC changes the placement decision (Subscription propagation to the managed cluster). Chosen, with the view and pod start defaults, so that the upstream e2e failover and relocate of a Subscription app land in their measured ranges (ramen-facts 5.1, README "Calibration"); an ApplicationSet adds up to requeueAfterSeconds 180.',
    ).prefault({ uniform: ['25s', '55s'] }),
    applicationSetRequeue: durationField(
      'ApplicationSet deployments: the Argo CD ApplicationSet controller re-reads the PlacementDecision (clusterDecisionResource generator) every requeueAfterSeconds, 180 s in the ocm-ramen-samples ApplicationSet (applicationset/base/applicationset.yaml; ramen-facts 5.1), so a placement change is seen uniformly within this period, before placementUpdateDelay.',
    ).prefault('180s'),
    maintenanceModeActivation: randomDurationField(
      'Regional failover on ODF: from the MaintenanceMode CR reaching the failover cluster to ODF reporting FailoverActivated (the rbd-mirror deployment scaled down; ramen-facts 2.2, docs/maintenance-mode.md in ramen). Chosen.',
    ).prefault({ uniform: ['5s', '30s'] }),
    maintenanceModeViewPeriod: durationField(
      'Refresh period of the ManagedClusterView through which the hub watches the MaintenanceMode (ramen-facts 2.2): the hub sees FailoverActivated at the first refresh after it.',
    ).prefault('30s'),
    veleroRestoreConcurrency: integerField(
      'Velero Restores a cluster processes at once: 1 (the Velero restore controller reconciles one Restore at a time; concurrent restores are an open request, ramen-facts 3.3). Restores of the applications failing over to one cluster queue for it.',
      1,
      64,
    ).default(1),
    statusCheckDelay: durationField(
      'Idle DRPC status refresh: StatusCheckDelay 10 min (ramen-facts 4.1).',
    ).prefault('10m'),
    failedOverPhaseDelay: durationField(
      'Time from the failover action to DRPC phase FailedOver, which is set before the data is ready (ramen-facts 2.2 and 5.1, issue #2694: about 15 s).',
    ).prefault('15s'),
    cleanupRequeue: durationField(
      'DRPC requeue while Cleaning Up waits for the old primary VRG to become Secondary. Ramen sets no custom rate limiter (ramen-facts 4.1, 7); chosen.',
    ).prefault('10s'),

    // Fencing (Metro-DR)
    managedClusterViewRefresh: durationField(
      'How often the ACM (OCM add-on) view agent on a managed cluster re-reads the resource of a ManagedClusterView: DefaultUpdateInterval 30 s (stolostron/multicloud-operators-foundation pkg/klusterlet/view/view_controller.go); Ramen sets no updateIntervalSeconds (NetworkFence views: GetNFFromManagedCluster in ramen internal/controller/util/mcv_util.go). A new view is read when created, then once a period, so a NetworkFence result reaches the hub at the first read after it is set: one period, nearly constant, for a fence.',
    ).prefault('30s'),
    networkFenceTime: randomDurationField(
      'Time for the csi-addons NetworkFence controller on the peer to run one fence or unfence once its ManifestWork is applied: one `ceph osd blocklist range add` (or `rm`) per CIDR through ceph-csi (storage-facts 3.3). No published number; chosen as one reconcile and one MON command. A Fenced DRCluster is seen Fenced by the hub at the first NetworkFence view read after manifestWorkDelay plus this (managedClusterViewRefresh); ManuallyFenced is immediate (ramen-facts 1.2).',
    ).prefault({ uniform: ['1s', '5s'] }),

    // Storage operations (csi-addons / ceph-csi)
    promoteTime: randomDurationField(
      'Force promote of one image (rolls back a partially synced snapshot): "may take more than a minute" (storage-facts 2.1, ceph-csi PR #2972); bounded by csiOperationTimeout.',
    ).prefault({ lognormal: { median: '30s', p95: '90s' } }),
    orderlyPromoteTime: randomDurationField(
      'Promote of one image whose demotion snapshot has synced, as in a relocate: a non-forced promote that creates one primary mirror snapshot and rolls nothing back (storage-facts 2.1). No published duration; chosen as one csi-addons reconcile and one RBD call.',
    ).prefault({ lognormal: { median: '5s', p95: '15s' } }),
    csiOperationTimeout: durationField(
      'Timeout of one csi-addons reconcile operation: 3 min (storage-facts 3.1, csi-addons defaultTimeout).',
    ).prefault('3m'),
    demotionRequeue: durationField(
      'csi-addons requeue after demoting a VolumeReplication to secondary: 15 s (storage-facts 3.1, ramen-facts 4.3).',
    ).prefault('15s'),
    resyncRequeue: durationField(
      'csi-addons requeue while a resync is not ready: 30 s, "can affect the RTO time" (storage-facts 2.2 and 3.1).',
    ).prefault('30s'),

    // RBD snapshot mirroring
    schedulerLagMax: durationField(
      'A what-if lag of the ceph-mgr snapshot scheduler after each slot, uniform in [0, this]. Default 0: the scheduler sleeps until the slot (its 60 s caps one sleep, it is not a lag) and creates the snapshots then, each taking a second, at most schedulerBatch at once (storage-facts 1.4, mirror_snapshot_schedule.py).',
    ).prefault('0s'),
    schedulerBatch: integerField(
      'Mirror snapshots the ceph-mgr creates at once: max_concurrent_snap_create 10 (storage-facts 1.4).',
      1,
      10_000,
    ).default(10),
    concurrentImageSyncs: integerField(
      'Images one rbd-mirror daemon syncs at once: rbd_mirror_concurrent_image_syncs 5 (storage-facts 1.1).',
      1,
      10_000,
    ).default(5),
    concurrentObjectCopies: integerField(
      'Objects one image sync copies at once: rbd_concurrent_management_ops 10 (DOMAIN 2; ceph/ceph src/common/options/rbd.yaml.in; librbd deep_copy/ImageCopyRequest keeps that many ObjectCopyRequests in flight). Each changed object costs two round trips to the primary (list snaps, read), so a sync takes at least changed objects x 2 RTT / this.',
      1,
      10_000,
    ).default(10),
    maxMirroringSnapshots: integerField(
      'rbd_mirroring_max_mirroring_snapshots: default 5, minimum 3; above it intermediate snapshots are merged (storage-facts 1.5 and 1.6).',
      3,
      1_000,
    ).default(5),
    objectSize: sizeField('RBD object size: 4 MiB, rbd_default_order 22 (storage-facts 1.3).').prefault('4Mi'),
    dirtyGranularity: z
      .enum(['extent', 'object'])
      .default('extent')
      .meta(
        fieldMeta({
          description:
            'What a delta sync copies: extent (only the bytes written, as librbd deep copy reads changed extents; DOMAIN 2) or object (whole objectSize objects, a coarser what-if).',
          expected: 'extent or object',
        }),
      ),
    journalReplayLag: randomDurationField(
      'Journal mirroring replay lag (the RPO in journal mode): rbd_journal_commit_age 5 s plus rbd_mirror_journal_poll_age 5 s (storage-facts 1.2).',
    ).prefault({ uniform: ['1s', '10s'] }),
    journalAppendLatency: durationField(
      'Latency journal mirroring adds to each write (the result\'s writeLatencyAddedMs): librbd writes the image only once the journal event is safe (wait_event in librbd/journal/ObjectDispatch.cc), so every write first pays one journal append, a replicated RADOS write within the site. Chosen: 1 ms, an SSD-backed replicated write.',
    ).prefault('1ms'),

    // Metro-DR
    metroIoStall: randomDurationField(
      'I/O stall of the surviving site after a Metro site loss, until degraded stretch mode: about 20-30 s (storage-facts 4, osd_heartbeat_grace 20 s).',
    ).prefault({ uniform: ['20s', '30s'] }),
    metroMaxRtt: durationField(
      'Largest round-trip time supported for Metro-DR: 10 ms (storage-facts 4, ODF Metro-DR guide). Larger RTTs are reported as warnings.',
    ).prefault('10ms'),

    // S3 and restore
    s3OperationTime: randomDurationField(
      'One S3 operation on a reachable store (gzip JSON objects of a few KiB). Chosen; each gives up after s3OperationTimeout.',
    ).prefault({ uniform: ['200ms', '2s'] }),
    s3OperationTimeout: durationField(
      'Deadline of one S3 operation: 12 s (ramen-facts 3.4 and 4.2, s3Timeout in ramen internal/controller/s3utils.go, since PR #1222). A restore tries the S3 profiles in order and costs this deadline for each call that reaches a store that does not answer, before it moves to the next profile.',
    ).prefault('12s'),
    restoreBaseTime: randomDurationField(
      'Fixed part of one kube-object restore (Velero Restore of the last capture). Chosen.',
    ).prefault({ lognormal: { median: '15s', p95: '45s' } }),
    restorePerObjectTime: durationField('Added restore time per captured kube object. Chosen.').prefault('50ms'),
    captureTime: randomDurationField(
      'Duration of one kube-object capture (Velero Backup and upload to every S3 store); captures start every captureInterval, start to start (ramen-facts 3.2). Chosen.',
    ).prefault({ lognormal: { median: '20s', p95: '1m' } }),

    // Workloads
    podStartTime: randomDurationField(
      'Time for a non-VM application to be running and ready once placed (RBD attach and mount, image pull, readiness). Chosen; with the view and placement defaults it puts the upstream e2e failover and relocate in their measured ranges (ramen-facts 5.1, README "Calibration").',
    ).prefault({ lognormal: { median: '20s', p95: '45s' } }),
    appStopTime: randomDurationField(
      'Graceful stop of a non-VM application (relocate, cleanup): Kubernetes terminationGracePeriodSeconds defaults to 30 s. Chosen within it.',
    ).prefault({ uniform: ['1s', '30s'] }),
    vmBoot: randomDurationField(
      'Default boot time of a VM until ready (vms[].boot). Chosen; kubevirt-storage-checkup allows vmiTimeout 3 min (storage-facts 7).',
    ).prefault({ lognormal: { median: '40s', p95: '2m' } }),
    vmCrashRecovery: randomDurationField(
      'Default guest crash recovery (fsck, journal replay) after a failover from crash-consistent disks (vms[].crashRecovery; DOMAIN 6). Chosen.',
    ).prefault({ uniform: ['0s', '1m'] }),
    vmShutdownTime: randomDurationField('Clean VM shutdown before a relocate (DOMAIN 6). Chosen.').prefault({ uniform: ['10s', '1m'] }),

    // Hub
    hubRestoreTime: randomDurationField(
      'Default time to restore a lost hub from backup (hub.restoreTime): activating the passive hub from the ACM backup. It starts only once the loss is detected and DR is declared (detection, then response.decisionDelay) and adds to the RTO in full (docs/domain.md section 1, INV-10). Chosen.',
    ).prefault({ lognormal: { median: '30m', p95: '1h' } }),
    hubReimportTime: randomDurationField(
      'Time after a hub restore until the surviving managed clusters are imported to the new hub and report to it (ACM re-import with the restored auto-import secrets; ManagedCluster available again). Ramen then rebuilds each DRPC in WaitForUser (ensureDRPCStatusConsistency, ramen-facts 2.5) and the failover is set again. No published duration; chosen.',
    ).prefault({ lognormal: { median: '5m', p95: '15m' } }),
  })
  .meta(fieldMeta({ description: 'Model constants; every one has a default (see each field).' }));

export type Timings = z.output<typeof TimingsSchema>;
export type TimingsInput = z.input<typeof TimingsSchema>;

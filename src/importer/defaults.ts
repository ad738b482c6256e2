/**
 * What drsim assumes when the manifests are silent. RamenDR manifests say how
 * replication is configured, never how hard the workloads write, how fast the
 * network is, or which disaster to study; these values make the imported
 * scenario runnable and are marked as assumed in the output.
 */
export const ASSUMED = {
  runs: 200,
  horizon: '7d',
  hubSiteName: 'hub',
  /** Regional-DR: a WAN between data centres. */
  regionalLink: { bandwidth: '1Gbps', rtt: '30ms' },
  /** Metro-DR: a metropolitan link well inside the supported 10 ms RTT. */
  metroLink: { bandwidth: '10Gbps', rtt: '2ms' },
  /** Used when neither the DRPolicy, a VRG nor a VolumeReplicationClass gives an interval. */
  schedulingInterval: '5m',
  writeRate: '1MiB/s',
  /** A PVC or disk whose size the manifests do not give. */
  storageSize: '10Gi',
  /** Ramen's KubeObjectProtectionCaptureIntervalDefault. */
  captureInterval: '5m',
  kubeObjects: 20,
  kubeObjectChangeRate: '1/h',
  disaster: { at: { uniform: ['1d', '6d'] }, repairAfter: '8h' },
  decisionDelay: '10m',
  clusterNames: ['dr1', 'dr2'] as const,
  applicationName: 'app',
  scenarioName: 'imported',
} as const;

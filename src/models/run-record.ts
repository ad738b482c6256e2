/**
 * What one simulated run leaves behind for analysis: per application, the
 * outcome of the disaster or operation it lived through; per image, the
 * replication timeline; and whatever the invariant checks found. Plain data
 * (typed arrays and numbers) so it crosses worker threads cheaply.
 */
export const RTO_STEPS = [
  'detection',
  'decision',
  'hubRecovery',
  'fencing',
  'maintenanceMode',
  'appStop',
  'finalSync',
  'promote',
  'restore',
  'boot',
  'crashRecovery',
  'other',
] as const;
export type RtoStep = (typeof RTO_STEPS)[number];
export type RtoBreakdown = Record<RtoStep, number>;

export function emptyBreakdown(): RtoBreakdown {
  return Object.fromEntries(RTO_STEPS.map((step) => [step, 0])) as RtoBreakdown;
}

export type InvariantId =
  | 'INV-01'
  | 'INV-02'
  | 'INV-03'
  | 'INV-04'
  | 'INV-05'
  | 'INV-06'
  | 'INV-07'
  | 'INV-08'
  | 'INV-09'
  | 'INV-10'
  | 'INV-11'
  | 'INV-12'
  | 'INV-13';

export interface InvariantViolation {
  invariant: InvariantId;
  run: number;
  timeMs: number;
  message: string;
}

export interface VmOutcome {
  name: string;
  application: string;
  /** Worst disk's RPO at the failover (ms). */
  rpoMs: number;
  /** Spread of the disks' recovery points at the failover (ms). */
  diskSkewMs: number;
}

export interface ApplicationOutcome {
  name: string;
  /** The DR action that ran: a failover, a relocate, or none (the application was not hit). */
  action: 'Failover' | 'Relocate' | 'None';
  /** Why a requested action was refused (e.g. relocate preconditions), if it was. */
  refusedReason?: string;
  /** When the application stopped being served (the disaster or the action start). */
  outageStartMs?: number;
  /** When it ran and was ready again (on the target, or back home after a repair). */
  readyMs?: number;
  recoveredInPlace: boolean;
  rpoMs: number;
  /** Unique bytes the recovered copy lacks (rewrites coalesced; <= working set and size per image). */
  dataLossBytes: number;
  /** Volume of the writes lost, each rewrite counted. */
  writesLostBytes: number;
  kubeObjectsLost: number;
  rtoMs: number;
  rtoBreakdownMs: RtoBreakdown;
  unprotectedMs: number;
  reprotected: boolean;
  splitBrainMs: number;
  splitBrainBytes: number;
  /** Metro-DR: how long its writes on the surviving site blocked, over the run, until degraded stretch mode. */
  writeStallMs: number;
  vms: VmOutcome[];
}

export interface ImageTimeline {
  name: string;
  application: string;
  vm?: string;
  /** Creation times of fully synced snapshots, in completion order. */
  syncedCreationMs: Float64Array;
  syncedCompletionMs: Float64Array;
  /** Backlog (now - recovery point) sampled at each snapshot creation. */
  lagSampleTimeMs: Float64Array;
  lagSampleMs: Float64Array;
  mergedSnapshots: number;
  /**
   * When its VolumeReplication refreshes the lastSyncTime Ramen reports:
   * at this phase plus every `RunRecord.lastSyncRefreshMs` (snapshot mode).
   */
  lastSyncRefreshPhaseMs: number;
}

export interface RunWarning {
  code: string;
  message: string;
}

export interface RunRecord {
  runIndex: number;
  traceDigest: string;
  eventsProcessed: number;
  endMs: number;
  /** Replication mode of the policy. */
  mode: 'metro' | 'snapshot' | 'journal';
  schedulingIntervalMs: number | null;
  /** Requeue period of a Primary VolumeReplication (csi-addons), or null without an interval. */
  lastSyncRefreshMs: number | null;
  /** End of the initial full sync of every image (protection established), or null if never. */
  protectionEstablishedMs: number | null;
  /** First disaster or operation, or the horizon: the end of the steady-state window. */
  steadyStateEndMs: number;
  applications: ApplicationOutcome[];
  images: ImageTimeline[];
  /** RPO over time for modes without snapshots: constant lag (journal) or 0 (Metro). */
  constantLagMs: number | null;
  unboundedBacklog: boolean;
  violations: InvariantViolation[];
  warnings: RunWarning[];
}

/**
 * What a workflow did and when, recorded as it happens so the invariant
 * checks (src/analysis/invariants.ts) can verify it independently of the
 * figures the workflow reported.
 */
export interface WriterInterval {
  cluster: string;
  fromMs: number;
  toMs: number;
  reason: string;
}

/** One image's ledger at the instant a failover or relocate fixed its recovery point. */
export interface ImageLossFacts {
  image: number;
  recoveryPointMs: number;
  lossEndMs: number;
  writtenBytes: number;
  replicatedBytes: number;
  pendingBytes: number;
  unsnapshottedBytes: number;
  /** Thrown away by earlier failovers (written, never replicated). */
  discardedBytes: number;
  /** Writes issued after the recovery point up to the loss end, rewrites counted each time (INV-08 ledger). */
  lostBytes: number;
  /** Unique bytes in which the promoted copy differs: those writes coalesced (<= working set, <= size). */
  differingBytes: number;
}

export interface ActionFacts {
  action: 'Failover' | 'Relocate' | 'RecoverInPlace';
  cause: 'disaster' | 'operator';
  triggerMs: number;
  /** The primary the action moved the application from, and the cluster it moved it to. */
  source?: string;
  target?: string;
  /** When the hub started the DRPC action (INV-10). */
  hubActionMs?: number;
  /** Metro: since when the failed cluster was fenced at the promote, if it was (INV-06). */
  fencedMs?: number;
  /** Who fenced it: the failover's own fencing step, or an operator before it. */
  fencedBy?: 'workflow' | 'operator';
  promoteMs?: number;
  restoreMs?: number;
  oldDemotedMs?: number;
  /** Relocate: when the application stopped serving (ACM deleted it after ClearingPlacement), where its downtime starts. */
  downtimeStartMs?: number;
  /** Relocate set while a failback resync was still copying: how long its final sync waited (snapshot mode). */
  resyncWaitMs?: number;
  /** Metro relocate with response.unfencing Automatic: how long it waited for the target to be unfenced, before the DRPC action (not downtime). */
  unfenceWaitMs?: number;
  images?: ImageLossFacts[];
  /** Start of the kube-object capture the target restored, null if none existed. */
  restoredCaptureStartMs?: number | null;
  kubeLossEndMs?: number;
  relocatePreconditions?: boolean;
  refusedReason?: string;
  /** Sum of each step's own minimum duration (INV-09). */
  minimumRtoMs?: number;
}

/**
 * The result contract: what `drsim run --json` prints and the HTTP API returns.
 * User-facing: fields may be added, never renamed. Objects are strict, so a
 * misspelt or renamed key is an error rather than silently ignored.
 */
import { z } from 'zod';

/**
 * A distribution over Monte Carlo runs. Quantiles are non-decreasing and the
 * mean lies within [p-min, max]; a summary that breaks that order has its keys
 * mixed up.
 */
export const SummarySchema = z
  .strictObject({
    mean: z.number(),
    p50: z.number(),
    p90: z.number(),
    p95: z.number(),
    p99: z.number(),
    max: z.number(),
  })
  .refine((s) => s.p50 <= s.p90 && s.p90 <= s.p95 && s.p95 <= s.p99 && s.p99 <= s.max && s.mean <= s.max, {
    message: 'summary must have p50 <= p90 <= p95 <= p99 <= max and mean <= max',
  })
  .describe('Mean, percentiles and maximum over runs');
export type Summary = z.infer<typeof SummarySchema>;

const Fraction = z.number().min(0).max(1);
const Count = z.int().min(0);
const NullableSeconds = z.number().min(0).nullable();

/**
 * The RPO a failure would see at every instant of the steady state, from the
 * end of the seeding (initial copy and catch-up) to the first disaster (or the
 * horizon), as a time-weighted distribution. When the replication backlog
 * grows without bound (replication stalled: a link or peer that never comes
 * back) no finite RPO is reported: the RPO statistics are then null and
 * `unbounded` is true. A saturated link (more changed bytes than it carries)
 * is not unbounded: pending snapshots merge and a merged delta never exceeds
 * the working set, so the lag settles high but finite; its statistics are
 * reported with `saturated` true.
 */
export const RpoOverTimeSchema = z
  .strictObject({
    mean: NullableSeconds,
    p99: NullableSeconds,
    max: NullableSeconds,
    fractionWithinInterval: Fraction,
    alertWarningFraction: Fraction.describe(
      'Time with ramen_rpo_difference > 2 and < 3, from the lastGroupSyncTime Ramen reports (each VolumeReplication refreshed every interval/2, every interval under 2m), as Prometheus alerts on it',
    ),
    alertCriticalFraction: Fraction.describe('Time with ramen_rpo_difference >= 3 (or no lastGroupSyncTime reported yet), from the reported time likewise'),
    unbounded: z.boolean(),
    saturated: z
      .boolean()
      .optional()
      .describe(
        'Syncs never caught up with the snapshots: the link carries less than the writes change, pending snapshots merge (rbd_mirroring_max_mirroring_snapshots) and the RPO settles at about the time to ship a working-set-bounded delta; the statistics are finite',
      ),
    p50: NullableSeconds.optional(),
    p90: NullableSeconds.optional(),
    p95: NullableSeconds.optional(),
  })
  .refine(
    (r) => [r.mean, r.p99, r.max, r.p50, r.p90, r.p95].every((value) => (r.unbounded ? value == null : value !== null)),
    { message: 'RPO statistics are null exactly when the backlog is unbounded' },
  )
  .refine((r) => !(r.unbounded && r.saturated), { message: 'a saturated backlog settles: it is not also unbounded' })
  .describe('RPO over time, in seconds');
export type RpoOverTime = z.infer<typeof RpoOverTimeSchema>;

export const RtoBreakdownSchema = z
  .strictObject({
    detection: SummarySchema,
    decision: SummarySchema,
    fencing: SummarySchema,
    promote: SummarySchema,
    restore: SummarySchema,
    boot: SummarySchema,
    crashRecovery: SummarySchema,
    hubRecovery: SummarySchema.optional().describe('Waiting for a lost hub to be restored (INV-10)'),
    maintenanceMode: SummarySchema.optional().describe('Regional failover on ODF: waiting for the storage MaintenanceMode (rbd-mirror scaled down on the target) to report FailoverActivated'),
    appStop: SummarySchema.optional().describe('Graceful stop of the application (relocate)'),
    finalSync: SummarySchema.optional().describe('Final sync and demotion before a relocate promote'),
    other: SummarySchema.optional().describe('Propagation and placement delays between the steps'),
  })
  .describe('Seconds spent in each failover step');
export type RtoBreakdown = z.infer<typeof RtoBreakdownSchema>;

const DataLossSchema = SummarySchema.describe(
  'Unique bytes the recovered copy lacks: the writes after the recovery point with rewrites of the same blocks counted once (never more than the working set and the size of each image; the whole allocated image when it never synced)',
);
const WritesLostSchema = SummarySchema.describe(
  'Volume of the writes lost after the recovery point, each rewrite counted (what the application re-issues to redo the work)',
);

const SeedingSchema = SummarySchema.describe(
  'Seconds from enabling mirroring to the steady state (snapshot mode): the initial full copy of every image, then the catch-up until a sync ends with nothing pending; over the runs in which it ended before the first disaster, absent when none did',
);

export const ApplicationResultSchema = z.strictObject({
  name: z.string().min(1),
  rpoSeconds: SummarySchema,
  rtoSeconds: SummarySchema,
  dataLossBytes: DataLossSchema,
  rtoBreakdownSeconds: RtoBreakdownSchema,
  writesLostBytes: WritesLostSchema.optional(),
  kubeObjectsLost: SummarySchema.optional(),
  unprotectedSeconds: SummarySchema.optional(),
  seedingSeconds: SeedingSchema.optional(),
  writeStallSeconds: SummarySchema.optional().describe(
    'Metro-DR only: seconds the writes of its instance on the surviving site blocked after a data-site loss, until degraded stretch mode started (timings.metroIoStall), over the run; the application keeps running and is not failed over, so this is an interruption its RTO does not show (0 in runs without such a loss, or with nothing writing there)',
  ),
  writeLatencyAddedMs: z
    .number()
    .min(0)
    .optional()
    .describe(
      'Latency replication adds to each of its writes, in milliseconds: Metro-DR one inter-site round trip (every write waits for the copies in the other site), journal mirroring one journal append (timings.journalAppendLatency), snapshot mirroring 0',
    ),
});
export type ApplicationResult = z.infer<typeof ApplicationResultSchema>;

export const SplitBrainSchema = z
  .strictObject({
    runs: Count.describe('Runs in which two primaries accepted writes at once'),
    seconds: SummarySchema,
    bytesDiverged: SummarySchema,
  })
  .describe('Periods where the old and the new primary both accepted writes (INV-05)');

export const INVARIANT_IDS = [
  'INV-01',
  'INV-02',
  'INV-03',
  'INV-04',
  'INV-05',
  'INV-06',
  'INV-07',
  'INV-08',
  'INV-09',
  'INV-10',
  'INV-11',
  'INV-12',
  'INV-13',
] as const;
export const InvariantIdSchema = z.enum(INVARIANT_IDS);
export type InvariantId = z.infer<typeof InvariantIdSchema>;

export const InvariantViolationSchema = z.strictObject({
  invariant: InvariantIdSchema,
  run: Count,
  timeMs: z.number().min(0),
  message: z.string().min(1),
});
export type InvariantViolation = z.infer<typeof InvariantViolationSchema>;

export const ObjectiveResultSchema = z.strictObject({
  metric: z.enum(['rpo', 'rto']),
  percentile: z.number().gt(0).max(100),
  targetSeconds: z.number().min(0),
  achievedSeconds: z.number().min(0),
  met: z.boolean(),
});
export type ObjectiveResult = z.infer<typeof ObjectiveResultSchema>;

export const ResultWarningSchema = z.strictObject({
  code: z.string().min(1),
  message: z.string().min(1),
});
export type ResultWarning = z.infer<typeof ResultWarningSchema>;

export const VmResultSchema = z.strictObject({
  name: z.string().min(1),
  application: z.string().min(1),
  rpoSeconds: SummarySchema,
  diskSkewSeconds: SummarySchema.describe('Spread of recovery points between the disks of the VM'),
});
export type VmResult = z.infer<typeof VmResultSchema>;

export const ResultSchema = z
  .strictObject({
    drsimVersion: z.string().min(1),
    scenario: z.string().min(1),
    seed: z.int(),
    runs: z.int().min(1),
    traceDigest: z.string().regex(/^[0-9a-f]+$/, 'lower-case hex'),
    eventsProcessed: Count,
    summary: z.strictObject({
      rpoSeconds: SummarySchema,
      rtoSeconds: SummarySchema,
      dataLossBytes: DataLossSchema,
      kubeObjectsLost: SummarySchema,
      unprotectedSeconds: SummarySchema,
      writesLostBytes: WritesLostSchema.optional(),
      seedingSeconds: SeedingSchema.optional(),
    }),
    rpoOverTime: RpoOverTimeSchema,
    applications: z.array(ApplicationResultSchema),
    splitBrain: SplitBrainSchema,
    invariantViolations: z.array(InvariantViolationSchema),
    objectives: z.array(ObjectiveResultSchema).optional(),
    warnings: z.array(ResultWarningSchema).optional(),
    vms: z.array(VmResultSchema).optional(),
  })
  .describe('drsim result');
export type Result = z.infer<typeof ResultSchema>;

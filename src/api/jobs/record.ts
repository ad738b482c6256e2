/** A job as the store keeps it: its request, state, progress and outcome. */
import { z } from 'zod';
import { ErrorResponseSchema } from '../schemas/errors.js';
import { JOB_KINDS } from '../work/types.js';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobStatusSchema = z
  .enum(JOB_STATUSES)
  .describe('queued and running jobs are active; succeeded, failed and cancelled are final');
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const ProgressSchema = z.strictObject({
  completedRuns: z.int().min(0),
  totalRuns: z.int().min(0),
});

/** Bumped when the stored shape changes incompatibly; older files are then ignored with a log line. */
export const JOB_RECORD_FORMAT = 1;

export const JobRecordSchema = z.strictObject({
  format: z.literal(JOB_RECORD_FORMAT),
  id: z.uuid(),
  kind: z.enum(JOB_KINDS),
  status: JobStatusSchema,
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().optional(),
  finishedAt: z.iso.datetime().optional(),
  attempts: z.int().min(0).describe('Times the job was started (a restart while it ran starts it again)'),
  progress: ProgressSchema,
  estimatedEvents: z.number().min(0).describe('Simulated events the work is estimated to need'),
  request: z.unknown(),
  output: z.unknown().optional(),
  error: ErrorResponseSchema.optional(),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;

export function isFinal(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** Jobs as clients see them: the 202 answer and the status document. */
import { z } from 'zod';
import { JobRecordSchema, JobStatusSchema, type JobRecord } from '../jobs/record.js';
import { WorkOutputSchema } from '../work/outputs.js';
import { JOB_KINDS } from '../work/types.js';
import { ErrorResponseSchema } from './errors.js';

const JobLinksSchema = z.strictObject({
  self: z.string().describe('GET: status, progress and result'),
  cancel: z.string().describe('DELETE: cancel while queued or running'),
});

export const JobAcceptedSchema = z
  .strictObject({
    jobId: z.uuid(),
    kind: z.enum(JOB_KINDS),
    status: JobStatusSchema,
    estimatedEvents: z.number().min(0).describe('Simulated events the work is estimated to need'),
    links: JobLinksSchema,
  })
  .describe('The work was accepted as a job; poll links.self');

export const JobViewSchema = JobRecordSchema.omit({ format: true, request: true, output: true, error: true })
  .extend({
    output: WorkOutputSchema.optional().describe('Present once the job has succeeded'),
    error: ErrorResponseSchema.optional().describe('Present when the job failed'),
    links: JobLinksSchema,
  })
  .describe('A job');
export type JobView = z.infer<typeof JobViewSchema>;

export function jobLinks(id: string): z.infer<typeof JobLinksSchema> {
  return { self: `/v1/jobs/${id}`, cancel: `/v1/jobs/${id}` };
}

export function jobAccepted(job: JobRecord): z.infer<typeof JobAcceptedSchema> {
  return { jobId: job.id, kind: job.kind, status: job.status, estimatedEvents: job.estimatedEvents, links: jobLinks(job.id) };
}

export function jobView(job: JobRecord): JobView {
  const { format: _format, request: _request, output, ...rest } = job;
  return { ...rest, ...(output === undefined ? {} : { output: output as JobView['output'] }), links: jobLinks(job.id) };
}

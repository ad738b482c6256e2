/** GET /v1/jobs/{id} (status, progress, result) and DELETE /v1/jobs/{id} (cancel). */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../context.js';
import type { ApiConfig } from '../config.js';
import { notFound } from '../errors.js';
import { humanBytes, humanSeconds } from '../../format/units.js';
import { errorResponses } from '../schemas/errors.js';
import { JobViewSchema, jobView } from '../schemas/jobs.js';

const JobParamsSchema = z.strictObject({ id: z.string().describe('The job id from the 202 answer') });

export const jobRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Job status, progress and result',
        params: JobParamsSchema,
        response: { 200: JobViewSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const job = context.jobs.get(request.params.id);
      if (!job) throw notFound(`no job ${request.params.id} (${retentionRule(context.config)})`);
      return jobView(job);
    },
  );
  app.delete(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Cancel a queued or running job',
        description: 'Answers the job, now cancelled; 409 when it had already finished.',
        params: JobParamsSchema,
        response: { 200: JobViewSchema, ...errorResponses(401, 404, 409, 507) },
      },
    },
    async (request) => jobView(await context.jobs.cancel(request.params.id)),
  );
};

/** How long a finished job is kept, as a client that lost one reads it. */
function retentionRule(config: ApiConfig): string {
  return (
    `finished jobs are kept for ${humanSeconds(config.jobRetentionMs / 1000)}, the newest ${config.retainJobs} ` +
    `within ${humanBytes(config.retainBytes)}`
  );
}

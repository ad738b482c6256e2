/** POST /v1/sweeps and POST /v1/sizing: studies over a grid, and the search for the cheapest setting. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answerWork, type ApiContext } from '../context.js';
import { errorResponses } from '../schemas/errors.js';
import { JobAcceptedSchema } from '../schemas/jobs.js';
import { SizingOutputSchema, SizingRequestSchema, sizingRequestOf } from '../work/sizing.js';
import { SweepOutputSchema, SweepRequestSchema, sweepRequestOf } from '../work/sweep.js';

const WORK_ERRORS = errorResponses(400, 401, 413, 415, 422, 429, 503, 507);

export const sweepRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  const admission = context.admission.hooks();
  app.post(
    '/sweeps',
    {
      ...admission,
      schema: {
        tags: ['simulation'],
        summary: 'Sweep scenario fields over a grid',
        description: 'One Monte Carlo study per combination of the axis values, all with the same seed. 200 with every row, or 202 with a job.',
        body: SweepRequestSchema,
        response: { 200: SweepOutputSchema, 202: JobAcceptedSchema, ...WORK_ERRORS },
      },
    },
    async (request, reply) => answerWork(context, context.preparers.sweep(sweepRequestOf(request.body)), request.body.async, reply),
  );
  app.post(
    '/sizing',
    {
      ...admission,
      schema: {
        tags: ['simulation'],
        summary: 'Size the interval or the bandwidth',
        description:
          'The longest schedulingInterval, or the least replication bandwidth, that meets spec.objectives at their percentile (bisection, common random numbers). 200 with the answer, or 202 with a job.',
        body: SizingRequestSchema,
        response: { 200: SizingOutputSchema, 202: JobAcceptedSchema, ...WORK_ERRORS },
      },
    },
    async (request, reply) => answerWork(context, context.preparers.sizing(sizingRequestOf(request.body)), request.body.async, reply),
  );
};

/**
 * POST /v1/validate: checks a scenario as `drsim validate` does (200 when
 * valid, with warnings; 422 with every issue otherwise) and against this
 * server's limits, and says whether simulating it would answer now or as a job.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../context.js';
import { resolveScenario } from '../scenario-source.js';
import { errorResponses, IssueSchema } from '../schemas/errors.js';
import { ValidateRequestSchema } from '../schemas/requests.js';
import { checkStudyLimits } from '../work/limits.js';

const ValidationSchema = z
  .strictObject({
    valid: z.literal(true),
    name: z.string(),
    warnings: z.array(IssueSchema),
    runs: z.int().min(1),
    estimatedEvents: z.number().min(0).describe('Simulated events a study of spec.runs runs is estimated to need'),
    estimatedMemoryBytes: z.number().min(0).describe("Memory a study of spec.runs runs is estimated to hold at its peak on this server's workers (limit: --max-memory)"),
    simulationAnswer: z.enum(['synchronous', 'job']).describe('How POST /v1/simulations would answer this scenario'),
  })
  .describe('The scenario is valid');

export const validateRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.post(
    '/validate',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Validate a scenario',
        body: ValidateRequestSchema,
        response: { 200: ValidationSchema, ...errorResponses(400, 401, 413, 415, 422) },
      },
    },
    async (request) => {
      const { scenario, warnings } = resolveScenario(request.body);
      const size = checkStudyLimits(scenario, undefined, context.config);
      return {
        valid: true as const,
        name: scenario.metadata.name,
        warnings,
        runs: size.runs,
        estimatedEvents: size.estimatedEvents,
        estimatedMemoryBytes: size.estimatedMemoryBytes,
        simulationAnswer: size.estimatedEvents > context.config.syncEventBudget ? ('job' as const) : ('synchronous' as const),
      };
    },
  );
};

/** POST /v1/simulations: a Monte Carlo study; the result contract and its verdict. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answerWork, type ApiContext } from '../context.js';
import { errorResponses } from '../schemas/errors.js';
import { JobAcceptedSchema } from '../schemas/jobs.js';
import { SimulationRequestSchema } from '../schemas/requests.js';
import { SimulationOutputSchema, simulationRequestOf } from '../work/simulation.js';

export const simulationRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.post(
    '/simulations',
    {
      ...context.admission.hooks(),
      schema: {
        tags: ['simulation'],
        summary: 'Simulate a scenario',
        description:
          'Runs the scenario `runs` times. Small studies answer 200 with the result; studies over the synchronous budget, or with "async": true, answer 202 with a job.',
        body: SimulationRequestSchema,
        response: { 200: SimulationOutputSchema, 202: JobAcceptedSchema, ...errorResponses(400, 401, 413, 415, 422, 429, 503, 507) },
      },
    },
    async (request, reply) => answerWork(context, context.preparers.simulation(simulationRequestOf(request.body)), request.body.async, reply),
  );
};

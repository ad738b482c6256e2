/**
 * Every /v1 endpoint as one encapsulated plugin under its prefix. The bearer
 * check is a hook of this plugin, so fastify runs it for exactly the routes
 * registered here, on the route the router matched: however the target was
 * spelled (percent-encoded, absolute form, trailing slash), a request that
 * reaches a /v1 handler has passed it, and one that matches nothing is a 404.
 */
import type { FastifyPluginAsync } from 'fastify';
import { MAX_DOCUMENT_DEPTH, nestingDepthExceeds } from '../../scenarios/index.js';
import type { ApiContext } from '../context.js';
import { limitExceeded } from '../errors.js';
import { installBearerAuth } from '../plugins/auth.js';
import { importRoutes } from './import.js';
import { jobRoutes } from './jobs.js';
import { scenarioRoutes } from './scenarios.js';
import { simulationRoutes } from './simulations.js';
import { sweepRoutes } from './sweeps.js';
import { validateRoutes } from './validate.js';

export const V1_PREFIX = '/v1';

export const v1Routes: FastifyPluginAsync<{ context: ApiContext }> = async (app, { context }) => {
  installBearerAuth(app, context.config.token);
  // Before the schemas walk a body: validators and the scenario checks recurse per level, and a deep enough body overflows the stack.
  app.addHook('preValidation', async (request) => {
    if (nestingDepthExceeds(request.body, MAX_DOCUMENT_DEPTH)) {
      throw limitExceeded('depth', MAX_DOCUMENT_DEPTH, undefined, `the request body is nested more than ${MAX_DOCUMENT_DEPTH} levels deep`);
    }
  });
  await app.register(scenarioRoutes);
  await app.register(validateRoutes, { context });
  await app.register(importRoutes);
  await app.register(simulationRoutes, { context });
  await app.register(sweepRoutes, { context });
  await app.register(jobRoutes, { context });
};

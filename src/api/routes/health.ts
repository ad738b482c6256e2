/**
 * Liveness and readiness. Neither touches the worker pool, so both answer
 * while simulations run: /healthz says the process serves requests, /readyz
 * whether it takes new work (not while shutting down).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DRSIM_VERSION } from '../../version.js';
import type { ApiContext } from '../context.js';

const HealthSchema = z.strictObject({ status: z.literal('ok'), version: z.string(), uptimeSeconds: z.number().min(0) });
const ReadinessSchema = z.strictObject({
  status: z.enum(['ready', 'shutting down']),
  jobs: z.strictObject({ queued: z.int().min(0), running: z.int().min(0) }),
  synchronousRequests: z.int().min(0),
});

export const healthRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  const open = { security: [], tags: ['health'] };
  app.get('/healthz', { schema: { ...open, summary: 'Liveness', response: { 200: HealthSchema } } }, async () => ({
    status: 'ok' as const,
    version: DRSIM_VERSION,
    uptimeSeconds: process.uptime(),
  }));
  app.get(
    '/readyz',
    { schema: { ...open, summary: 'Readiness: 503 while shutting down', response: { 200: ReadinessSchema, 503: ReadinessSchema } } },
    async (_request, reply) => {
      const shuttingDown = context.lifecycle.shuttingDown;
      return reply.code(shuttingDown ? 503 : 200).send({
        status: shuttingDown ? 'shutting down' : 'ready',
        jobs: context.jobs.counts(),
        synchronousRequests: context.sync.active,
      });
    },
  );
};

/**
 * CORS, off unless an origin is given (`drsim serve --cors ORIGIN`): the API
 * then answers preflights and lets that origin (or any, with `*`) read
 * responses. Without it browsers on other origins cannot call the API.
 */
import type { FastifyInstance } from 'fastify';

const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'authorization, content-type';
const EXPOSED_HEADERS = 'location, retry-after';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

export function installCors(app: FastifyInstance, allowedOrigin: string | undefined): void {
  if (!allowedOrigin) return;
  const allows = (origin: string | undefined) => origin !== undefined && (allowedOrigin === '*' || origin === allowedOrigin);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    reply.header('vary', 'Origin');
    if (!allows(origin)) return;
    reply.header('access-control-allow-origin', allowedOrigin === '*' ? '*' : origin);
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
  });
  app.options('*', { schema: { hide: true } }, async (request, reply) => {
    if (allows(request.headers.origin)) {
      reply.header('access-control-allow-methods', ALLOWED_METHODS);
      reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      reply.header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS);
    }
    return reply.code(204).send();
  });
}

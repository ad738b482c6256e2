/**
 * Optional bearer-token authentication (DRSIM_API_TOKEN). Installed inside the
 * /v1 plugin (routes/v1.ts), it guards the routes of that plugin and no
 * others: the decision rests on which route matched, never on the text of the
 * URL, which the router decodes and normalises after any hook could read it.
 * Health checks and the API documentation live outside, so probes and browsers
 * need no secret. Each guarded operation declares the scheme in the OpenAPI
 * document.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';

/** The OpenAPI security scheme the guarded operations name. */
export const BEARER_SCHEME = { bearer: { type: 'http', scheme: 'bearer' } } as const;

export function installBearerAuth(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  const expected = digest(token);
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, security: [{ bearer: [] }] };
  });
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer[ \t]+(.+)$/i.exec(header);
    // Hashing first gives equal lengths, so the comparison time says nothing about the token.
    if (match && timingSafeEqual(digest(match[1].trim()), expected)) return;
    const error = new ApiError(401, 'unauthorized', match ? 'the bearer token is not valid' : 'this endpoint needs an Authorization: Bearer <token> header');
    await reply.code(401).header('www-authenticate', 'Bearer realm="drsim"').send(error.body());
    return reply;
  });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

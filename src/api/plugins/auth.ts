/**
 * Optional bearer-token authentication (DRSIM_API_TOKEN): every /v1 endpoint
 * then needs `Authorization: Bearer <token>`. Health checks and the API
 * documentation stay open, so probes and browsers need no secret.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';

const PROTECTED_PREFIX = '/v1/';

export function installBearerAuth(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  const expected = digest(token);
  app.addHook('onRequest', async (request, reply) => {
    // CORS preflights carry no credentials by design.
    if (request.method === 'OPTIONS' || !request.url.startsWith(PROTECTED_PREFIX)) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
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

/**
 * The OpenAPI document, generated from the same zod schemas that validate
 * requests and responses, at /openapi.json, and Swagger UI at /docs. The
 * scenario JSON Schema is included as a component for tools that build
 * scenario objects.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { scenarioJsonSchema } from '../../scenarios/index.js';
import { DRSIM_VERSION } from '../../version.js';
import { BEARER_SCHEME } from './auth.js';

export async function registerDocs(app: FastifyInstance, authenticated: boolean): Promise<void> {
  const { $schema: _dialect, ...scenarioSchema } = scenarioJsonSchema();
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'drsim HTTP API',
        description:
          'Simulate RamenDR-style disaster recovery: RTO, RPO and data loss as distributions. Work over the synchronous budget is answered with 202 and a job to poll.',
        version: DRSIM_VERSION,
      },
      components: {
        schemas: { Scenario: scenarioSchema },
        // The operations that need it say so themselves (plugins/auth.ts); there is no document-wide default.
        ...(authenticated ? { securitySchemes: BEARER_SCHEME } : {}),
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

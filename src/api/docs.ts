/**
 * The OpenAPI document of /api/v1, generated from the contract's zod schemas that the
 * routes carry, and served at /api/docs to whoever may call the API. No viewer page: it
 * would need scripts our Content-Security-Policy refuses; any OpenAPI tool reads the JSON.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

const documentedPrefix = '/api/v1/';

// Pages, health checks and the outbox are not the API.
const transform: typeof jsonSchemaTransform = (route) => (route.url.startsWith(documentedPrefix) ? jsonSchemaTransform(route) : { schema: { hide: true }, url: route.url });

/** Collects the routes registered after it. */
export async function collectApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Presswire API',
        version: '1',
        description: 'Press-release distribution. Every failure is an RFC 9457 problem (application/problem+json) whose `issues` name the fields at fault.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`presswire tokens create`, or the admin token in the data directory)' } } },
      security: [{ bearer: [] }],
    },
    transform,
  });
}

export function apiDocsRoute(app: FastifyInstance): void {
  app.get('/docs', async () => app.swagger());
}

/** `GET /api/v1/openapi.json`: the OpenAPI document of the API, built from the shared schemas. */
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from './openapiDocument';

export function openApiRoutes(app: FastifyInstance): void {
  // Built once: it depends on the code only. Public, so clients and tools can read it without a key.
  const document = JSON.stringify(buildOpenApiDocument());
  app.get('/api/v1/openapi.json', async (_request, reply) => reply.type('application/json').send(document));
}

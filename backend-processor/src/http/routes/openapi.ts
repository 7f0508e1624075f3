/** `GET /api/v1/openapi.json`: the OpenAPI document of the API, built from the shared schemas. */
import type { FastifyInstance } from 'fastify';

export function openApiRoutes(_app: FastifyInstance): void {
  // Filled in by the OpenAPI work.
}

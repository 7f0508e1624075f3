/** `GET /api/v1/metadata/*`: metrics, measures, dimensions and dimension values for editors and variables. */
import type { FastifyInstance } from 'fastify';
import type { QueryRouteDeps } from './queryDeps';

export function metadataRoutes(_app: FastifyInstance, _deps: QueryRouteDeps): void {
  // Filled in by the metadata work.
}

/** `POST /api/v1/query/events`: raw events search with filters, free text and cursor paging. */
import type { FastifyInstance } from 'fastify';
import type { QueryRouteDeps } from './queryDeps';

export function eventSearchRoutes(_app: FastifyInstance, _deps: QueryRouteDeps): void {
  // Filled in by the events search work.
}

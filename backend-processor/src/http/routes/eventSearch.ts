/** `POST /api/v1/query/events`: raw events search with filters, free text and cursor paging. */
import { EventSearchQuery } from '@llm-hub/query-contract';
import type { FastifyInstance } from 'fastify';
import { searchEvents } from '../../query/events';
import type { QueryRouteDeps } from './queryDeps';

export function eventSearchRoutes(app: FastifyInstance, deps: QueryRouteDeps): void {
  app.post<{ Body: EventSearchQuery }>(
    '/api/v1/query/events',
    { config: { scope: 'read' }, schema: { body: EventSearchQuery } },
    // A tenant-bound key reads its tenant only, whatever the filters name.
    async (request) => searchEvents(deps.db, request.body, request.apiKey?.tenant ?? null),
  );
}

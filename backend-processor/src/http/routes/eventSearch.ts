/** `POST /api/v1/query/events`: raw events search with filters, free text and cursor paging; audited. */
import { EventSearchQuery } from '@llm-hub/query-contract';
import type { FastifyInstance } from 'fastify';
import { searchEvents } from '../../query/events';
import { appendAudit } from '../../storage/auditLog';
import type { QueryRouteDeps } from './queryDeps';

export function eventSearchRoutes(app: FastifyInstance, deps: QueryRouteDeps): void {
  app.post<{ Body: EventSearchQuery }>(
    '/api/v1/query/events',
    { config: { scope: 'read' }, schema: { body: EventSearchQuery } },
    async (request) => {
      // A tenant-bound key reads its tenant only, whatever the filters name.
      const result = await searchEvents(deps.db, request.body, request.apiKey?.tenant ?? null);
      // Raw events may hold prompts and personal data: every read is on record.
      await appendAudit(deps.db, {
        actor: request.apiKey,
        action: 'events.read',
        target: request.apiKey?.tenant ?? null,
        details: { query: request.body, returned: result.events.length },
      });
      return result;
    },
  );
}

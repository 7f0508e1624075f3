/**
 * `GET /api/v1/tenants/:tenant/export`: every stored event of a tenant as NDJSON, oldest page
 * last (the events search's order, newest first), for data-protection requests. Streams page by
 * page, so a large tenant costs no more memory than a page. Audited.
 */
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { searchEvents } from '../../query/events';
import { appendAudit } from '../../storage/auditLog';
import type { QueryRouteDeps } from './queryDeps';

const PAGE = 1000;

export function tenantRoutes(app: FastifyInstance, deps: QueryRouteDeps): void {
  app.get<{ Params: { tenant: string } }>(
    '/api/v1/tenants/:tenant/export',
    { config: { scope: 'admin' } },
    async (request, reply) => {
      const { tenant } = request.params;
      const actor = request.apiKey;
      async function* lines(): AsyncGenerator<string> {
        let cursor: string | undefined;
        let exported = 0;
        do {
          const page = await searchEvents(
            deps.db,
            // To a day ahead: events may be stamped a little in the future (HUB_MAX_FUTURE_SKEW_SECONDS).
            { from: 0, to: Date.now() + 86_400_000, limit: PAGE, ...(cursor ? { cursor } : {}) },
            tenant,
          );
          for (const event of page.events) yield `${JSON.stringify(event)}\n`;
          exported += page.events.length;
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        await appendAudit(deps.db, { actor, action: 'tenant.export', target: tenant, details: { exported } });
      }
      return reply
        .type('application/x-ndjson')
        .header('content-disposition', `attachment; filename="${encodeURIComponent(tenant)}-events.ndjson"`)
        .send(Readable.from(lines()));
    },
  );
}

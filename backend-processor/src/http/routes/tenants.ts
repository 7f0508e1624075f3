/**
 * Data-protection requests for a tenant, with an admin key, both audited:
 * - `GET /api/v1/tenants/:tenant/export`: every stored event as NDJSON (the events search's order,
 *   newest first), streamed page by page, so a large tenant costs no more memory than a page;
 * - `DELETE /api/v1/tenants/:tenant`: its events, waiting pair halves and dead letters deleted, and
 *   the rollups recomputed without it, in one transaction.
 */
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { searchEvents } from '../../query/events';
import { appendAudit } from '../../storage/auditLog';
import { eraseTenantRollups } from '../../rollups/tenantErase';
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

  app.delete<{ Params: { tenant: string } }>(
    '/api/v1/tenants/:tenant',
    { config: { scope: 'admin' } },
    async (request) => {
      const { tenant } = request.params;
      const erased = await deps.db.transaction(async (tx) => {
        const events = await tx.query('DELETE FROM events WHERE tenant = $1', [tenant]);
        await tx.query(
          "DELETE FROM pending_pairs WHERE coalesce(request->>'tenant', response->>'tenant') = $1",
          [tenant],
        );
        const deadLetters = await tx.query('DELETE FROM dead_letters WHERE tenant = $1', [tenant]);
        const rollupRows = await eraseTenantRollups(tx, tenant);
        const counts = { events: events.rowCount, deadLetters: deadLetters.rowCount, rollupRows };
        await appendAudit(tx, {
          actor: request.apiKey,
          action: 'tenant.erase',
          target: tenant,
          details: counts,
        });
        return counts;
      });
      return { tenant, ...erased };
    },
  );
}

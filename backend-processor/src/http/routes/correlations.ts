/** `POST /api/v1/correlations`: the correlation graph of a time range, in Node Graph fields. */
import { CorrelationQuery, type CorrelationQuery as CorrelationBody } from '@llm-hub/query-contract';
import type { FastifyInstance } from 'fastify';
import { correlate } from '../../analytics/correlation/correlate';
import { refuseTenantBound } from '../auth';
import { readQueryOptions } from '../schemaErrors';
import type { QueryRouteDeps } from './queryDeps';

export function correlationRoutes(app: FastifyInstance, deps: QueryRouteDeps): void {
  app.post('/api/v1/correlations', readQueryOptions(CorrelationQuery), async (request, reply) => {
    // Links span tenants (modules, models, anomalies of all traffic): not one tenant's to see.
    if (refuseTenantBound(request, reply, 'correlations')) return reply;
    return correlate(deps.db, request.body as CorrelationBody, deps.rollupTags);
  });
}

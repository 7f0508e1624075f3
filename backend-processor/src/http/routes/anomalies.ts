/** `POST /api/v1/anomalies`: anomaly episodes found by the live detectors, and as annotations. */
import { AnomalyQuery, type AnomalyQuery as AnomalyQueryBody } from '@llm-hub/query-contract';
import type { FastifyInstance } from 'fastify';
import { listAnomalies } from '../../analytics/anomaly/list';
import { refuseTenantBound } from '../auth';
import { readQueryOptions } from '../schemaErrors';
import type { QueryRouteDeps } from './queryDeps';

export function anomalyRoutes(app: FastifyInstance, deps: QueryRouteDeps): void {
  app.post('/api/v1/anomalies', readQueryOptions(AnomalyQuery), async (request, reply) => {
    // The detectors watch every tenant's traffic together: their findings are not one tenant's to see.
    if (refuseTenantBound(request, reply, 'anomalies')) return reply;
    return listAnomalies(deps.db, request.body as AnomalyQueryBody);
  });
}

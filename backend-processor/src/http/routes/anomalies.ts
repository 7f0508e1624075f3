/** `POST /api/v1/anomalies`: anomaly episodes found by the live detectors, and as annotations. */
import { AnomalyQuery, type AnomalyQuery as AnomalyQueryBody } from '@llm-hub/query-contract';
import type { FastifyInstance } from 'fastify';
import { listAnomalies } from '../../analytics/anomaly/list';
import { readQueryOptions } from '../schemaErrors';
import type { QueryRouteDeps } from './queryDeps';

export function anomalyRoutes(app: FastifyInstance, deps: QueryRouteDeps): void {
  app.post('/api/v1/anomalies', readQueryOptions(AnomalyQuery), async (request, reply) => {
    // The detectors watch every tenant's traffic together: their findings are not one tenant's to see.
    if (request.apiKey?.tenant) {
      return reply.code(403).send({
        statusCode: 403,
        error: 'Forbidden',
        message: `anomalies are detected over all tenants together; the key is bound to tenant "${request.apiKey.tenant}"`,
      });
    }
    return listAnomalies(deps.db, request.body as AnomalyQueryBody);
  });
}

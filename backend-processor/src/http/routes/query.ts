/** `POST /api/v1/query/timeseries` and `POST /api/v1/query/table`: aggregates read from the rollups. */
import type { FastifyInstance } from 'fastify';
import type { QueryRouteDeps } from './queryDeps';

export function queryRoutes(_app: FastifyInstance, _deps: QueryRouteDeps): void {
  // Filled in by the query engine work.
}

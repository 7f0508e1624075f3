/** `POST /api/v1/query/timeseries` and `POST /api/v1/query/table`: aggregates read from the rollups. */
import {
  TableQuery,
  TimeSeriesQuery,
  type TableQuery as TableQueryBody,
  type TimeSeriesQuery as TimeSeriesQueryBody,
} from '@llm-hub/query-contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { queryTable } from '../../query/table';
import { queryTimeSeries } from '../../query/timeseries';
import type { QueryContext } from '../../query/prepare';
import { readQueryOptions } from '../schemaErrors';
import type { QueryRouteDeps } from './queryDeps';

function contextOf(request: FastifyRequest, deps: QueryRouteDeps): QueryContext {
  return { rollupTags: deps.rollupTags, boundTenant: request.apiKey?.tenant ?? null };
}

/**
 * No response schemas: fast-json-stringify cannot serialize the points' [time, number | null]
 * tuples ("Item at 1 does not match schema definition"), so answers go through JSON.stringify.
 */
export function queryRoutes(app: FastifyInstance, deps: QueryRouteDeps): void {
  app.post('/api/v1/query/timeseries', readQueryOptions(TimeSeriesQuery), (request) =>
    queryTimeSeries(deps.db, request.body as TimeSeriesQueryBody, contextOf(request, deps)),
  );
  app.post('/api/v1/query/table', readQueryOptions(TableQuery), (request) =>
    queryTable(deps.db, request.body as TableQueryBody, contextOf(request, deps)),
  );
}

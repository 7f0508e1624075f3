/** `POST /api/v1/forecast` and `POST /api/v1/cost/projection`: forecasts of the rollup series. */
import {
  CostProjectionQuery,
  ForecastQuery,
  type CostProjectionQuery as CostProjectionBody,
  type Filter,
  type ForecastQuery as ForecastBody,
} from '@llm-hub/query-contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ForecastService } from '../../analytics/forecast/service';
import { readQueryOptions } from '../schemaErrors';

/** A tenant-bound key forecasts its own tenant's traffic only. */
function scoped(request: FastifyRequest, filters: Filter[] | undefined): Filter[] {
  const tenant = request.apiKey?.tenant;
  return tenant ? [...(filters ?? []), { key: 'tenant', op: 'eq', value: tenant }] : (filters ?? []);
}

export function forecastRoutes(app: FastifyInstance, forecasts: ForecastService): void {
  app.post('/api/v1/forecast', readQueryOptions(ForecastQuery), (request) => {
    const body = request.body as ForecastBody;
    return forecasts.forecast({ ...body, filters: scoped(request, body.filters) });
  });
  app.post('/api/v1/cost/projection', readQueryOptions(CostProjectionQuery), (request) => {
    const body = request.body as CostProjectionBody;
    return forecasts.costProjection({ ...body, filters: scoped(request, body.filters) });
  });
}

/**
 * Queries of the dashboards' panels: the hub datasource's own query model (its types.ts), and
 * Prometheus queries, as foundation-SDK builders.
 */
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { DataqueryBuilder as PrometheusQuery } from '@grafana/grafana-foundation-sdk/prometheus';
import type { HubQuery, QueryFilter } from '../../datasource-plugin/src/types';
import { HUB, PROMETHEUS } from './datasources';

type HubTarget = Omit<HubQuery, 'refId' | 'datasource'>;

/** A query of the hub datasource, checked against its query model by the compiler. */
export function hub(query: HubTarget): Builder<Dataquery> {
  return {
    build: () => ({ datasource: HUB, ...query, _implementsDataqueryVariant() {} }) as Dataquery,
  };
}

/** The dashboard's four variables as filters (`*`, their all value, is no filter). */
export function byVariables(...keys: Array<'tenant' | 'model' | 'environment' | 'route'>): QueryFilter[] {
  return keys.map((key) => ({ key, op: 'eq', value: `$${key}` }));
}

export const ALL_VARIABLES = byVariables('tenant', 'model', 'environment', 'route');

/** A measure per window (the panel's, or `window`) over all that `filters` select: one series. */
export function windowed(
  metric: string,
  measure: string,
  filters: QueryFilter[],
  window = 'auto',
): Builder<Dataquery> {
  return hub({ queryType: 'timeseries', metric, measure, window, filters });
}

/** A measure over the whole time range per group (a table query); the largest `topN` groups. */
export function perGroup(
  metric: string,
  measure: string,
  groupBy: string[],
  filters: QueryFilter[],
  topN?: number,
): Builder<Dataquery> {
  return hub({ queryType: 'table', metric, measure, groupBy, ...(topN ? { topN } : {}), filters });
}

/** A measure per panel window, one series per value of `dimension` (its value as the legend). */
export function seriesBy(
  dimension: 'model' | 'route' | 'tenant',
  metric: string,
  measure: string,
  options: { topN?: number } = {},
): Builder<Dataquery> {
  return hub({
    queryType: 'timeseries',
    metric,
    measure,
    window: 'auto',
    groupBy: [dimension],
    ...options,
    alias: `{{${dimension}}}`,
    filters: ALL_VARIABLES,
  });
}

export function promql(expr: string, legendFormat?: string): PrometheusQuery {
  const query = new PrometheusQuery().expr(expr).datasource(PROMETHEUS).range();
  return legendFormat ? query.legendFormat(legendFormat) : query;
}

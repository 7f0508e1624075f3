/** What a new query starts as, and what a query keeps when its type changes. */
import type { HubQuery, QueryType } from './types';

/** What a new query of each type starts as: each shows data on a processor with traffic. */
export const DEFAULT_QUERIES: Record<QueryType, Partial<HubQuery>> = {
  timeseries: { metric: 'latency_ms', measure: 'p95', window: 'auto', groupBy: ['model'] },
  table: { metric: 'cost_usd', measure: 'sum', groupBy: ['model'] },
  events: { limit: 100 },
  anomalies: { minSeverity: 'low', limit: 100 },
  correlations: {},
  forecast: { metric: 'cost_usd', measure: 'sum', horizonHours: 24 },
  cost_projection: {},
};

export const DEFAULT_QUERY: Partial<HubQuery> = { queryType: 'timeseries', ...DEFAULT_QUERIES.timeseries };

const AGGREGATING: readonly QueryType[] = ['timeseries', 'table', 'forecast'];
const GROUPING: readonly QueryType[] = ['timeseries', 'table'];

/**
 * The query as the new type: its filters, and its metric and measure (group-by, top N) where both
 * types have them, over the new type's defaults.
 */
export function switchQueryType(query: HubQuery, next: QueryType): HubQuery {
  const previous = query.queryType ?? 'timeseries';
  const both = (types: readonly QueryType[]) => types.includes(previous) && types.includes(next);
  return {
    refId: query.refId,
    ...(query.hide !== undefined ? { hide: query.hide } : {}),
    ...(query.datasource ? { datasource: query.datasource } : {}),
    ...DEFAULT_QUERIES[next],
    ...(query.filters?.length ? { filters: query.filters } : {}),
    ...(both(AGGREGATING) ? { metric: query.metric, measure: query.measure } : {}),
    ...(both(GROUPING) ? { groupBy: query.groupBy, topN: query.topN } : {}),
    queryType: next,
  };
}

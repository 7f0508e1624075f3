/** The datasource's query model, settings and query types. */
import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

export const QUERY_TYPES = [
  { value: 'timeseries', label: 'Time series', description: 'A measure of a metric per time window' },
  { value: 'table', label: 'Table', description: 'A measure of a metric over the whole range, per group' },
  { value: 'events', label: 'Events', description: 'The raw events, as logs' },
  { value: 'anomalies', label: 'Anomalies', description: 'Episodes the live detectors flagged' },
  { value: 'correlations', label: 'Correlation graph', description: 'Nodes and edges for a node graph' },
  { value: 'forecast', label: 'Forecast', description: 'Hourly forecast with 80 % and 95 % bands' },
  { value: 'cost_projection', label: 'Cost projection', description: 'Month-end spend against a budget' },
] as const;
export type QueryType = (typeof QUERY_TYPES)[number]['value'];

/** A filter as the editor keeps it: one value, which may name a (multi-value) template variable. */
export interface QueryFilter {
  key: string;
  op: 'eq' | 'neq' | 'regex';
  value: string;
}

/**
 * One query of a panel. Every text field may hold template variables; which fields a query uses
 * depends on its type.
 */
export interface HubQuery extends DataQuery {
  queryType?: QueryType;
  /** timeseries, table, forecast; anomalies: only this metric. */
  metric?: string;
  /** timeseries, table, forecast. */
  measure?: string;
  /** timeseries: a window (1m … 1M) or `auto` (from the panel's interval). */
  window?: string;
  /** timeseries, table. */
  groupBy?: string[];
  topN?: number;
  /** timeseries: legend, with {{label}} for a group-by value, e.g. `{{model}} p95`. */
  alias?: string;
  /** timeseries, table, events, forecast, cost_projection. */
  filters?: QueryFilter[];
  /** events: case-insensitive substring search. */
  text?: string;
  /** events, anomalies: how many, newest first. */
  limit?: number;
  /** anomalies: only this model's (a multi-value variable: any of its values). */
  model?: string;
  /** anomalies: at least this severity; only those still going on. */
  minSeverity?: string;
  activeOnly?: boolean;
  /** anomalies: as Grafana annotations (time, timeEnd, title, text, tags) rather than a table. */
  asAnnotations?: boolean;
  /** correlations: the kinds of link to show (all when empty). */
  kinds?: string[];
  /** forecast: hours ahead. */
  horizonHours?: number;
  /** cost_projection: overrides the processor's HUB_MONTHLY_BUDGET_USD. */
  budgetUsd?: number;
}

/** The fields each query type reads (besides Grafana's refId, datasource, hide, queryType). */
export const QUERY_FIELDS: Record<QueryType, ReadonlyArray<keyof HubQuery>> = {
  timeseries: ['metric', 'measure', 'window', 'groupBy', 'topN', 'alias', 'filters'],
  table: ['metric', 'measure', 'groupBy', 'topN', 'filters'],
  events: ['filters', 'text', 'limit'],
  anomalies: ['metric', 'model', 'minSeverity', 'activeOnly', 'asAnnotations', 'limit'],
  correlations: ['kinds'],
  forecast: ['metric', 'measure', 'filters', 'horizonHours'],
  cost_projection: ['filters', 'budgetUsd'],
};

/** A template variable's query: the values of one dimension, narrowed by filters. */
export interface VariableQuery extends DataQuery {
  dimension: string;
  filters?: QueryFilter[];
}

/** Settings of a data source instance (jsonData: readable by every viewer, so nothing secret). */
export interface HubDataSourceOptions extends DataSourceJsonData {
  /** The processor's base URL, as Grafana's server reaches it; the `processor` route targets it. */
  url?: string;
  /** Applied to queries that do not filter on tenant themselves. */
  defaultTenant?: string;
  /** How long a query may take before the panel shows a timeout; default 30. */
  timeoutSeconds?: number;
}

/** Kept encrypted by Grafana and only used by its data source proxy. */
export interface HubSecureJsonData {
  apiKey?: string;
}

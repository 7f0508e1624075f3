/**
 * A panel's query as the processor's request body: variables interpolated, the panel's interval and
 * max data points, its time zone, ad hoc filters and the data source's default tenant applied.
 */
import type { AdHocVariableFilter, DataQueryRequest, ScopedVars } from '@grafana/data';
import {
  WINDOWS,
  type AnomalyQuery,
  type CorrelationQuery,
  type CostProjectionQuery,
  type EventSearchQuery,
  type Filter,
  type ForecastQuery,
  type TableQuery,
  type TimeSeriesQuery,
  type Window,
} from '@llm-hub/query-contract';
import {
  ANY_VALUE,
  interpolate,
  interpolateFilters,
  interpolateKeys,
  interpolateValues,
} from './templateVariables';
import type { HubQuery, QueryFilter } from './types';

export interface RequestContext {
  request: DataQueryRequest<HubQuery>;
  defaultTenant?: string;
}

const MINUTE = 60_000;
const WINDOW_MS: Record<Window, number> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '1h': 60 * MINUTE,
  '6h': 360 * MINUTE,
  '1d': 1440 * MINUTE,
  '1w': 7 * 1440 * MINUTE,
  '1M': 30 * 1440 * MINUTE,
};

/**
 * The smallest window at least as wide as the panel's interval: Grafana derives the interval from
 * the range and max data points (and the panel's min interval), so the points fit the panel.
 */
export function windowFor(intervalMs: number): Window {
  return WINDOWS.find((window) => WINDOW_MS[window] >= intervalMs) ?? '1M';
}

/**
 * The query's window, or the panel's when the query's is narrower: like Grafana's min interval, a
 * fixed window gives way rather than failing when the range is zoomed out past max data points.
 */
function atLeast(window: string, panelWindow: Window): TimeSeriesQuery['window'] {
  if (window === 'auto') return panelWindow;
  const fixed = window as Window;
  return fixed in WINDOW_MS && WINDOW_MS[fixed] < WINDOW_MS[panelWindow] ? panelWindow : fixed;
}

/** Grafana's time zone setting as an IANA name: `browser` is the viewer's own. */
export function timeZoneOf(timezone: string | undefined): string {
  if (!timezone || timezone === 'utc') return 'UTC';
  if (timezone === 'browser') return Intl.DateTimeFormat().resolvedOptions().timeZone;
  return timezone;
}

const AD_HOC_OPS: Record<string, QueryFilter['op'] | undefined> = { '=': 'eq', '!=': 'neq', '=~': 'regex' };

function adHocFilters(filters: AdHocVariableFilter[] | undefined): QueryFilter[] {
  return (filters ?? []).map(({ key, operator, value }) => {
    const op = AD_HOC_OPS[operator];
    if (!op) throw new Error(`Ad hoc filter ${key} ${operator} ${value}: the operator must be =, != or =~`);
    return { key, op, value };
  });
}

/** The query's filters, then the dashboard's ad hoc filters, then the default tenant if none names one. */
export function filtersOf(query: HubQuery, context: RequestContext): Filter[] {
  const { scopedVars, filters: adHoc } = context.request;
  const filters = interpolateFilters([...(query.filters ?? []), ...adHocFilters(adHoc)], scopedVars);
  if (context.defaultTenant && !filters.some((filter) => filter.key === 'tenant')) {
    filters.push({ key: 'tenant', op: 'eq', value: context.defaultTenant });
  }
  return filters;
}

const range = ({ request }: RequestContext) => ({
  from: request.range.from.valueOf(),
  to: request.range.to.valueOf(),
});

/** A text field that must stand for one value (metric, measure, window). */
function single(text: string, what: string, scopedVars: ScopedVars): string {
  const values = interpolateValues(text, scopedVars);
  if (values.length !== 1) throw new Error(`${what} "${text}" stands for ${values.length} values; pick one`);
  return values[0]!;
}

export function timeSeriesRequest(query: HubQuery, context: RequestContext): TimeSeriesQuery {
  const { scopedVars, intervalMs, maxDataPoints, timezone } = context.request;
  const window = single(query.window ?? 'auto', 'Window', scopedVars);
  return {
    metric: single(query.metric ?? '', 'Metric', scopedVars) as TimeSeriesQuery['metric'],
    measure: single(query.measure ?? '', 'Measure', scopedVars) as TimeSeriesQuery['measure'],
    ...range(context),
    window: atLeast(window, windowFor(intervalMs)),
    ...(maxDataPoints ? { maxPoints: Math.min(maxDataPoints, 11_000) } : {}),
    timeZone: timeZoneOf(timezone),
    filters: filtersOf(query, context),
    groupBy: interpolateKeys(query.groupBy ?? [], scopedVars) as TimeSeriesQuery['groupBy'],
    ...(query.topN ? { topN: query.topN } : {}),
  };
}

export function tableRequest(query: HubQuery, context: RequestContext): TableQuery {
  const { scopedVars } = context.request;
  return {
    metric: single(query.metric ?? '', 'Metric', scopedVars) as TableQuery['metric'],
    measure: single(query.measure ?? '', 'Measure', scopedVars) as TableQuery['measure'],
    ...range(context),
    filters: filtersOf(query, context),
    groupBy: interpolateKeys(query.groupBy ?? [], scopedVars) as TableQuery['groupBy'],
    ...(query.topN ? { topN: query.topN } : {}),
  };
}

export function eventSearchRequest(query: HubQuery, context: RequestContext): EventSearchQuery {
  const text = query.text ? interpolate(query.text, context.request.scopedVars) : '';
  return {
    ...range(context),
    filters: filtersOf(query, context),
    ...(text ? { text } : {}),
    limit: query.limit ?? 100,
  };
}

export function anomalyRequest(query: HubQuery, context: RequestContext): AnomalyQuery {
  const { scopedVars } = context.request;
  const models = query.model ? interpolateValues(query.model, scopedVars) : [];
  const anyModel = models.length === 0 || (models.length === 1 && models[0] === ANY_VALUE);
  return {
    ...range(context),
    ...(query.metric ? { metric: single(query.metric, 'Metric', scopedVars) as AnomalyQuery['metric'] } : {}),
    ...(query.minSeverity
      ? { minSeverity: single(query.minSeverity, 'Severity', scopedVars) as AnomalyQuery['minSeverity'] }
      : {}),
    ...(query.activeOnly ? { active: true } : {}),
    ...(anyModel ? {} : { models }),
    limit: query.limit ?? 100,
  };
}

export function correlationRequest(query: HubQuery, context: RequestContext): CorrelationQuery {
  const kinds = interpolateKeys(query.kinds ?? [], context.request.scopedVars);
  return { ...range(context), ...(kinds.length ? { kinds: kinds as CorrelationQuery['kinds'] } : {}) };
}

export function forecastRequest(query: HubQuery, context: RequestContext): ForecastQuery {
  const { scopedVars } = context.request;
  return {
    metric: single(query.metric ?? '', 'Metric', scopedVars) as ForecastQuery['metric'],
    measure: single(query.measure ?? '', 'Measure', scopedVars) as ForecastQuery['measure'],
    filters: filtersOf(query, context),
    from: context.request.range.from.valueOf(),
    horizonHours: query.horizonHours ?? 24,
  };
}

export function costProjectionRequest(query: HubQuery, context: RequestContext): CostProjectionQuery {
  return {
    filters: filtersOf(query, context),
    ...(query.budgetUsd ? { budgetUsd: query.budgetUsd } : {}),
  };
}

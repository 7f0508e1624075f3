/**
 * Links between metric series of each model, at 1-minute resolution from the rollups: latency with
 * error rate at the lag where they move together most (metric_lag), and cost with latency
 * (cost_performance).
 */
import type { Measure, Metric } from '@llm-hub/query-contract';
import { queryTimeSeries } from '../../query/timeseries';
import type { Database } from '../../storage/database';
import type { Range } from './eventLinks';
import type { GraphBuilder } from './graph';
import { bestLag, pearson } from './statistics';

const MINUTE_MS = 60_000;
const MAX_LAG_MINUTES = 10;
/** |r| at least this makes a link, over at least this many minutes with both values. */
const MIN_R = 0.5;
const MIN_POINTS = 10;
const MAX_MODELS = 20;

type SeriesByModel = Map<string, Array<number | null>>;

async function perModel(
  db: Database,
  range: Range,
  metric: Metric,
  measure: Measure,
  rollupTags: readonly string[],
): Promise<SeriesByModel> {
  const from = Math.floor(range.from / MINUTE_MS) * MINUTE_MS;
  const to = Math.ceil(range.to / MINUTE_MS) * MINUTE_MS;
  const answer = await queryTimeSeries(
    db,
    {
      metric,
      measure,
      from,
      to,
      window: '1m',
      groupBy: ['model'],
      topN: MAX_MODELS,
      maxPoints: (to - from) / MINUTE_MS,
    },
    { rollupTags, boundTenant: null },
  );
  return new Map(
    answer.series
      .filter((series) => series.labels.model)
      .map((series) => [series.labels.model!, series.points.map(([, value]) => value)]),
  );
}

export const seriesName = (metric: string, measure: string, model: string) =>
  `${metric} ${measure} (${model})`;

export async function metricLagLinks(
  db: Database,
  range: Range,
  graph: GraphBuilder,
  rollupTags: readonly string[],
): Promise<void> {
  const latency = await perModel(db, range, 'latency_ms', 'p95', rollupTags);
  const errors = await perModel(db, range, 'error_rate', 'avg', rollupTags);
  for (const [model, series] of latency) {
    const other = errors.get(model);
    if (!other || series.filter((v) => v !== null).length < MIN_POINTS) continue;
    const best = bestLag(series, other, MAX_LAG_MINUTES);
    if (!best || Math.abs(best.r) < MIN_R) continue;
    graph.link({
      kind: 'metric_lag',
      source: graph.node('series', seriesName('latency_ms', 'p95', model), model),
      target: graph.node('series', seriesName('error_rate', 'avg', model), model),
      strength: best.r,
      lagMs: best.lag * MINUTE_MS,
      evidence: series.length,
    });
  }
}

export async function costPerformanceLinks(
  db: Database,
  range: Range,
  graph: GraphBuilder,
  rollupTags: readonly string[],
): Promise<void> {
  const cost = await perModel(db, range, 'cost_usd', 'sum', rollupTags);
  const latency = await perModel(db, range, 'latency_ms', 'p95', rollupTags);
  for (const [model, series] of cost) {
    const other = latency.get(model);
    if (!other) continue;
    const both = series.filter((v, i) => v !== null && other[i] !== null).length;
    if (both < MIN_POINTS) continue;
    const r = pearson(series, other);
    if (r === null || Math.abs(r) < MIN_R) continue;
    graph.link({
      kind: 'cost_performance',
      source: graph.node('series', seriesName('cost_usd', 'sum', model), model),
      target: graph.node('series', seriesName('latency_ms', 'p95', model), model),
      strength: r,
      lagMs: 0,
      evidence: both,
    });
  }
}

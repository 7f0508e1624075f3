/**
 * A time series: the measure per bucket of a zone-aligned window and per group, read from the
 * rollups in one statement, every bucket of the range present (null where the group had no data,
 * so that charts draw gaps).
 */
import { unitOf, type TimeSeriesQuery, type TimeSeriesResult } from '@llm-hub/query-contract';
import { mergePendingDeltas } from '../rollups/pendingDeltas';
import type { Database } from '../storage/database';
import { evaluate } from './measures';
import { prepareQuery, retentionNote, truncationOf, type QueryContext } from './prepare';
import { rankGroups } from './ranking';
import { readAggregates, type AggregateRow } from './rollupRead';
import { planTiers } from './tierPlan';
import { checkTimeZone } from './timeZones';
import { DEFAULT_MAX_POINTS, resolveBuckets } from './windows';
import { QueryError } from './errors';

export const DEFAULT_TOP_N = 20;
/** Output buckets read by one statement (see the slices below). */
const BUCKETS_PER_STATEMENT = 1_000;
/** Zone arithmetic is sampled daily: bound the work a single request can ask for. */
const MAX_RANGE_MS = 20 * 366 * 86_400_000;

export async function queryTimeSeries(
  db: Database,
  query: TimeSeriesQuery,
  context: QueryContext,
): Promise<TimeSeriesResult> {
  const { range, groupBy, tables, aggregate } = prepareQuery(query, context);
  await mergePendingDeltas(db);
  if (range.to - range.from > MAX_RANGE_MS)
    throw new QueryError('to: a time series may span at most 20 years');
  const timeZone = checkTimeZone(query.timeZone ?? 'UTC');
  const { window, boundaries } = resolveBuckets(
    query.window ?? 'auto',
    range,
    timeZone,
    query.maxPoints ?? DEFAULT_MAX_POINTS,
  );
  const now = context.now ?? Date.now();
  const plan = planTiers(boundaries, now, tables);
  const starts = boundaries.slice(0, -1);
  // A long series is read in slices of buckets, concurrently: PostgreSQL runs each statement on a
  // core of its own, and decoding one slice's answer overlaps reading the next.
  const slices: Array<Promise<AggregateRow[]>> = [];
  for (let first = 0; first < starts.length; first += BUCKETS_PER_STATEMENT) {
    const slice = boundaries.slice(first, first + BUCKETS_PER_STATEMENT + 1);
    const read = readAggregates(db, {
      ...aggregate,
      plan: planTiers(slice, now, tables),
      bucketStarts: slice.slice(0, -1),
    });
    slices.push(read.then((rows) => rows.map((row) => ({ ...row, bucket: row.bucket + first }))));
  }
  const rows = (await Promise.all(slices)).flat();
  const { groups, truncated } = rankGroups(rows, {
    groupBy,
    measure: query.measure,
    seconds: (boundaries[boundaries.length - 1]! - boundaries[0]!) / 1000,
    topN: query.topN ?? DEFAULT_TOP_N,
    buckets: starts.length,
  });
  return {
    metric: query.metric,
    measure: query.measure,
    unit: unitOf(query.metric, query.measure),
    window,
    series: groups.map((group) => ({
      labels: group.labels,
      points: starts.map((start, i): [number, number | null] => {
        const stats = group.buckets[i];
        const seconds = (boundaries[i + 1]! - start) / 1000;
        return [start, stats ? evaluate(query.measure, stats, seconds) : null];
      }),
    })),
    ...truncationOf(truncated, retentionNote(plan)),
  };
}

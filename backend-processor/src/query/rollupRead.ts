/**
 * The one SQL statement behind a time series or a table: for each output bucket and group, the
 * partial statistics of the metric summed over the rollup rows of every table the plan reads.
 *
 *   SELECT g0, …, string_agg(<b, c, s, lo, hi, sq[, sketches] in binary>) AS packed
 *   FROM (SELECT b, g0, …, sum(c), sum(s), min(lo), max(hi), sum(sq)[, string_agg(length ‖ sketch)]
 *         FROM (SELECT width_bucket(bucket, <bucket starts>) AS b, … FROM rollup_1d r WHERE <range> AND <filters>
 *               UNION ALL … rollup_1h … UNION ALL … rollup_1m …) x
 *         GROUP BY b, g0, …) y
 *   GROUP BY g0, …
 *
 * Each table is scanned by bucket over the plan's intervals. Sketches travel only when a percentile
 * is asked, concatenated per bucket with length prefixes, and are merged here (PostgreSQL cannot
 * merge them). The buckets of a group travel as one binary value: one row per group instead of
 * one per bucket, since parsing rows costs more than computing them.
 */
import type { Filter, Measure } from '@llm-hub/query-contract';
import type { Queryable } from '../storage/database';
import { PERCENTILES, type MetricSource, type Stats } from './measures';
import { QuantileSketch } from './quantiles';
import { SqlParams, filterConditions, keyExpression } from './sql';
import type { TierPlan, TierRanges } from './tierPlan';
import { QueryError } from './errors';

export interface AggregateRequest {
  source: MetricSource;
  measure: Measure;
  filters: readonly Filter[];
  groupBy: readonly string[];
  boundTenant: string | null;
  rollupTags: readonly string[];
  plan: TierPlan;
  /** Output bucket starts (time series); omitted for one bucket over the whole plan (tables). */
  bucketStarts?: readonly number[];
}

export interface AggregateRow {
  /** Output bucket, 0-based. */
  bucket: number;
  labels: Array<string | null>;
  stats: Stats;
}

/** One row per group: its buckets packed into one bytea (see `buildAggregateSql`). */
interface SqlRow {
  packed: Uint8Array | null;
  [group: `g${number}`]: string | null;
}

/** Checks group-by and filter keys up front, so a 400 names the field that holds the bad key. */
export function checkKeys(
  groupBy: readonly string[],
  filters: readonly Filter[],
  rollupTags: readonly string[],
) {
  const check = (key: string, where: string) => {
    try {
      keyExpression(key, { table: 'rollup', rollupTags });
    } catch (error) {
      if (error instanceof QueryError) throw new QueryError(`${where}: ${error.message}`);
      throw error;
    }
  };
  groupBy.forEach((key, i) => check(key, `groupBy/${i}`));
  filters.forEach((filter, i) => check(filter.key, `filters/${i}/key`));
}

/** The statistic columns a tier row contributes, as c, s, lo, hi, sq[, sk]. */
function statColumns(source: MetricSource, withSketch: boolean): string {
  switch (source.kind) {
    case 'value': {
      const m = source.metric;
      const sketch = withSketch ? `, r.${m}_sketch AS sk` : '';
      return `r.${m}_count AS c, r.${m}_sum AS s, r.${m}_min AS lo, r.${m}_max AS hi, r.${m}_sumsq AS sq${sketch}`;
    }
    case 'count':
      return `r.${source.column} AS c, r.${source.column} AS s, NULL::float8 AS lo, NULL::float8 AS hi, 0::float8 AS sq`;
    case 'ratio':
      return `r.${source.denominator} AS c, r.${source.numerator} AS s, NULL::float8 AS lo, NULL::float8 AS hi, 0::float8 AS sq`;
  }
}

export function buildAggregateSql(request: AggregateRequest): {
  text: string;
  values: unknown[];
  withSketch: boolean;
} {
  const params = new SqlParams();
  const withSketch = request.source.kind === 'value' && PERCENTILES[request.measure] !== undefined;
  const groups = request.groupBy.map(
    (key, i) =>
      `${keyExpression(key, { table: 'rollup', rollupTags: request.rollupTags, alias: 'r' })} AS g${i}`,
  );
  const conditions = [
    filterConditions(request.filters, params, {
      table: 'rollup',
      rollupTags: request.rollupTags,
      boundTenant: request.boundTenant,
      alias: 'r',
    }),
  ];
  // Rows without a value of the metric (e.g. token events for latency) make no bucket or group.
  if (request.source.kind === 'value') conditions.push(`r.${request.source.metric}_count > 0`);
  const where = conditions.join(' AND ');
  const bucket = request.bucketStarts
    ? `width_bucket(r.bucket, ${params.add(request.bucketStarts.map(iso))}::timestamptz[]) AS b`
    : '1 AS b';
  const columns = [bucket, ...groups, statColumns(request.source, withSketch)].join(', ');
  const branches = request.plan.ranges.map(
    (ranges) => `SELECT ${columns} FROM ${tierSource(ranges, params)} AND ${where}`,
  );
  const groupColumns = request.groupBy.map((_, i) => `g${i}`);
  const perBucket = `SELECT ${['b', ...groupColumns].join(', ')},
      sum(c)::float8 AS c, sum(s)::float8 AS s, min(lo) AS lo, max(hi) AS hi, sum(sq)::float8 AS sq${
        withSketch ? ", string_agg(int4send(length(sk)) || sk, ''::bytea) AS sk" : ''
      }
    FROM (${branches.join('\n      UNION ALL ')}) x
    GROUP BY ${['b', ...groupColumns].join(', ')}`;
  // Packed per group: a query answers up to a few hundred thousand bucket rows, and parsing them
  // one by one (text protocol) would cost more than reading them.
  const packed = [
    'int4send(b::int4)',
    ...['c', 's', "COALESCE(lo, 'NaN')", "COALESCE(hi, 'NaN')", 'sq'].map(
      (x) => `float8send(COALESCE(${x}, 0))`,
    ),
    ...(withSketch ? ['int4send(COALESCE(length(sk), 0))', "COALESCE(sk, ''::bytea)"] : []),
  ].join(' || ');
  const text = `SELECT ${[...groupColumns, `string_agg(${packed}, ''::bytea) AS packed`].join(', ')}
    FROM (${perBucket}) y${groupColumns.length > 0 ? `\n    GROUP BY ${groupColumns.join(', ')}` : ''}`;
  return { text, values: params.values, withSketch };
}

/** Up to this many intervals a tier is read with OR'ed range conditions (one index scan each). */
const MAX_OR_RANGES = 32;

/**
 * A tier's rows within the plan's intervals, ending in an open WHERE clause. A few intervals (a
 * table's ragged edges) are OR'ed range conditions, which PostgreSQL turns into index range scans;
 * many (a zone's day edges over months) come from a list joined laterally, so each is still one
 * index range scan (OFFSET 0 keeps the planner from flattening it into a join that scans the
 * whole tier).
 */
function tierSource({ table: { name: table }, starts, ends }: TierRanges, params: SqlParams): string {
  if (starts.length <= MAX_OR_RANGES) {
    const ranges = starts.map(
      (start, i) =>
        `(r.bucket >= ${params.add(iso(start))}::timestamptz AND r.bucket < ${params.add(iso(ends[i]!))}::timestamptz)`,
    );
    return `${table} r WHERE (${ranges.join(' OR ')})`;
  }
  return `unnest(${params.add(starts.map(iso))}::timestamptz[], ${params.add(ends.map(iso))}::timestamptz[]) AS iv(s, e)
      CROSS JOIN LATERAL (SELECT * FROM ${table} t WHERE t.bucket >= iv.s AND t.bucket < iv.e OFFSET 0) r WHERE TRUE`;
}

function iso(instant: number): string {
  return new Date(instant).toISOString();
}

export async function readAggregates(db: Queryable, request: AggregateRequest): Promise<AggregateRow[]> {
  if (request.plan.ranges.length === 0) return [];
  const { text, values, withSketch } = buildAggregateSql(request);
  const result = await db.query<SqlRow>(text, values);
  // Without a group-by the outer aggregate answers one row even when nothing matched (packed NULL).
  return result.rows.flatMap((row) =>
    row.packed === null
      ? []
      : unpack(
          row.packed,
          request.groupBy.map((_, i) => row[`g${i}`] ?? null),
          withSketch,
        ),
  );
}

/** The bucket rows of one group, as `buildAggregateSql` packs them (big-endian, PostgreSQL's send). */
function unpack(packed: Uint8Array, labels: Array<string | null>, withSketch: boolean): AggregateRow[] {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const rows: AggregateRow[] = [];
  let at = 0;
  const float = () => {
    const value = view.getFloat64(at);
    at += 8;
    return value;
  };
  while (at < packed.byteLength) {
    const bucket = view.getInt32(at) - 1;
    at += 4;
    const [count, sum, lo, hi, sumsq] = [float(), float(), float(), float(), float()];
    let sketch: QuantileSketch | null = null;
    if (withSketch) {
      const length = view.getUint32(at);
      at += 4;
      if (length > 0) {
        sketch = new QuantileSketch();
        sketch.addEncodedList(packed.subarray(at, at + length));
      }
      at += length;
    }
    const min = Number.isNaN(lo) ? null : lo;
    const max = Number.isNaN(hi) ? null : hi;
    rows.push({ bucket, labels, stats: { count, sum, min, max, sumsq, sketch } });
  }
  return rows;
}

/**
 * Acceptance: 1,000,000 generated events over 3 days, ingested over HTTP; for every window and
 * grouped by model, the API's count/sum/min/max/avg equal SQL over the raw events, and its
 * p50/p95/p99 are within 1 % of percentile_cont over the same events, bucket by bucket.
 *
 * Percentiles are checked in every bucket, however few its events: the API interpolates between
 * the sketch's order statistics as percentile_cont does (see src/query/quantiles.ts), so the 1 %
 * bound holds at any size; no bucket needs to be skipped.
 */
import { WINDOWS, type Window } from '@llm-hub/query-contract';
import { postJson, useDatabaseProcessor } from '../support/processor';
import { MODELS, sendDataset } from './dataset';

const fixture = useDatabaseProcessor('query_acceptance');
const HOUR_MS = 3_600_000;
const EVENTS = 1_000_000;
const end = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const dataset = { run: 'acc', count: EVENTS, start: end - 72 * HOUR_MS, end };
const timings: Record<string, number> = {};

/** Bucket of each window over the raw events, as PostgreSQL computes it in UTC. */
const RAW_BUCKET: Record<Window, string> = {
  '1m': "date_trunc('minute', time, 'UTC')",
  '5m': "date_bin('5 minutes', time, timestamptz '2000-01-01Z')",
  '15m': "date_bin('15 minutes', time, timestamptz '2000-01-01Z')",
  '1h': "date_trunc('hour', time, 'UTC')",
  '6h': "date_bin('6 hours', time, timestamptz '2000-01-01Z')",
  '1d': "date_trunc('day', time, 'UTC')",
  '1w': "date_trunc('week', time, 'UTC')",
  '1M': "date_trunc('month', time, 'UTC')",
};

const MEASURES = ['count', 'sum', 'min', 'max', 'avg', 'p50', 'p95', 'p99'] as const;

interface RawRow {
  bucket: Date;
  model: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  avg: number;
  p: [number, number, number];
}

type Series = { labels: { model: string }; points: Array<[number, number | null]> };

const relative = (got: number, expected: number) => Math.abs(got - expected) / Math.abs(expected);

beforeAll(async () => {
  const started = performance.now();
  await sendDataset(fixture.hub.url, dataset, { batchSize: 5_000, parallel: 3 });
  timings.ingestSeconds = (performance.now() - started) / 1000;
  expect(await fixture.count('SELECT count(*) AS n FROM events')).toBe(EVENTS);
}, 600_000);

afterAll(() => {
  // The figures the report quotes: ingest time and query latencies of this run.
  console.log(`query acceptance timings: ${JSON.stringify(timings)}`);
});

test.each(WINDOWS.map((window) => [window]))(
  'window %s grouped by model: exact count/sum/min/max/avg, percentiles within 1 %%',
  async (window) => {
    // 1m and 5m over the last 6 hours (360 and 72 points), the wider windows over all 3 days.
    const from = window === '1m' || window === '5m' ? end - 6 * HOUR_MS : dataset.start;
    const answers = new Map<string, number | null>();
    let firstBucket = Infinity;
    for (const measure of MEASURES) {
      const started = performance.now();
      const answer = await postJson(`${fixture.hub.url}/api/v1/query/timeseries`, {
        metric: 'latency_ms',
        measure,
        from,
        to: end,
        window,
        groupBy: ['model'],
      });
      timings[`${window}.${measure}.ms`] = Math.round(performance.now() - started);
      expect(answer.status).toBe(200);
      expect(answer.body.window).toBe(window);
      expect(answer.body.truncated).toBeUndefined();
      for (const series of answer.body.series as Series[]) {
        for (const [time, value] of series.points) {
          answers.set(`${measure}|${series.labels.model}|${time}`, value);
          firstBucket = Math.min(firstBucket, time);
        }
      }
    }

    const raw = await fixture.db.query<RawRow>(
      `SELECT ${RAW_BUCKET[window]} AS bucket, model, count(latency_ms)::int AS count, sum(latency_ms) AS sum,
              min(latency_ms) AS min, max(latency_ms) AS max, avg(latency_ms) AS avg,
              percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms) AS p
         FROM events
        WHERE latency_ms IS NOT NULL AND time >= $1 AND ${RAW_BUCKET[window]} < $2
        GROUP BY 1, 2`,
      [new Date(firstBucket), new Date(end)],
    );
    expect(new Set(raw.rows.map((row) => row.model))).toEqual(new Set(MODELS));
    const mismatches: string[] = [];
    for (const row of raw.rows) {
      const at = (measure: string) => answers.get(`${measure}|${row.model}|${row.bucket.getTime()}`) ?? null;
      const where = `${row.model} at ${row.bucket.toISOString()} (${row.count} events)`;
      const expectEqual = (measure: string, expected: number) => {
        if (at(measure) !== expected)
          mismatches.push(`${measure} of ${where}: ${at(measure)}, SQL ${expected}`);
      };
      const expectWithin = (measure: string, expected: number, tolerance: number) => {
        const got = at(measure);
        if (got === null || relative(got, expected) > tolerance)
          mismatches.push(`${measure} of ${where}: ${got}, SQL ${expected}`);
      };
      expectEqual('count', row.count);
      expectEqual('min', row.min);
      expectEqual('max', row.max);
      expectWithin('sum', row.sum, 1e-9);
      expectWithin('avg', row.avg, 1e-9);
      expectWithin('p50', row.p[0], 0.01 + 1e-12);
      expectWithin('p95', row.p[1], 0.01 + 1e-12);
      expectWithin('p99', row.p[2], 0.01 + 1e-12);
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    // No point where the raw events have none: every non-null answer was compared above.
    const answered = [...answers].filter(([key, value]) => key.startsWith('count|') && value !== null);
    expect(answered).toHaveLength(raw.rows.length);
  },
  120_000,
);

test('a table over a ragged range (days, hours and minutes) equals SQL over the raw events', async () => {
  // Not on any hour: the middle days come from the daily tier, the edges from finer ones.
  const from = dataset.start + 7 * HOUR_MS + 37 * 60_000 + 12_345;
  const to = end - 5 * HOUR_MS - 23 * 60_000 - 999;
  // Tables read whole minutes: [from rounded down, to rounded up).
  const span = [new Date(Math.floor(from / 60_000) * 60_000), new Date(Math.ceil(to / 60_000) * 60_000)];
  for (const [metric, measure, sql] of [
    ['cost_usd', 'sum', 'sum(cost_usd)'],
    ['requests', 'count', 'count(*)::float8'],
    ['total_tokens', 'avg', 'avg(total_tokens)::float8'],
    ['latency_ms', 'p95', 'percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)'],
  ] as const) {
    const started = performance.now();
    const answer = await postJson(`${fixture.hub.url}/api/v1/query/table`, {
      metric,
      measure,
      from,
      to,
      groupBy: ['model'],
    });
    timings[`table.${metric}.${measure}.ms`] = Math.round(performance.now() - started);
    expect(answer.status).toBe(200);
    const raw = await fixture.db.query<{ model: string; value: number }>(
      `SELECT model, ${sql} AS value FROM events WHERE time >= $1 AND time < $2 GROUP BY 1 ORDER BY 2 DESC`,
      span,
    );
    expect(answer.body.rows.map((row: { labels: { model: string } }) => row.labels.model)).toEqual(
      raw.rows.map((row) => row.model),
    );
    raw.rows.forEach((row, i) => {
      const tolerance = measure === 'p95' ? 0.01 : 1e-9;
      expect(relative(answer.body.rows[i].value, row.value)).toBeLessThanOrEqual(tolerance);
    });
  }
});

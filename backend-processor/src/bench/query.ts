/**
 * Query benchmark (the query API issue's): N events over 30 days stored, then a 7-day p95
 * latency_ms time series grouped by model at 5-minute windows, read from the rollups by
 * `queryTimeSeries` in-process (as the HTTP route calls it), beside the equivalent
 * `percentile_cont(0.95)` over the raw events table, measured in one run on the same data.
 *
 *   npm run bench:query                                  # 10,000,000 events, 200 repetitions
 *   npm run bench:query -- --events 200000               # a quick check
 *   npm run bench:query -- --reuse                       # keep an already loaded hub_bench_query
 *
 * Loading builds HubEvent objects directly and hands them to the pipeline's `prepare` + `store`
 * (events and the three rollup tiers in one transaction, as production writes them), in batches
 * of 10,000 with a few batches in flight. Ends with one JSON line: query_p50_ms, query_p95_ms,
 * raw_percentile_cont_ms, speedup, …
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { TimeSeriesQuery, TimeSeriesResult } from '@llm-hub/query-contract';
import { Rng } from '../demo/random';
import type { HubEvent } from '../events/model';
import { IngestPipeline } from '../ingest/pipeline';
import { startDeltaMerging } from '../rollups/pendingDeltas';
import { HubMetrics } from '../observability/metrics';
import { buildAggregateSql } from '../query/rollupRead';
import { sourceOf } from '../query/measures';
import { planTiers } from '../query/tierPlan';
import { tablesFor } from '../rollups/tables';
import { queryTimeSeries } from '../query/timeseries';
import { resolveBuckets } from '../query/windows';
import { openDatabase, type Database } from '../storage/database';
import { migrate } from '../storage/migrate';
import { EventPartitions } from '../storage/retention';
import { percentile } from './stats';
import { benchAdminUrl, databaseUrl, freshDatabase } from './postgres';

const DB_NAME = 'hub_bench_query';
const DAY_MS = 86_400_000;
const SPAN_MS = 30 * DAY_MS;
const QUERY_MS = 7 * DAY_MS;
const FIVE_MIN_MS = 300_000;

const TENANTS = ['acme', 'globex', 'initech', 'umbrella'] as const;
/** Share of the traffic per tenant (cumulative). */
const TENANT_CUMULATIVE = [0.45, 0.75, 0.93, 1];
const MODELS = [
  { model: 'gpt-4o', provider: 'openai', medianMs: 900 },
  { model: 'gpt-4o-mini', provider: 'openai', medianMs: 350 },
  { model: 'claude-sonnet-4', provider: 'anthropic', medianMs: 1200 },
  { model: 'claude-3-5-haiku', provider: 'anthropic', medianMs: 500 },
  { model: 'gemini-2.0-flash', provider: 'google', medianMs: 450 },
  { model: 'llama-3.1-70b', provider: 'meta', medianMs: 700 },
] as const;
const ROUTES = ['chat', 'search', 'summarize'] as const;
const REGIONS = ['eu', 'us'] as const;

/** The number of stored events when the database exists and is migrated; null otherwise. */
async function storedEvents(admin: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
  await client.end();
  if (exists.rowCount === 0) return null;
  const db = new pg.Client({ connectionString: databaseUrl(admin, DB_NAME) });
  await db.connect();
  try {
    return Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
  } catch {
    return null;
  } finally {
    await db.end();
  }
}

/**
 * Events [from, to) of the data set, evenly spread over [start, start + 30 days): 85 % latency
 * events (per-model lognormal, σ 0.45, 2 % of calls 4× slower, 1.5 % errors), 15 % token usage.
 */
function makeEvents(start: number, count: number, from: number, to: number): HubEvent[] {
  const step = SPAN_MS / count;
  const rng = new Rng(from);
  const next = () => rng.next();
  const events: HubEvent[] = [];
  for (let i = from; i < to; i++) {
    const time = Math.floor(start + (i + next()) * step);
    const t = next();
    const tenant = TENANTS[TENANT_CUMULATIVE.findIndex((limit) => t < limit)]!;
    const { model, provider, medianMs } = MODELS[Math.floor(next() * MODELS.length)]!;
    const route = ROUTES[Math.floor(next() * ROUTES.length)]!;
    const environment = next() < 0.85 ? 'prod' : 'staging';
    const base = {
      eventId: `q-${i}`,
      time,
      tenant,
      sourceModule: 'llm-observatory' as const,
      eventType: 'telemetry' as const,
      environment,
      schemaVersion: '1.0.0',
      model,
      provider,
      route,
      correlationId: null,
      parentEventId: null,
      requestId: `r-${i}`,
      costUsd: null,
      costEstimated: false,
      tags: { tenant_id: tenant, route, region: REGIONS[next() < 0.6 ? 0 : 1]! },
      attributes: {},
    };
    if (next() < 0.85) {
      const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      const slow = next() < 0.02 ? 4 : 1;
      const latency = Math.round(medianMs * Math.exp(0.45 * normal) * slow * 1000) / 1000;
      const isError = next() < 0.015;
      events.push({
        ...base,
        kind: 'latency',
        severity: isError ? 'error' : 'info',
        latencyMs: latency,
        ttftMs: Math.round(latency * (0.15 + 0.2 * next()) * 1000) / 1000,
        promptTokens: null,
        completionTokens: null,
        totalTokens: null,
        tokensPerSecond: Math.round((20 + 80 * next()) * 100) / 100,
        isError,
        errorType: isError ? 'timeout' : null,
      });
    } else {
      const prompt = 50 + Math.floor(next() * 2000);
      const completion = 10 + Math.floor(next() * 800);
      events.push({
        ...base,
        kind: 'token_usage',
        severity: 'info',
        latencyMs: null,
        ttftMs: null,
        promptTokens: prompt,
        completionTokens: completion,
        totalTokens: prompt + completion,
        tokensPerSecond: null,
        isError: false,
        errorType: null,
      });
    }
  }
  return events;
}

async function load(
  db: Database,
  count: number,
  start: number,
  batchSize: number,
  concurrency: number,
): Promise<{ elapsedS: number }> {
  const partitions = new EventPartitions(db);
  const pipeline = new IngestPipeline({
    db,
    partitions,
    metrics: new HubMetrics(100),
    preparation: {
      pricesFile: null,
      redact: [],
      rollupTags: [],
      maxAgeMs: SPAN_MS + DAY_MS,
      maxFutureMs: 60_000,
    },
    workers: 0,
  });
  // As the processor does: the rollup deltas merged in the background while loading.
  const merging = startDeltaMerging(db, { intervalMs: 250, onError: (error) => console.error(error) });
  const context = { source: 'http' as const, boundTenant: null };
  const started = performance.now();
  let next = 0;
  let done = 0;
  let reported = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const from = next;
        next = Math.min(count, next + batchSize);
        const events = makeEvents(start, count, from, next);
        const batch = pipeline.prepare(
          events.map((value) => ({ ok: true as const, value })),
          context,
        );
        if (batch.rejected.length > 0) throw new Error(`batch at ${from}: ${batch.rejected[0]!.reason}`);
        await pipeline.store(batch);
        done += events.length;
        if (done >= reported + count / 10 || done === count) {
          reported = done;
          const s = (performance.now() - started) / 1000;
          console.log(
            `  ${Math.round((100 * done) / count)} %: ${done} events in ${s.toFixed(1)} s = ${Math.round(done / s)} events/s`,
          );
        }
      }
    }),
  );
  await merging.stop();
  await pipeline.close();
  return { elapsedS: (performance.now() - started) / 1000 };
}

async function timed(repetitions: number, run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** The largest relative difference between the answer's points and percentile_cont's. */
function maxRelativeError(
  answer: TimeSeriesResult,
  exact: ReadonlyArray<{ bucket: Date; model: string; p95: number }>,
): string {
  const points = new Map(
    answer.series.flatMap((series) =>
      series.points.map(([t, value]) => [`${series.labels.model} ${t}`, value] as const),
    ),
  );
  let worst = 0;
  for (const row of exact) {
    const value = points.get(`${row.model} ${new Date(row.bucket).getTime()}`);
    if (value === undefined || value === null) throw new Error(`no point for ${row.model} at ${row.bucket}`);
    worst = Math.max(worst, Math.abs(value - row.p95) / row.p95);
  }
  return `${(worst * 100).toFixed(3)} % over ${exact.length} points`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '10000000' },
      repetitions: { type: 'string', default: '200' },
      'baseline-repetitions': { type: 'string', default: '5' },
      'batch-size': { type: 'string', default: '10000' },
      concurrency: { type: 'string', default: '3' },
      reuse: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.events);
  const repetitions = Number(values.repetitions);
  const baselineRepetitions = Number(values['baseline-repetitions']);
  const batchSize = Number(values['batch-size']);
  const concurrency = Number(values.concurrency);

  const admin = benchAdminUrl();
  const already = values.reuse ? await storedEvents(admin) : null;
  const reused = already === count;
  if (!reused) {
    if (values.reuse)
      console.log(`--reuse: ${DB_NAME} holds ${already ?? 'no'} events, not ${count}: reloading`);
    await freshDatabase(admin, DB_NAME);
  }
  const db = await openDatabase({
    url: databaseUrl(admin, DB_NAME),
    dataDir: '',
    timescaledb: 'auto',
    poolSize: 8,
  });
  await migrate(db);

  let loadS: number | null = null;
  if (reused) {
    console.log(`Reusing ${DB_NAME}: ${count} events already stored`);
  } else {
    const start = Math.floor(Date.now() / FIVE_MIN_MS) * FIVE_MIN_MS - SPAN_MS;
    console.log(
      `Loading ${count} events over 30 days (${db.flavor}), batches of ${batchSize}, ${concurrency} in flight`,
    );
    loadS = (await load(db, count, start, batchSize, concurrency)).elapsedS;
    console.log(`Loaded in ${loadS.toFixed(1)} s = ${Math.round(count / loadS)} events/s; VACUUM ANALYZE …`);
    await db.exec('VACUUM ANALYZE');
  }

  const countRows = async (table: string) =>
    Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  const rollupRows1m = await countRows('rollup_1m');
  const viewRows5m = await countRows('rollup_model_5m');
  console.log(`Rollup rows: rollup_1m ${rollupRows1m}, rollup_model_5m ${viewRows5m}`);
  const end = (await db.query<{ t: Date }>('SELECT max(time) AS t FROM events')).rows[0]!.t;
  const to = Math.ceil((new Date(end).getTime() + 1) / FIVE_MIN_MS) * FIVE_MIN_MS;
  const from = to - QUERY_MS;
  const query: TimeSeriesQuery = {
    metric: 'latency_ms',
    measure: 'p95',
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    window: '5m',
    maxPoints: 11_000,
    groupBy: ['model'],
  };
  const context = { rollupTags: [], boundTenant: null };

  // One answer, checked, before timing.
  const answer = await queryTimeSeries(db, query, context);
  const points = answer.series.reduce((n, s) => n + s.points.filter(([, v]) => v !== null).length, 0);
  console.log(
    `Query: 7-day p95 latency_ms by model, 5m windows: ${answer.series.length} series, ${points} non-null points`,
  );
  if (answer.series.length === 0 || points === 0) throw new Error('the query answered no data');

  const queryTimes = await timed(repetitions, () => queryTimeSeries(db, query, context));
  console.log(
    `queryTimeSeries × ${repetitions}: p50 ${round(percentile(queryTimes, 0.5))} ms, p95 ${round(
      percentile(queryTimes, 0.95),
    )} ms, max ${round(queryTimes[queryTimes.length - 1]!)} ms`,
  );

  // Breakdown: the statement alone (PostgreSQL + transfer + pg parsing), the rest is sketch merging.
  const { boundaries } = resolveBuckets('5m', { from, to }, 'UTC', 11_000);
  const sql = buildAggregateSql({
    source: sourceOf('latency_ms'),
    measure: 'p95',
    filters: [],
    groupBy: ['model'],
    boundTenant: null,
    rollupTags: [],
    plan: planTiers(boundaries, Date.now(), tablesFor(['model'])),
    bucketStarts: boundaries.slice(0, -1),
  });
  const sqlTimes = await timed(Math.min(repetitions, 30), () => db.query(sql.text, sql.values));
  const sqlP50 = percentile(sqlTimes, 0.5);
  console.log(
    `  of which the SQL statement alone: p50 ${round(sqlP50)} ms; sketch decode/merge/evaluate ≈ ${round(
      percentile(queryTimes, 0.5) - sqlP50,
    )} ms`,
  );

  const raw = `SELECT date_bin('5 minutes', time, $1::timestamptz) AS bucket, model,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
    FROM events
    WHERE time >= $1::timestamptz AND time < $2::timestamptz AND latency_ms IS NOT NULL
    GROUP BY 1, 2`;
  const rawParams = [new Date(from).toISOString(), new Date(to).toISOString()];
  const rawAnswer = await db.query<{ bucket: Date; model: string; p95: number }>(raw, rawParams);
  const rawRows = rawAnswer.rowCount;
  console.log(
    `  largest relative difference to percentile_cont: ${maxRelativeError(answer, rawAnswer.rows)}`,
  );
  const rawTimes = await timed(baselineRepetitions, () => db.query(raw, rawParams));
  const rawP50 = percentile(rawTimes, 0.5);
  console.log(
    `percentile_cont over raw events × ${baselineRepetitions}: p50 ${round(rawP50)} ms (${rawRows} rows answered)`,
  );
  await db.close();

  const queryP95 = percentile(queryTimes, 0.95);
  console.log(
    JSON.stringify({
      query_p50_ms: round(percentile(queryTimes, 0.5)),
      query_p95_ms: round(queryP95),
      query_max_ms: round(queryTimes[queryTimes.length - 1]!),
      sql_only_p50_ms: round(sqlP50),
      raw_percentile_cont_ms: round(rawP50),
      speedup: Number((rawP50 / queryP95).toFixed(1)),
      events: count,
      rollup_rows_1m: rollupRows1m,
      view_rows_model_5m: viewRows5m,
      repetitions,
      baseline_repetitions: baselineRepetitions,
      load_s: loadS === null ? null : Number(loadS.toFixed(1)),
      load_events_per_s: loadS === null ? null : Math.round(count / loadS),
      reused,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

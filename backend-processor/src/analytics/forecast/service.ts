/**
 * Forecasts of the rollup series, refreshed on a schedule and stored: the hourly values of the
 * last four weeks (or what there is) through the backtest-selecting forecaster. Answers the
 * forecast API (history and forecast in one frame) and the month-end cost projection.
 */
import {
  unitOf,
  type CostProjection,
  type CostProjectionQuery,
  type Filter,
  type ForecastQuery,
  type ForecastResult,
  type Measure,
  type Metric,
} from '@llm-hub/query-contract';
import type { Logger } from '../../observability/logger';
import { QueryError } from '../../query/errors';
import { parseInstant } from '../../query/sql';
import { queryTimeSeries } from '../../query/timeseries';
import type { Database } from '../../storage/database';
import { detectSeason, forecastSeries, seasonsOf, type Forecast } from './forecaster';

const HOUR_MS = 3_600_000;
const HISTORY_MS = 28 * 24 * HOUR_MS;
const DAY_HOURS = 24;

/** Refreshed on the schedule: the totals a capacity or budget dashboard shows. */
export const SCHEDULED: ReadonlyArray<{ metric: Metric; measure: Measure }> = [
  { metric: 'cost_usd', measure: 'sum' },
  { metric: 'requests', measure: 'count' },
  { metric: 'total_tokens', measure: 'sum' },
  { metric: 'latency_ms', measure: 'p95' },
];

interface SeriesKey {
  metric: Metric;
  measure: Measure;
  filters: readonly Filter[];
}

interface Stored {
  generatedAt: number;
  model: string;
  seasons: number[];
  /** First forecast hour. */
  start: number;
  forecast: Forecast;
}

export interface ForecastServiceOptions {
  db: Database;
  logger: Logger;
  rollupTags: readonly string[];
  /** Refresh interval (default 1 h); a stored forecast older than this is recomputed on read. */
  intervalMs?: number;
  monthlyBudgetUsd: number | null;
  now?: () => number;
  /** Told the all-tenant month-end projection after each refresh (the processor exports it to Prometheus). */
  onProjection?: (projection: CostProjection) => void;
}

export class ForecastService {
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly intervalMs: number;

  constructor(private readonly options: ForecastServiceOptions) {
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? HOUR_MS;
  }

  start(): void {
    const run = () =>
      void this.refresh()
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'forecast refresh failed'))
        .finally(() => {
          this.timer = setTimeout(run, this.intervalMs);
          this.timer.unref();
        });
    this.timer = setTimeout(run, 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Recomputes and stores the scheduled forecasts. */
  async refresh(): Promise<void> {
    for (const { metric, measure } of SCHEDULED) {
      try {
        await this.compute({ metric, measure, filters: [] }, DAY_HOURS);
      } catch (error) {
        // A new installation has no day of history yet: nothing to forecast, nothing wrong.
        if (!(error instanceof QueryError)) throw error;
        this.options.logger.debug({ metric, measure }, error.message);
      }
    }
    if (!this.options.onProjection) return;
    try {
      this.options.onProjection(await this.costProjection({}));
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
    }
  }

  /** History from `from` (default two days ago) and the forecast of the next `horizonHours`. */
  async forecast(query: ForecastQuery): Promise<ForecastResult> {
    const key = { metric: query.metric, measure: query.measure, filters: query.filters ?? [] };
    const horizon = query.horizonHours ?? DAY_HOURS;
    const stored = await this.read(key);
    const fresh =
      stored && this.now() - stored.generatedAt < this.intervalMs && stored.forecast.point.length >= horizon
        ? stored
        : await this.compute(key, horizon);
    const now = this.now();
    const from =
      query.from === undefined ? now - 2 * DAY_HOURS * HOUR_MS : parseInstant(query.from, 'from', now);
    const actuals = await this.hourly(key, Math.floor(from / HOUR_MS) * HOUR_MS, fresh.start);
    const rows: ForecastResult['rows'] = actuals.times.map((time, i) => ({
      time,
      actual: actuals.values[i] ?? null,
      forecast: null,
      lower_80: null,
      upper_80: null,
      lower_95: null,
      upper_95: null,
    }));
    const f = fresh.forecast;
    for (let h = 0; h < horizon; h++) {
      rows.push({
        time: fresh.start + h * HOUR_MS,
        actual: null,
        forecast: f.point[h]!,
        lower_80: f.lower80[h]!,
        upper_80: f.upper80[h]!,
        lower_95: f.lower95[h]!,
        upper_95: f.upper95[h]!,
      });
    }
    return {
      metric: query.metric,
      measure: query.measure,
      unit: unitOf(query.metric, query.measure),
      model: fresh.model,
      seasons: fresh.seasons,
      generatedAt: fresh.generatedAt,
      rows,
    };
  }

  /**
   * Month-to-date spend plus the forecast of the rest of the month (UTC). The 80 % range adds the
   * hourly interval widths: errors of consecutive hours go together (a level that is off stays
   * off), so this is the cautious bound rather than the square-root-of-sums one.
   */
  async costProjection(query: CostProjectionQuery): Promise<CostProjection> {
    const now = this.now();
    const date = new Date(now);
    const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    const monthEnd = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    const key = { metric: 'cost_usd' as const, measure: 'sum' as const, filters: query.filters ?? [] };
    const stored = await this.compute(
      key,
      Math.max(1, Math.ceil((monthEnd - Math.floor(now / HOUR_MS) * HOUR_MS) / HOUR_MS)),
    );
    const spent = await this.hourly(key, monthStart, stored.start);
    const monthToDate = spent.values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
    const budget = query.budgetUsd ?? this.options.monthlyBudgetUsd;
    let projected = monthToDate;
    let low = monthToDate;
    let high = monthToDate;
    let exceededAt: number | null = budget !== null && monthToDate > budget ? now : null;
    const f = stored.forecast;
    for (let h = 0; stored.start + h * HOUR_MS < monthEnd && h < f.point.length; h++) {
      projected += Math.max(0, f.point[h]!);
      low += Math.max(0, f.lower80[h]!);
      high += Math.max(0, f.upper80[h]!);
      if (budget !== null && exceededAt === null && projected > budget)
        exceededAt = stored.start + h * HOUR_MS;
    }
    return {
      monthStart,
      monthEnd,
      monthToDateUsd: monthToDate,
      projectedUsd: projected,
      projectedLow80Usd: low,
      projectedHigh80Usd: high,
      budgetUsd: budget,
      overBudgetUsd: budget === null ? null : projected - budget,
      budgetExceededAt: exceededAt,
      model: stored.model,
    };
  }

  /** Forecasts `horizon` hours after the last whole hour from the four weeks before it, and stores it. */
  private async compute(key: SeriesKey, horizon: number): Promise<Stored> {
    const now = this.now();
    const start = Math.floor(now / HOUR_MS) * HOUR_MS;
    const history = await this.hourly(key, start - HISTORY_MS, start);
    // Drop the hours before the first data, and fill the gaps: no events is 0 for counts and
    // sums, and the last known value for the rest.
    const first = history.values.findIndex((value) => value !== null);
    if (first < 0 || history.values.length - first < DAY_HOURS) {
      throw new QueryError(
        `not enough history to forecast ${key.metric} ${key.measure}: needs a day of hourly data, found ` +
          `${first < 0 ? 0 : history.values.length - first} hours`,
      );
    }
    const additive = key.measure === 'count' || key.measure === 'sum';
    let last = history.values[first]!;
    const values = history.values.slice(first).map((value) => (last = value ?? (additive ? 0 : last)));
    const season = detectSeason(values, DAY_HOURS);
    const forecast = forecastSeries(values, horizon, seasonsOf(values.length, season, DAY_HOURS));
    const stored: Stored = {
      generatedAt: now,
      model: forecast.model,
      seasons: forecast.seasons,
      start,
      forecast,
    };
    await this.write(key, stored);
    return stored;
  }

  private async hourly(
    key: SeriesKey,
    from: number,
    to: number,
  ): Promise<{ times: number[]; values: Array<number | null> }> {
    if (to <= from) return { times: [], values: [] };
    const answer = await queryTimeSeries(
      this.options.db,
      {
        metric: key.metric,
        measure: key.measure,
        from,
        to,
        window: '1h',
        filters: [...key.filters],
        maxPoints: (to - from) / HOUR_MS,
      },
      { rollupTags: this.options.rollupTags, boundTenant: null, now: this.now() },
    );
    const times = Array.from({ length: (to - from) / HOUR_MS }, (_, i) => from + i * HOUR_MS);
    const points = new Map(answer.series[0]?.points ?? []);
    return { times, values: times.map((time) => points.get(time) ?? null) };
  }

  private async read(key: SeriesKey): Promise<Stored | null> {
    const { rows } = await this.options.db.query<{
      generated_at: Date;
      model: string;
      seasons: number[];
      points: StoredPoint[];
    }>(
      `SELECT generated_at, model, seasons, points FROM forecasts
        WHERE metric = $1 AND measure = $2 AND labels = $3::jsonb AND step_seconds = 3600`,
      [key.metric, key.measure, JSON.stringify(key.filters)],
    );
    const row = rows[0];
    if (!row || row.points.length === 0) return null;
    return {
      generatedAt: row.generated_at.getTime(),
      model: row.model,
      seasons: row.seasons,
      start: row.points[0]!.time,
      forecast: {
        model: row.model,
        seasons: row.seasons,
        point: row.points.map((p) => p.forecast),
        lower80: row.points.map((p) => p.lower_80),
        upper80: row.points.map((p) => p.upper_80),
        lower95: row.points.map((p) => p.lower_95),
        upper95: row.points.map((p) => p.upper_95),
      },
    };
  }

  private async write(key: SeriesKey, stored: Stored): Promise<void> {
    const f = stored.forecast;
    const points: StoredPoint[] = f.point.map((forecast, h) => ({
      time: stored.start + h * HOUR_MS,
      forecast,
      lower_80: f.lower80[h]!,
      upper_80: f.upper80[h]!,
      lower_95: f.lower95[h]!,
      upper_95: f.upper95[h]!,
    }));
    await this.options.db.query(
      `INSERT INTO forecasts (metric, measure, labels, step_seconds, generated_at, model, seasons, points)
       VALUES ($1, $2, $3::jsonb, 3600, $4, $5, $6::int[], $7::jsonb)
       ON CONFLICT (metric, measure, labels, step_seconds) DO UPDATE SET
         generated_at = excluded.generated_at, model = excluded.model, seasons = excluded.seasons, points = excluded.points`,
      [
        key.metric,
        key.measure,
        JSON.stringify(key.filters),
        new Date(stored.generatedAt),
        stored.model,
        stored.seasons,
        JSON.stringify(points),
      ],
    );
  }
}

interface StoredPoint {
  time: number;
  forecast: number;
  lower_80: number;
  upper_80: number;
  lower_95: number;
  upper_95: number;
}

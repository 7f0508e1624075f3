/**
 * Forecasts a series: the model is chosen by a rolling-origin backtest (the last few horizons of
 * the history, each forecast from the data before it), and the prediction intervals are the
 * chosen model's backtest errors: the 80 % and 95 % quantiles of its absolute errors, so that
 * their coverage is what was measured rather than what a model's assumptions promise.
 */
import { MODELS, mstlEts, mstlInSampleError, seasonalNaive, type Model } from './models';

export interface Forecast {
  model: string;
  seasons: number[];
  point: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}

/** Backtest folds: forecasts from this many origins, one horizon apart, at the end of the history. */
const FOLDS = 3;

/**
 * The seasons to model: the given one, and a week of them when the season is a day and two weeks
 * of history are there (MSTL fits the weekly component; it stays near zero where there is none).
 */
export function seasonsOf(historyLength: number, season: number, pointsPerDay: number | null): number[] {
  if (season < 2) return [1];
  return season === pointsPerDay && historyLength >= 2 * 7 * season ? [season, 7 * season] : [season];
}

/** Autocorrelation a day apart at least this: the series has a daily season. */
const DAILY_ACF = 0.3;

/**
 * The main season when none is given: a day of points if two days of history show it (their
 * autocorrelation a day apart), else none (1: the models fall back to their non-seasonal forms).
 */
export function detectSeason(history: readonly number[], pointsPerDay: number | null): number {
  if (pointsPerDay === null || pointsPerDay < 2 || history.length < 2 * pointsPerDay) return 1;
  const n = history.length;
  const mean = history.reduce((sum, v) => sum + v, 0) / n;
  let lagged = 0;
  let total = 0;
  for (let t = 0; t < n; t++) {
    total += (history[t]! - mean) ** 2;
    if (t >= pointsPerDay) lagged += (history[t]! - mean) * (history[t - pointsPerDay]! - mean);
  }
  return total > 0 && lagged / total >= DAILY_ACF ? pointsPerDay : 1;
}

export function forecastSeries(
  history: readonly number[],
  horizon: number,
  seasons: readonly number[],
): Forecast {
  const season = seasons[0]!;
  if (history.length < season) {
    throw new Error(
      `a forecast with season ${season} needs at least ${season} points, got ${history.length}`,
    );
  }
  // Every model is backtested over the same horizon: the one asked for, or, when the history cannot
  // hold FOLDS of it (a month-end projection), the longest it can hold.
  const fittable = MODELS.map((model) => model.minHistory(season)).filter(Number.isFinite);
  const testHorizon = Math.min(horizon, Math.floor((history.length - Math.max(...fittable)) / FOLDS));
  const backtests = MODELS.map((model) => ({
    model,
    ...backtest(model, history, Math.max(1, testHorizon), seasons),
  })).filter((result) => result.errors.length > 0);
  const best = backtests.reduce<(typeof backtests)[number] | null>(
    (a, b) => (!a || meanAbs(b.errors) < meanAbs(a.errors) ? b : a),
    null,
  );
  // A weekly season needs two weeks before an origin: when no fold had them (a history of just two
  // weeks), MSTL, the one model that takes the weekly season, is preferred without that proof; its
  // errors are those of its daily-only backtest, scaled by how much better the weekly season
  // explains the history.
  const weeklyUntested = seasons.length > 1 && !backtests.some((result) => result.allSeasons);
  const mstl = backtests.find((result) => result.model === mstlEts);
  let chosen = best;
  let errorScale = 1;
  if (weeklyUntested && mstl) {
    chosen = mstl;
    errorScale = Math.min(1, mstlInSampleError(history, seasons) / mstlInSampleError(history, [season]));
  }
  // Too short a history for any backtest: seasonal naive, with its one-season-apart differences as errors.
  const model = chosen?.model ?? seasonalNaive;
  const errors = chosen?.errors ?? history.slice(season).map((value, i) => value - history[i]!);
  const point = model.forecast(history, horizon, seasons);
  const absolute = errors.map(Math.abs).sort((a, b) => a - b);
  const width80 = errorScale * quantile(absolute, 0.8);
  const width95 = errorScale * quantile(absolute, 0.95);
  return {
    model: model.name,
    seasons: [...seasons],
    point,
    lower80: point.map((p) => p - width80),
    upper80: point.map((p) => p + width80),
    lower95: point.map((p) => p - width95),
    upper95: point.map((p) => p + width95),
  };
}

/**
 * The model's errors (actual − forecast) over the backtest folds it has history enough for, each
 * fit with the seasons its training part is long enough for (two of each); `allSeasons` when every
 * fold had them all.
 */
function backtest(
  model: Model,
  history: readonly number[],
  horizon: number,
  seasons: readonly number[],
): { errors: number[]; allSeasons: boolean } {
  const errors: number[] = [];
  let allSeasons = true;
  for (let fold = 1; fold <= FOLDS; fold++) {
    const origin = history.length - fold * horizon;
    if (origin < model.minHistory(seasons[0]!)) break;
    const usable = seasons.filter((s, i) => i === 0 || origin >= 2 * s);
    allSeasons &&= usable.length === seasons.length;
    const forecast = model.forecast(history.slice(0, origin), horizon, usable);
    forecast.forEach((value, i) => errors.push(history[origin + i]! - value));
  }
  return { errors, allSeasons: allSeasons && errors.length > 0 };
}

const meanAbs = (errors: readonly number[]) =>
  errors.reduce((sum, e) => sum + Math.abs(e), 0) / errors.length;

/** The q-quantile of sorted values, interpolated. */
function quantile(sorted: readonly number[], q: number): number {
  const rank = q * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (rank - below) * (sorted[above]! - sorted[below]!);
}

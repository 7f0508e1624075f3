/**
 * The forecasting models the selector chooses among. Each fits a history and returns point
 * forecasts for the next `horizon` steps; intervals come from the selector's backtest.
 *
 * - seasonal naive: the value one season ago (the baseline every model must beat);
 * - Holt-Winters: additive level, damped trend and season, smoothing weights chosen by one-step
 *   error over a grid (written here: no maintained JavaScript implementation exists);
 * - MSTL + ETS: seasonal-trend decomposition by Loess over one or more seasons, the remainder and
 *   trend forecast by automatic ETS (augurs, Grafana Labs' Rust library).
 */
import { augursMstl } from './augurs';

export interface Model {
  name: string;
  /** The smallest history the model can fit. */
  minHistory(season: number): number;
  /** `seasons[0]` is the main season (e.g. a day); MSTL also uses the others (e.g. a week). */
  forecast(history: readonly number[], horizon: number, seasons: readonly number[]): number[];
}

export const seasonalNaive: Model = {
  name: 'seasonal_naive',
  minHistory: (season) => season,
  forecast(history, horizon, [season]) {
    const n = history.length;
    return Array.from({ length: horizon }, (_, i) => history[n - season! + (i % season!)]!);
  },
};

interface HoltWintersParameters {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

interface HoltWintersState {
  level: number;
  trend: number;
  seasonal: number[];
  /** Sum of squared one-step errors over the history. */
  sse: number;
}

/** Runs additive damped Holt-Winters over `y`, from the classic first-two-seasons start. */
export function holtWintersRun(
  y: readonly number[],
  season: number,
  p: HoltWintersParameters,
): HoltWintersState {
  const mean = (from: number) => y.slice(from, from + season).reduce((a, b) => a + b, 0) / season;
  let level = mean(0);
  let trend = y.length >= 2 * season ? (mean(season) - level) / season : 0;
  const seasonal = y.slice(0, season).map((value) => value - level);
  let sse = 0;
  for (let t = season; t < y.length; t++) {
    const s = seasonal[t % season]!;
    const predicted = level + p.phi * trend + s;
    const error = y[t]! - predicted;
    sse += error * error;
    const previousLevel = level;
    level = p.alpha * (y[t]! - s) + (1 - p.alpha) * (previousLevel + p.phi * trend);
    trend = p.beta * (level - previousLevel) + (1 - p.beta) * p.phi * trend;
    seasonal[t % season] = p.gamma * (y[t]! - level) + (1 - p.gamma) * s;
  }
  // Rotate so that seasonal[0] belongs to the step after the history.
  const offset = y.length % season;
  return { level, trend, seasonal: [...seasonal.slice(offset), ...seasonal.slice(0, offset)], sse };
}

export function holtWintersForecast(state: HoltWintersState, horizon: number, phi: number): number[] {
  const season = state.seasonal.length;
  let damped = 0;
  return Array.from({ length: horizon }, (_, h) => {
    damped += phi ** (h + 1);
    return state.level + damped * state.trend + state.seasonal[h % season]!;
  });
}

const GRID = {
  alpha: [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9],
  beta: [0, 0.01, 0.05, 0.15],
  gamma: [0.01, 0.05, 0.1, 0.2, 0.4],
  phi: [0.9, 0.98],
};

/** The grid point with the least one-step squared error over the history. */
export function fitHoltWinters(y: readonly number[], season: number): HoltWintersParameters {
  let best: { p: HoltWintersParameters; sse: number } | null = null;
  for (const alpha of GRID.alpha)
    for (const beta of GRID.beta)
      for (const gamma of GRID.gamma)
        for (const phi of GRID.phi) {
          const p = { alpha, beta, gamma, phi };
          const { sse } = holtWintersRun(y, season, p);
          if (!best || sse < best.sse) best = { p, sse };
        }
  return best!.p;
}

export const holtWinters: Model = {
  name: 'holt_winters',
  minHistory: (season) => 2 * season + 2,
  forecast(history, horizon, [season]) {
    const p = fitHoltWinters(history, season!);
    return holtWintersForecast(holtWintersRun(history, season!, p), horizon, p.phi);
  },
};

function withMstl<T>(
  history: readonly number[],
  seasons: readonly number[],
  use: (model: MstlModel) => T,
): T {
  const model = augursMstl().MSTL.ets([...seasons]);
  try {
    model.fit(Float64Array.from(history));
    return use(model);
  } finally {
    model.free();
  }
}

type MstlModel = ReturnType<ReturnType<typeof augursMstl>['MSTL']['ets']>;

export const mstlEts: Model = {
  name: 'mstl_ets',
  // A decomposition needs a season.
  minHistory: (season) => (season < 2 ? Number.POSITIVE_INFINITY : 2 * season + 2),
  forecast: (history, horizon, seasons) =>
    withMstl(history, seasons, (model) => model.predict(horizon).point),
};

/** Mean absolute in-sample error of MSTL + ETS with these seasons (how well they explain the history). */
export function mstlInSampleError(history: readonly number[], seasons: readonly number[]): number {
  const fitted = withMstl(history, seasons, (model) => model.predictInSample().point);
  return history.reduce((sum, value, i) => sum + Math.abs(value - fitted[i]!), 0) / history.length;
}

export const MODELS: readonly Model[] = [seasonalNaive, holtWinters, mstlEts];

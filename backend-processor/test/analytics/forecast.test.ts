/** Forecasting models and the backtest selector on series with known continuations. */
import { detectSeason, forecastSeries, seasonsOf } from '../../src/analytics/forecast/forecaster';
import { holtWinters, mstlEts, seasonalNaive } from '../../src/analytics/forecast/models';

const season = 24;
const pattern = (t: number) =>
  50 * Math.sin((2 * Math.PI * t) / season) + 20 * Math.cos((4 * Math.PI * t) / season);

function noisy(length: number, seed = 3): number[] {
  let state = seed;
  return Array.from({ length }, (_, t) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return 500 + pattern(t) + 30 * (state / 2 ** 31 - 0.5);
  });
}

test('seasonal naive repeats the last season', () => {
  const history = Array.from({ length: 48 }, (_, t) => t);
  expect(seasonalNaive.forecast(history, 30, [24])).toEqual(
    Array.from({ length: 30 }, (_, h) => 24 + (h % 24)),
  );
});

test('Holt-Winters continues an exactly repeating season and a constant exactly', () => {
  const history = Array.from({ length: 10 * season }, (_, t) => 100 + pattern(t));
  const forecast = holtWinters.forecast(history, 2 * season, [season]);
  forecast.forEach((value, h) => expect(value).toBeCloseTo(100 + pattern(10 * season + h), 6));
  expect(holtWinters.forecast(Array(100).fill(7), 5, [season])).toEqual(Array(5).fill(7));
});

test('MSTL + ETS (augurs) follows a season with a trend', () => {
  const history = Array.from({ length: 14 * season }, (_, t) => 200 + 0.5 * t + pattern(t));
  const forecast = mstlEts.forecast(history, season, [season]);
  forecast.forEach((value, h) => {
    const actual = 200 + 0.5 * (14 * season + h) + pattern(14 * season + h);
    expect(Math.abs(value - actual)).toBeLessThan(5);
  });
});

test('the selector beats seasonal naive on noisy seasonal data and its intervals cover held-out points', () => {
  let inside80 = 0;
  let inside95 = 0;
  let total = 0;
  let errorChosen = 0;
  let errorNaive = 0;
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const series = noisy(22 * season, seed);
    const history = series.slice(0, 21 * season);
    const actual = series.slice(21 * season);
    const result = forecastSeries(history, season, seasonsOf(history.length, season, season));
    const naive = seasonalNaive.forecast(history, season, [season]);
    actual.forEach((value, h) => {
      total++;
      inside80 += Number(result.lower80[h]! <= value && value <= result.upper80[h]!);
      inside95 += Number(result.lower95[h]! <= value && value <= result.upper95[h]!);
      errorChosen += Math.abs(value - result.point[h]!);
      errorNaive += Math.abs(value - naive[h]!);
      expect(result.lower95[h]).toBeLessThanOrEqual(result.lower80[h]!);
      expect(result.upper95[h]).toBeGreaterThanOrEqual(result.upper80[h]!);
    });
  }
  expect(errorChosen).toBeLessThan(0.8 * errorNaive);
  expect(inside80 / total).toBeGreaterThan(0.65);
  expect(inside80 / total).toBeLessThan(0.95);
  expect(inside95 / total).toBeGreaterThan(0.85);
});

test('a weekly season is modelled once two weeks of a daily season are there', () => {
  expect(seasonsOf(13 * 24, 24, 24)).toEqual([24]);
  expect(seasonsOf(14 * 24, 24, 24)).toEqual([24, 168]);
  expect(seasonsOf(30 * 24, 24, 96)).toEqual([24]);
});

test('a daily season is detected where the data has one; a series without one is forecast without', () => {
  expect(detectSeason(noisy(10 * season), season)).toBe(season);
  let level = 100;
  let state = 9;
  const walk = Array.from({ length: 10 * season }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return (level += state / 2 ** 31 - 0.5);
  });
  expect(
    detectSeason(
      walk.map((v, t) => v - walk[t - 1]! || 0),
      season,
    ),
  ).toBe(1);
  const result = forecastSeries(walk, 6, seasonsOf(walk.length, 1, season));
  expect(result.model).not.toBe('mstl_ets');
  // A random walk is best continued from its last value.
  result.point.forEach((value) => expect(Math.abs(value - walk[walk.length - 1]!)).toBeLessThan(3));
});

test('a horizon longer than the history can backtest (a month-end projection) is still chosen by backtest', () => {
  const history = noisy(21 * season, 8);
  const result = forecastSeries(history, 30 * season, seasonsOf(history.length, season, season));
  expect(result.point).toHaveLength(30 * season);
  expect(result.model).not.toBe('seasonal_naive');
  expect(result.upper95[0]! - result.lower95[0]!).toBeGreaterThan(0);
});

/** `llm-hub forecast`: the live forecaster over a CSV series, `horizon` rows continuing its step. */
import { detectSeason, forecastSeries, seasonsOf } from '../analytics/forecast/forecaster';
import { InputError, type Series } from './series';

const DAY_MS = 86_400_000;

export function forecastCsv(series: Series, horizon: number, season: number | null): string {
  const pointsPerDay = DAY_MS % series.stepMs === 0 ? DAY_MS / series.stepMs : null;
  // Without --season: a daily season where the data shows one, else none.
  const main = season ?? detectSeason(series.values, pointsPerDay);
  if (series.values.length < main) {
    throw new InputError(
      `--season ${main} needs at least ${main} rows of history, the input has ${series.values.length}`,
    );
  }
  const forecast = forecastSeries(
    series.values,
    horizon,
    seasonsOf(series.values.length, main, pointsPerDay),
  );
  const last = series.times[series.times.length - 1]!;
  const plain = !series.labels[0]!.includes('T');
  const lines = ['timestamp,forecast,lower_80,upper_80,lower_95,upper_95'];
  for (let h = 0; h < horizon; h++) {
    const time = new Date(last + (h + 1) * series.stepMs).toISOString();
    const label = plain ? time.slice(0, 19).replace('T', ' ') : time;
    const row = [forecast.point, forecast.lower80, forecast.upper80, forecast.lower95, forecast.upper95].map(
      (v) => round(v[h]!),
    );
    lines.push([label, ...row].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

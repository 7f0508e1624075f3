/**
 * Frames as the datasource makes them (its own frame builders, so the panel's defaults are checked
 * against the real contract), from small hand-made processor answers.
 */
import type { AnomalyResult, ForecastResult } from '@llm-hub/query-contract';
import { anomalyAnnotationFrame, anomalyTableFrame } from '../../../datasource-plugin/src/frames/anomalies';
import { forecastFrame } from '../../../datasource-plugin/src/frames/forecast';

export const HOUR = 3_600_000;
export const START = Date.UTC(2026, 10, 20);

/** `past` hours of actuals (10, 11, 12, …) then `future` hours of forecast 20 ± 5 (80 %) ± 9 (95 %). */
export function forecastResult(past = 6, future = 4): ForecastResult {
  const rows = Array.from({ length: past + future }, (_, i) => {
    const forecasting = i >= past;
    return {
      time: START + i * HOUR,
      actual: forecasting ? null : 10 + i,
      forecast: forecasting ? 20 : null,
      lower_80: forecasting ? 15 : null,
      upper_80: forecasting ? 25 : null,
      lower_95: forecasting ? 11 : null,
      upper_95: forecasting ? 29 : null,
    };
  });
  return {
    metric: 'cost_usd',
    measure: 'sum',
    unit: 'USD',
    model: 'holt_winters',
    seasons: [24],
    generatedAt: START,
    rows,
  };
}

export const forecastFrameOf = (result = forecastResult()) => forecastFrame(result, 'A');

export const ANOMALIES: AnomalyResult = {
  anomalies: [
    {
      id: 'a1',
      metric: 'cost_usd',
      measure: 'sum',
      labels: { model: 'gpt-4o' },
      kind: 'level_shift',
      severity: 'high',
      score: 0.85,
      peakAt: START + 2 * HOUR,
      value: 40,
      expected: 12,
      lower: 8,
      upper: 16,
      startedAt: START + 2 * HOUR,
      endedAt: START + 3 * HOUR,
    },
  ],
  annotations: [
    {
      time: START + 2 * HOUR,
      timeEnd: START + 3 * HOUR,
      title: 'high level shift: cost_usd sum (model=gpt-4o)',
      text: '40 where 12 was expected (band 8 to 16), score 0.85',
      tags: ['anomaly', 'cost_usd', 'level_shift', 'high', 'gpt-4o'],
    },
    {
      time: START + 4 * HOUR,
      timeEnd: START + 4 * HOUR + 600_000,
      title: 'critical spike: cost_usd sum',
      text: '90 where 14 was expected',
      tags: ['anomaly', 'cost_usd', 'spike', 'critical'],
    },
  ],
};

export const anomalyTable = () => anomalyTableFrame(ANOMALIES, 'B');
export const anomalyAnnotations = () => anomalyAnnotationFrame(ANOMALIES, 'Anno');

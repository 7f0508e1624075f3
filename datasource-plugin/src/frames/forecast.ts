/**
 * A forecast as one frame: the actual hours, the forecast, and its 80 % and 95 % bands. The field
 * names are what the forecast band panel looks for; the field config lets Grafana's own time series
 * panel draw the same bands (`fillBelowTo`).
 */
import { createDataFrame, FieldType, type DataFrame, type FieldConfig } from '@grafana/data';
import type { CostProjection, ForecastResult, ForecastRow } from '@llm-hub/query-contract';
import { grafanaUnit } from './units';

const fixed = (fixedColor: string) => ({ mode: 'fixed', fixedColor });

/** The upper edge fills down to the lower one; the lower edge stays out of the legend. */
const band = (lower: string, fillOpacity: number): Record<string, FieldConfig> => ({
  [`upper_${lower.slice(6)}`]: {
    displayName: `${lower.slice(6)} % interval`,
    color: fixed('blue'),
    custom: { fillBelowTo: lower, fillOpacity, lineWidth: 0 },
  },
  [lower]: {
    color: fixed('blue'),
    custom: { lineWidth: 0, hideFrom: { legend: true, tooltip: false, viz: false } },
  },
});

const FIELD_CONFIG: Record<string, FieldConfig> = {
  actual: { displayName: 'Actual', color: fixed('green') },
  forecast: {
    displayName: 'Forecast',
    color: fixed('blue'),
    custom: { lineStyle: { fill: 'dash', dash: [10, 10] } },
  },
  ...band('lower_80', 25),
  ...band('lower_95', 12),
};

const VALUE_FIELDS: Array<Exclude<keyof ForecastRow, 'time'>> = [
  'actual',
  'forecast',
  'lower_80',
  'upper_80',
  'lower_95',
  'upper_95',
];

export function forecastFrame(result: ForecastResult, refId: string): DataFrame {
  const unit = grafanaUnit(result.unit);
  return createDataFrame({
    refId,
    name: `${result.measure} ${result.metric} forecast`,
    meta: {
      custom: { model: result.model, seasons: result.seasons, generatedAt: result.generatedAt },
      notices: [{ severity: 'info', text: `Forecast by ${result.model}, chosen by backtest` }],
    },
    fields: [
      { name: 'time', type: FieldType.time, values: result.rows.map((row) => row.time) },
      ...VALUE_FIELDS.map((name) => ({
        name,
        type: FieldType.number,
        values: result.rows.map((row) => row[name]),
        config: { ...FIELD_CONFIG[name], unit },
      })),
    ],
  });
}

/** One row: spend so far, the month-end projection with its 80 % range, and the budget. */
export function costProjectionFrame(projection: CostProjection, refId: string): DataFrame {
  const usd = (name: keyof CostProjection, displayName: string) => ({
    name,
    type: FieldType.number,
    values: [projection[name]],
    config: { unit: 'currencyUSD', displayName },
  });
  const time = (name: keyof CostProjection, displayName: string) => ({
    name,
    type: FieldType.time,
    values: [projection[name]],
    config: { displayName },
  });
  return createDataFrame({
    refId,
    name: 'cost projection',
    fields: [
      usd('monthToDateUsd', 'Month to date'),
      usd('projectedUsd', 'Projected month end'),
      usd('projectedLow80Usd', 'Projected, low (80 %)'),
      usd('projectedHigh80Usd', 'Projected, high (80 %)'),
      usd('budgetUsd', 'Budget'),
      usd('overBudgetUsd', 'Over budget'),
      time('budgetExceededAt', 'Budget exceeded at'),
      time('monthEnd', 'Month end'),
      { name: 'model', type: FieldType.string, values: [projection.model] },
    ],
  });
}

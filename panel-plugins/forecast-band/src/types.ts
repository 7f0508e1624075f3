/** The forecast band's panel options (set in module.ts, defaults match the datasource's forecast frame). */

/** Which of the two prediction intervals to draw. */
export type BandLevels = 'both' | 'inner' | 'outer' | 'none';

/** Where anomaly markers come from: an anomalies frame in the panel's data, annotations, or both. */
export type MarkerSource = 'frames' | 'annotations' | 'both' | 'none';

export interface FieldNames {
  time: string;
  actual: string;
  forecast: string;
  lowerInner: string;
  upperInner: string;
  lowerOuter: string;
  upperOuter: string;
}

export interface ForecastBandOptions {
  fields: FieldNames;
  bandLevels: BandLevels;
  /** Shown in the legend and tooltip, e.g. "80 %". */
  innerLabel: string;
  outerLabel: string;
  bandColor: string;
  innerOpacity: number;
  outerOpacity: number;
  markers: MarkerSource;
  /** A horizontal budget or threshold line; unset draws none. */
  threshold?: number;
  thresholdLabel: string;
  showNow: boolean;
  showLegend: boolean;
}

/** The datasource's forecast frame: time, actual, forecast, lower_80, upper_80, lower_95, upper_95. */
export const DEFAULT_FIELDS: FieldNames = {
  time: 'time',
  actual: 'actual',
  forecast: 'forecast',
  lowerInner: 'lower_80',
  upperInner: 'upper_80',
  lowerOuter: 'lower_95',
  upperOuter: 'upper_95',
};

export const DEFAULT_OPTIONS: ForecastBandOptions = {
  fields: DEFAULT_FIELDS,
  bandLevels: 'both',
  innerLabel: '80 %',
  outerLabel: '95 %',
  bandColor: 'blue',
  innerOpacity: 30,
  outerOpacity: 15,
  markers: 'both',
  thresholdLabel: 'Budget',
  showNow: true,
  showLegend: true,
};

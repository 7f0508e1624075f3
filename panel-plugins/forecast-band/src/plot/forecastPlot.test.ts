import { createTheme, dateTime } from '@grafana/data';
import { forecastFrameOf } from '../../tests/frames';
import { findForecast, type ForecastFields } from '../forecastFields';
import { DEFAULT_OPTIONS, type ForecastBandOptions } from '../types';
import { legendItems, plotConfig, plotData, plotSeries, valueFormatter } from './forecastPlot';

const theme = createTheme({ colors: { mode: 'dark' } });
const timeRange = { from: dateTime(0), to: dateTime(1), raw: { from: 'now-1d', to: 'now' } };

function fieldsOf(options: ForecastBandOptions): ForecastFields {
  const lookup = findForecast([forecastFrameOf()], options.fields, options.bandLevels);
  if (!('found' in lookup)) throw new Error(lookup.problem);
  return lookup.found;
}

test('series drawn outer band, inner band, forecast, actual; bands fill between their bounds', () => {
  const fields = fieldsOf(DEFAULT_OPTIONS);
  const series = plotSeries(fields, DEFAULT_OPTIONS, theme);
  expect(series.map((s) => s.field.name)).toEqual([
    'upper_95',
    'lower_95',
    'upper_80',
    'lower_80',
    'forecast',
    'actual',
  ]);
  const config = plotConfig({
    fields,
    series,
    options: DEFAULT_OPTIONS,
    theme,
    timeZone: 'utc',
    timeRange,
  }).getConfig();
  expect(config.bands?.map((band) => band.series)).toEqual([
    [1, 2],
    [3, 4],
  ]);
  // The inner band is more opaque than the outer one.
  const alpha = (fill: unknown) => parseInt(String(fill).slice(7, 9), 16) / 255;
  expect(alpha(config.bands![1]!.fill)).toBeGreaterThan(alpha(config.bands![0]!.fill));
  // Bounds have no line of their own; the forecast is dashed.
  expect(config.series.slice(1).map((s) => s.width)).toEqual([0, 0, 0, 0, 2, 1.5]);
  expect(config.series[5]!.dash).toEqual([8, 6]);
});

test('options: one band, its colour and opacity; a threshold raises the value scale to it', () => {
  const options: ForecastBandOptions = {
    ...DEFAULT_OPTIONS,
    bandLevels: 'inner',
    bandColor: 'purple',
    innerOpacity: 50,
    threshold: 500,
  };
  const fields = fieldsOf(options);
  const series = plotSeries(fields, options, theme);
  const config = plotConfig({ fields, series, options, theme, timeZone: 'utc', timeRange }).getConfig();
  expect(config.bands).toEqual([
    { series: [1, 2], fill: `${theme.visualization.getColorByName('purple')}80` },
  ]);
  const y = config.scales!.y!;
  const [, max] = (y.range as (u: unknown, min: number, max: number, key: string) => [number, number])(
    { scales: { y: { distr: 1 } } },
    10,
    29,
    'y',
  );
  expect(max).toBeGreaterThanOrEqual(500);
});

test('legend: the lines, then the bands by their level labels', () => {
  const options = { ...DEFAULT_OPTIONS, innerLabel: '50 %' };
  expect(legendItems(fieldsOf(options), options, theme, false).map((item) => item.label)).toEqual([
    'Actual',
    'Forecast',
    '50 % interval',
    '95 % interval',
  ]);
});

test('values in the unit of the field config: USD', () => {
  expect(valueFormatter(fieldsOf(DEFAULT_OPTIONS), theme, 'utc')(1234.5)).toBe('$1.23K');
});

test('plot data: time first, then the series in drawing order, nulls where a series has no value', () => {
  const fields = fieldsOf(DEFAULT_OPTIONS);
  const [time, upper95, , , , forecast, actual] = plotData(
    fields,
    plotSeries(fields, DEFAULT_OPTIONS, theme),
    800,
  );
  expect(time).toHaveLength(10);
  expect(actual!.slice(0, 7)).toEqual([10, 11, 12, 13, 14, 15, null]);
  expect(forecast![9]).toBe(20);
  expect(upper95![9]).toBe(29);
});

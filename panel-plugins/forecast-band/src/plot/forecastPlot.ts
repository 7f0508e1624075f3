/**
 * The forecast as a uPlot chart built with Grafana's own UPlotConfigBuilder: time and value axes in
 * the field's unit and the dashboard's time zone, the bands as uPlot bands between their bounds,
 * the forecast dashed over them and the actual series on top; markers, threshold and "now" are
 * drawn by overlays.ts. The data is downsampled to the plot's pixel width first.
 */
import {
  colorManipulator,
  formattedValueToString,
  getDisplayProcessor,
  type Field,
  type GrafanaTheme2,
  type TimeRange,
  type TimeZone,
} from '@grafana/data';
import {
  AxisPlacement,
  GraphDrawStyle,
  ScaleDirection,
  ScaleOrientation,
  VisibilityMode,
} from '@grafana/schema';
import { UPlotConfigBuilder, type VizLegendItem } from '@grafana/ui';
import type { AlignedData } from 'uplot';
import { downsampleToColumns } from '../downsample';
import type { ForecastBand, ForecastFields } from '../forecastFields';
import { THRESHOLD_COLOR } from './overlays';
import type { ForecastBandOptions } from '../types';

export interface PlotSeries {
  field: Field;
  label: string;
  color: string;
  /** Lines drawn (actual, forecast); band bounds only bound their fill. */
  line: boolean;
  dashed?: boolean;
}

const colorOf = (field: Field | undefined, fallback: string, theme: GrafanaTheme2) =>
  theme.visualization.getColorByName(field?.config.color?.fixedColor ?? fallback);

/** The series in drawing order: bands outer to inner, then the forecast, then the actual series. */
export function plotSeries(
  fields: ForecastFields,
  options: ForecastBandOptions,
  theme: GrafanaTheme2,
): PlotSeries[] {
  const bandColor = theme.visualization.getColorByName(options.bandColor);
  const bounds = fields.bands.flatMap(({ level, upper, lower }) => {
    const label = `${level === 'inner' ? options.innerLabel : options.outerLabel} interval`;
    return [
      { field: upper, label: `${label} (upper)`, color: bandColor, line: false },
      { field: lower, label: `${label} (lower)`, color: bandColor, line: false },
    ];
  });
  const lines: PlotSeries[] = [];
  if (fields.forecast) {
    lines.push({
      field: fields.forecast,
      label: 'Forecast',
      color: colorOf(fields.forecast, 'blue', theme),
      line: true,
      dashed: true,
    });
  }
  if (fields.actual) {
    lines.push({
      field: fields.actual,
      label: 'Actual',
      color: colorOf(fields.actual, 'green', theme),
      line: true,
    });
  }
  return [...bounds, ...lines];
}

/** Legend entries: the lines, one per band (not per bound), then the markers and threshold shown. */
export function legendItems(
  fields: ForecastFields,
  options: ForecastBandOptions,
  theme: GrafanaTheme2,
  withAnomalies: boolean,
): VizLegendItem[] {
  const lines = plotSeries(fields, options, theme).filter((series) => series.line);
  const bandColor = theme.visualization.getColorByName(options.bandColor);
  const bandOpacity = (level: ForecastBand['level']) =>
    (level === 'inner' ? options.innerOpacity : options.outerOpacity) / 100;
  return [
    ...lines.reverse().map((series) => ({
      label: series.label,
      color: series.color,
      yAxis: 1,
      lineStyle: series.dashed ? { fill: 'dash' as const } : undefined,
    })),
    // The swatch twice as strong as the fill: a small square of it would not show.
    ...[...fields.bands].reverse().map((band) => ({
      label: `${band.level === 'inner' ? options.innerLabel : options.outerLabel} interval`,
      color: colorManipulator.alpha(bandColor, Math.min(1, 2 * bandOpacity(band.level))),
      yAxis: 1,
    })),
    ...(withAnomalies
      ? [{ label: 'Anomaly', color: theme.visualization.getColorByName('orange'), yAxis: 1 }]
      : []),
    ...(options.threshold !== undefined
      ? [
          {
            label: options.thresholdLabel,
            color: theme.visualization.getColorByName(THRESHOLD_COLOR),
            yAxis: 1,
            lineStyle: { fill: 'dash' as const },
          },
        ]
      : []),
  ];
}

/** The value axis formats like the forecast (its unit, decimals): falls back to the actual series. */
export function valueFormatter(fields: ForecastFields, theme: GrafanaTheme2, timeZone: TimeZone) {
  const field = (fields.forecast ?? fields.actual)!;
  const display = field.display ?? getDisplayProcessor({ field, theme, timeZone });
  return (value: number) => formattedValueToString(display(value));
}

export function plotData(fields: ForecastFields, series: PlotSeries[], widthPx: number): AlignedData {
  const { x, series: values } = downsampleToColumns(
    fields.time.values,
    series.map((s) => s.field.values as Array<number | null>),
    Math.ceil(widthPx),
  );
  return [x, ...values] as AlignedData;
}

export interface PlotSetup {
  fields: ForecastFields;
  series: PlotSeries[];
  options: ForecastBandOptions;
  theme: GrafanaTheme2;
  timeZone: TimeZone;
  timeRange: TimeRange;
}

export function plotConfig({
  fields,
  series,
  options,
  theme,
  timeZone,
  timeRange,
}: PlotSetup): UPlotConfigBuilder {
  const builder = new UPlotConfigBuilder(timeZone);
  // Room for the value labels at the left edge and the overlay labels at the top.
  builder.setPadding([12, 24, 0, 8]);
  builder.addScale({
    scaleKey: 'x',
    isTime: true,
    orientation: ScaleOrientation.Horizontal,
    direction: ScaleDirection.Right,
    range: () => [timeRange.from.valueOf(), timeRange.to.valueOf()],
  });
  builder.addAxis({ scaleKey: 'x', isTime: true, placement: AxisPlacement.Bottom, timeZone, theme });
  // A threshold above the data still shows: the scale reaches up to it.
  builder.addScale({
    scaleKey: 'y',
    orientation: ScaleOrientation.Vertical,
    direction: ScaleDirection.Up,
    softMin: 0,
    softMax: options.threshold ?? null,
  });
  builder.addAxis({
    scaleKey: 'y',
    placement: AxisPlacement.Left,
    theme,
    formatValue: valueFormatter(fields, theme, timeZone),
  });
  for (const s of series) {
    builder.addSeries({
      scaleKey: 'y',
      theme,
      drawStyle: GraphDrawStyle.Line,
      lineColor: s.line ? s.color : 'transparent',
      lineWidth: s.line ? (s.dashed ? 2 : 1.5) : 0,
      lineStyle: s.dashed ? { fill: 'dash', dash: [8, 6] } : { fill: 'solid' },
      showPoints: VisibilityMode.Never,
      spanNulls: false,
      fillOpacity: 0,
    });
  }
  // uPlot series index = position in `series` + 1 (0 is time); bounds come in upper, lower pairs.
  fields.bands.forEach((band, i) => {
    const opacity = (band.level === 'inner' ? options.innerOpacity : options.outerOpacity) / 100;
    builder.addBand({
      series: [2 * i + 1, 2 * i + 2],
      fill: colorManipulator.alpha(series[2 * i]!.color, opacity),
    });
  });
  return builder;
}

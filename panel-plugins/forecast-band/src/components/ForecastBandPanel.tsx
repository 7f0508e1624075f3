/**
 * The forecast band panel: the forecast found in the panel's frames by the option's field names,
 * drawn with Grafana's uPlot building blocks (UPlotChart, TooltipPlugin2, VizLayout, VizLegend),
 * with anomaly markers, a threshold line and "now".
 */
import { LoadingState, type PanelProps } from '@grafana/data';
import { TooltipPlugin2, UPlotChart, useTheme2, VizLayout, VizLegend } from '@grafana/ui';
import { LegendDisplayMode } from '@grafana/schema';
import { useMemo } from 'react';
import { anomalyMarkers, markersAt, type AnomalyMarker } from '../anomalyMarkers';
import { findForecast, type ForecastFields } from '../forecastFields';
import { addOverlays } from '../plot/overlays';
import { legendItems, plotConfig, plotData, plotSeries, valueFormatter } from '../plot/forecastPlot';
import type { ForecastBandOptions } from '../types';
import { ForecastTooltip, type TooltipRow } from './ForecastTooltip';
import { PanelMessage } from '../../../shared/PanelMessage';

/** uPlot's hover modes (TooltipPlugin2 takes a const enum, which isolated modules cannot import). */
const HOVER_ALL_SERIES = 1;

/** How close (in pixels) the cursor must come to an anomaly for the tooltip to list it. */
const MARKER_HOVER_PX = 8;

export function ForecastBandPanel({
  data,
  options,
  width,
  height,
  timeZone,
  timeRange,
  onChangeTimeRange,
}: PanelProps<ForecastBandOptions>) {
  const theme = useTheme2();
  const lookup = useMemo(
    () => findForecast(data.series, options.fields, options.bandLevels),
    [data.series, options.fields, options.bandLevels],
  );
  const from = timeRange.from.valueOf();
  const to = timeRange.to.valueOf();
  const markers = useMemo(
    () => anomalyMarkers(data, options.markers, { from, to }),
    [data, options.markers, from, to],
  );

  if ('problem' in lookup) {
    const failed =
      data.state === LoadingState.Error ? (data.errors?.[0]?.message ?? data.error?.message) : undefined;
    return failed ? (
      <PanelMessage tone="error">{failed}</PanelMessage>
    ) : (
      <PanelMessage>{lookup.problem}</PanelMessage>
    );
  }
  const fields = lookup.found;
  const legend = options.showLegend ? (
    <VizLayout.Legend placement="bottom">
      <VizLegend
        placement="bottom"
        displayMode={LegendDisplayMode.List}
        readonly
        items={legendItems(fields, options, theme, markers.length > 0)}
      />
    </VizLayout.Legend>
  ) : null;

  return (
    <VizLayout width={width} height={height} legend={legend}>
      {(plotWidth, plotHeight) => (
        <ForecastPlot
          {...{ fields, options, markers, timeZone, timeRange, onChangeTimeRange }}
          now={data.request?.startTime ?? (fields.frame.meta?.custom?.generatedAt as number | undefined)}
          width={plotWidth}
          height={plotHeight}
        />
      )}
    </VizLayout>
  );
}

type PlotProps = Pick<
  PanelProps<ForecastBandOptions>,
  'options' | 'timeZone' | 'timeRange' | 'onChangeTimeRange' | 'width' | 'height'
> & {
  fields: ForecastFields;
  markers: AnomalyMarker[];
  /** When the panel's query ran. */
  now?: number;
};

function ForecastPlot({
  fields,
  now,
  options,
  markers,
  timeZone,
  timeRange,
  onChangeTimeRange,
  width,
  height,
}: PlotProps) {
  const theme = useTheme2();
  const series = useMemo(() => plotSeries(fields, options, theme), [fields, options, theme]);
  const formatValue = useMemo(() => valueFormatter(fields, theme, timeZone), [fields, theme, timeZone]);
  const builder = useMemo(() => {
    const config = plotConfig({ fields, series, options, theme, timeZone, timeRange });
    addOverlays(config, {
      markers,
      theme,
      formatValue,
      threshold:
        options.threshold === undefined
          ? undefined
          : { value: options.threshold, label: options.thresholdLabel },
      now: options.showNow ? now : undefined,
    });
    return config;
  }, [fields, series, options, theme, timeZone, timeRange, markers, formatValue, now]);
  // Downsampled to device pixels: M4 keeps the drawing exact at any pixel ratio.
  const pixelWidth = width * (window.devicePixelRatio || 1);
  const aligned = useMemo(() => plotData(fields, series, pixelWidth), [fields, series, pixelWidth]);

  const tooltipRows = (values: ReadonlyArray<ArrayLike<number | null>>, idx: number): TooltipRow[] => {
    const at = (i: number) => values[i + 1]?.[idx] ?? null;
    const show = (value: number | null) => (value === null ? '–' : formatValue(value));
    const rows: TooltipRow[] = [];
    series.forEach((s, i) => {
      if (s.line && at(i) !== null) rows.push({ label: s.label, color: s.color, value: show(at(i)) });
    });
    // Inner band first: the likelier range.
    [...fields.bands.entries()].reverse().forEach(([b, band]) => {
      const upper = at(2 * b);
      const lower = at(2 * b + 1);
      if (upper === null || lower === null) return;
      const label = `${band.level === 'inner' ? options.innerLabel : options.outerLabel} interval`;
      rows.push({ label, color: series[2 * b]!.color, value: `${show(lower)} – ${show(upper)}` });
    });
    return rows;
  };

  return (
    <UPlotChart config={builder} data={aligned} width={width} height={height}>
      <TooltipPlugin2
        config={builder}
        hoverMode={HOVER_ALL_SERIES}
        queryZoom={({ from, to }) => onChangeTimeRange({ from, to })}
        render={(u, dataIdxs) => {
          const idx = dataIdxs[0];
          if (idx === null || idx === undefined) return null;
          const time = u.data[0][idx]!;
          const { min = 0, max = 0 } = u.scales.x ?? {};
          const perPixel = (max - min) / Math.max(1, u.over.clientWidth);
          return (
            <ForecastTooltip
              time={time}
              timeZone={timeZone}
              rows={tooltipRows(u.data as unknown as Array<ArrayLike<number | null>>, idx)}
              markers={markersAt(markers, time, MARKER_HOVER_PX * perPixel)}
            />
          );
        }}
      />
    </UPlotChart>
  );
}

/**
 * The panel kinds the dashboards use, with the options they share: a title, a description and a
 * unit on each, legends shown, the latest value in stats.
 */
import {
  BarGaugeDisplayMode,
  LegendDisplayMode,
  LegendPlacement,
  LogsSortOrder,
  ReduceDataOptionsBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
  VisibilityMode,
} from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as CustomPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGaugePanel } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { NEUTRAL } from './common';

const legend = (mode = LegendDisplayMode.List) =>
  new VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(mode)
    .placement(LegendPlacement.Bottom)
    .calcs(mode === LegendDisplayMode.Table ? ['mean', 'max', 'lastNotNull'] : []);
const tooltip = new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending);

export function timeSeries(title: string, description: string, unit: string, thresholds = NEUTRAL) {
  return new TimeSeriesPanel()
    .title(title)
    .description(description)
    .unit(unit)
    .thresholds(thresholds)
    .legend(legend(LegendDisplayMode.Table))
    .tooltip(tooltip)
    .fillOpacity(10)
    .showPoints(VisibilityMode.Never);
}

/**
 * One number per series: its latest value, `sum` of its points (a total over the range), or `count`
 * of them (the rows of a table: how many groups).
 */
export function stat(
  title: string,
  description: string,
  unit: string,
  thresholds = NEUTRAL,
  reduce: 'lastNotNull' | 'sum' | 'count' = 'lastNotNull',
) {
  return new StatPanel()
    .title(title)
    .description(description)
    .unit(unit)
    .thresholds(thresholds)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs([reduce]).values(false));
}

/** Fields of the hub's cost projection frame (one row) as a stat, by field name. */
export function costProjection(title: string, description: string, fields: string[]) {
  return stat(title, description, 'currencyUSD').reduceOptions(
    new ReduceDataOptionsBuilder()
      .calcs(['lastNotNull'])
      .values(false)
      .fields(`/^(${fields.join('|')})$/`),
  );
}

/** Values of a table query (one row per group) as horizontal bars. */
export function barGauge(title: string, description: string, unit: string, thresholds = NEUTRAL) {
  return new BarGaugePanel()
    .title(title)
    .description(description)
    .unit(unit)
    .thresholds(thresholds)
    .displayMode(BarGaugeDisplayMode.Gradient)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(true))
    .min(0);
}

export function table(title: string, description: string, unit: string, thresholds = NEUTRAL) {
  return new TablePanel().title(title).description(description).unit(unit).thresholds(thresholds);
}

export function logs(title: string, description: string) {
  return new LogsPanel()
    .title(title)
    .description(description)
    .thresholds(NEUTRAL)
    .showTime(true)
    .enableLogDetails(true)
    .wrapLogMessage(true)
    .sortOrder(LogsSortOrder.Descending);
}

/** A panel of one of our plugins (the SDK knows only the core ones). */
export function pluginPanel(
  type: string,
  title: string,
  description: string,
  options: Record<string, unknown>,
) {
  return new CustomPanel().type(type).title(title).description(description).options(options);
}

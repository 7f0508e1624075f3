/** Time series and table answers as Grafana data frames, one frame per series (timeseries-multi). */
import {
  createDataFrame,
  DataFrameType,
  FieldType,
  type DataFrame,
  type QueryResultMetaNotice,
} from '@grafana/data';
import type { TableResult, TimeSeriesResult } from '@llm-hub/query-contract';
import { grafanaUnit } from './units';

type Labels = Record<string, string | null>;

/** Shown for a group whose events had no value for a group-by key. */
const NO_VALUE = '(none)';

/** `{{model}} p95` → `gpt-4o p95`; without an alias, the group's values, or the measure and metric. */
export function seriesName(
  labels: Labels,
  alias: string | undefined,
  result: { metric: string; measure: string },
) {
  if (alias) return alias.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, key: string) => labels[key] ?? NO_VALUE);
  const values = Object.values(labels).map((value) => value ?? NO_VALUE);
  return values.length > 0 ? values.join(' ') : `${result.measure} ${result.metric}`;
}

function notices(truncated: string | undefined): QueryResultMetaNotice[] {
  return truncated ? [{ severity: 'warning', text: truncated }] : [];
}

/**
 * `alias` is already interpolated (template variables), `{{label}}` placeholders are not;
 * `requestedWindow` is the query's, to say so when the panel's interval widened it.
 */
export function timeSeriesFrames(
  result: TimeSeriesResult,
  refId: string,
  options: { alias?: string; requestedWindow?: string } = {},
): DataFrame[] {
  const { alias, requestedWindow } = options;
  const unit = grafanaUnit(result.unit);
  const widened =
    requestedWindow && requestedWindow !== 'auto' && requestedWindow !== result.window
      ? `Window ${result.window} rather than ${requestedWindow}: the panel's interval (max data points, min interval) is wider`
      : undefined;
  const meta = {
    type: DataFrameType.TimeSeriesMulti,
    notices: [...notices(result.truncated), ...notices(widened)],
  };
  if (result.series.length === 0) {
    return [
      createDataFrame({
        refId,
        meta,
        fields: [
          { name: 'Time', type: FieldType.time, values: [] },
          { name: 'Value', type: FieldType.number, values: [], config: { unit } },
        ],
      }),
    ];
  }
  return result.series.map(({ labels, points }) => {
    const name = seriesName(labels, alias, result);
    const definedLabels = Object.fromEntries(
      Object.entries(labels).map(([key, value]) => [key, value ?? NO_VALUE]),
    );
    return createDataFrame({
      refId,
      name,
      meta,
      fields: [
        { name: 'Time', type: FieldType.time, values: points.map(([time]) => time) },
        {
          name: 'Value',
          type: FieldType.number,
          values: points.map(([, value]) => value),
          labels: definedLabels,
          config: { unit, displayNameFromDS: name },
        },
      ],
    });
  });
}

/** One row per group: a column per group-by key, then the value. */
export function tableFrame(result: TableResult, refId: string, groupBy: readonly string[]): DataFrame {
  const keys = groupBy.length > 0 ? groupBy : Object.keys(result.rows[0]?.labels ?? {});
  return createDataFrame({
    refId,
    meta: { notices: notices(result.truncated), preferredVisualisationType: 'table' },
    fields: [
      ...keys.map((key) => ({
        name: key,
        type: FieldType.string,
        values: result.rows.map((row) => row.labels[key] ?? NO_VALUE),
      })),
      {
        name: `${result.measure} ${result.metric}`,
        type: FieldType.number,
        values: result.rows.map((row) => row.value),
        config: { unit: grafanaUnit(result.unit) },
      },
    ],
  });
}

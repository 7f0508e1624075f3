/** Anomaly episodes as a table frame, or as an annotation frame Grafana draws on time series. */
import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import { METRICS, type AnomalyResult, type Metric } from '@llm-hub/query-contract';
import { grafanaUnit } from './units';

const unitOfMetric = (metric: string) => grafanaUnit(METRICS[metric as Metric]?.unit ?? '');

/** Newest first; a column per label key (model) between the metric and the kind. */
export function anomalyTableFrame({ anomalies }: AnomalyResult, refId: string): DataFrame {
  const labelKeys = [...new Set(anomalies.flatMap((anomaly) => Object.keys(anomaly.labels)))].sort();
  const column = <T>(name: string, type: FieldType, value: (a: (typeof anomalies)[number]) => T) => ({
    name,
    type,
    values: anomalies.map(value),
  });
  // Values keep their metric's unit only where every row is the same metric.
  const metrics = new Set(anomalies.map((anomaly) => anomaly.metric));
  const valueConfig = metrics.size === 1 ? { unit: unitOfMetric([...metrics][0]!) } : {};
  return createDataFrame({
    refId,
    name: 'anomalies',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      column('started', FieldType.time, (a) => a.startedAt),
      column('ended', FieldType.time, (a) => a.endedAt),
      column('metric', FieldType.string, (a) => a.metric),
      column('measure', FieldType.string, (a) => a.measure),
      ...labelKeys.map((key) => column(key, FieldType.string, (a) => a.labels[key] ?? null)),
      column('kind', FieldType.string, (a) => a.kind),
      column('severity', FieldType.string, (a) => a.severity),
      column('score', FieldType.number, (a) => a.score),
      { ...column('value', FieldType.number, (a) => a.value), config: valueConfig },
      { ...column('expected', FieldType.number, (a) => a.expected), config: valueConfig },
      { ...column('lower', FieldType.number, (a) => a.lower), config: valueConfig },
      { ...column('upper', FieldType.number, (a) => a.upper), config: valueConfig },
      column('peak', FieldType.time, (a) => a.peakAt),
      column('id', FieldType.string, (a) => a.id),
    ],
  });
}

/** The fields Grafana reads annotations from: time, timeEnd, title, text, tags. */
export function anomalyAnnotationFrame({ annotations }: AnomalyResult, refId: string): DataFrame {
  return createDataFrame({
    refId,
    name: 'anomaly annotations',
    fields: [
      { name: 'time', type: FieldType.time, values: annotations.map((a) => a.time) },
      { name: 'timeEnd', type: FieldType.time, values: annotations.map((a) => a.timeEnd) },
      { name: 'title', type: FieldType.string, values: annotations.map((a) => a.title) },
      { name: 'text', type: FieldType.string, values: annotations.map((a) => a.text) },
      { name: 'tags', type: FieldType.other, values: annotations.map((a) => a.tags) },
    ],
  });
}

/**
 * Anomaly markers for the plot, from an anomalies frame among the panel's data (the datasource's
 * anomalies query: started, ended, severity, kind, metric, …) or from annotations (time, timeEnd,
 * title, text, tags with the severity among them).
 */
import { FieldType, type DataFrame, type Field } from '@grafana/data';
import { SEVERITIES } from '@llm-hub/query-contract';
import type { MarkerSource } from './types';

export type Severity = (typeof SEVERITIES)[number];

export interface AnomalyMarker {
  time: number;
  timeEnd?: number;
  severity: Severity;
  title: string;
  text?: string;
}

/** Grafana palette names, from a quiet blue to red. */
export const SEVERITY_COLORS: Record<Severity, string> = {
  low: 'blue',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

const isSeverity = (value: unknown): value is Severity => SEVERITIES.includes(value as Severity);

const named = (frame: DataFrame, name: string): Field | undefined =>
  frame.fields.find((field) => field.name === name);

const timeFields = (frame: DataFrame) => frame.fields.filter((field) => field.type === FieldType.time);

/** Rows of frames with a severity field: the first time field is the start, a second the end. */
export function markersFromFrames(frames: DataFrame[]): AnomalyMarker[] {
  return frames.flatMap((frame) => {
    const severity = named(frame, 'severity');
    const [start, end] = timeFields(frame);
    if (!severity || !start) return [];
    const text = (name: string, row: number) => named(frame, name)?.values[row] as string | undefined;
    return Array.from({ length: frame.length }, (_, row): AnomalyMarker[] => {
      const level = severity.values[row];
      const time = start.values[row] as number | null;
      if (!isSeverity(level) || time === null) return [];
      const what = [text('kind', row)?.replace('_', ' '), text('metric', row), text('measure', row)];
      return [
        {
          time,
          timeEnd: (end?.values[row] as number | null) ?? undefined,
          severity: level,
          title: `${level} ${what.filter(Boolean).join(' ')}`.trim(),
          text: text('model', row),
        },
      ];
    }).flat();
  });
}

/** Annotation frames as Grafana hands them to panels; the severity is one of the tags. */
export function markersFromAnnotations(annotations: DataFrame[]): AnomalyMarker[] {
  return annotations.flatMap((frame) => {
    const time = named(frame, 'time');
    if (!time) return [];
    const at = (name: string, row: number) => named(frame, name)?.values[row];
    return Array.from({ length: frame.length }, (_, row): AnomalyMarker => {
      const tags = (at('tags', row) as string[] | undefined) ?? [];
      return {
        time: time.values[row] as number,
        timeEnd: (at('timeEnd', row) as number | undefined) ?? undefined,
        severity: tags.find(isSeverity) ?? 'medium',
        title: String(at('title', row) ?? 'Annotation'),
        text: (at('text', row) as string | undefined) ?? undefined,
      };
    });
  });
}

/** The markers of `source` that start within [from, to], one per start and title, oldest first. */
export function anomalyMarkers(
  data: { series: DataFrame[]; annotations?: DataFrame[] },
  source: MarkerSource,
  range: { from: number; to: number },
): AnomalyMarker[] {
  const all = [
    ...(source === 'frames' || source === 'both' ? markersFromFrames(data.series) : []),
    ...(source === 'annotations' || source === 'both' ? markersFromAnnotations(data.annotations ?? []) : []),
  ];
  const unique = new Map<string, AnomalyMarker>();
  for (const marker of all) {
    if (marker.time < range.from || marker.time > range.to) continue;
    const key = `${marker.time}|${marker.severity}`;
    if (!unique.has(key)) unique.set(key, marker);
  }
  return [...unique.values()].sort((a, b) => a.time - b.time);
}

/** The markers under the cursor: those whose span (or the `tolerance` around their start) covers `time`. */
export function markersAt(markers: AnomalyMarker[], time: number, tolerance: number): AnomalyMarker[] {
  return markers.filter(
    (marker) =>
      time >= marker.time - tolerance && time <= Math.max(marker.time, marker.timeEnd ?? 0) + tolerance,
  );
}

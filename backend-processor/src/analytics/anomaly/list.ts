/** The stored anomaly episodes a query asks for, and the same as Grafana annotations. */
import { SEVERITIES, type Anomaly, type AnomalyQuery, type AnomalyResult } from '@llm-hub/query-contract';
import { parseRange } from '../../query/sql';
import type { Queryable } from '../../storage/database';

interface Row {
  id: string;
  metric: string;
  measure: string;
  labels: Record<string, string | null>;
  kind: Anomaly['kind'];
  severity: Anomaly['severity'];
  score: number;
  peak_at: Date;
  value: number;
  expected: number;
  lower: number;
  upper: number;
  started_at: Date;
  ended_at: Date | null;
}

export async function listAnomalies(
  db: Queryable,
  query: AnomalyQuery,
  now = Date.now(),
): Promise<AnomalyResult> {
  const range = parseRange(query.from, query.to);
  const severities = SEVERITIES.slice(SEVERITIES.indexOf(query.minSeverity ?? 'low'));
  const { rows } = await db.query<Row>(
    `SELECT id::text AS id, metric, measure, labels, kind, severity, score, peak_at, value, expected, lower, upper,
            started_at, ended_at
       FROM anomalies
      WHERE started_at < $2 AND (ended_at IS NULL OR ended_at > $1)
        AND severity = ANY($3::text[]) AND ($4::text IS NULL OR metric = $4) AND (NOT $5 OR ended_at IS NULL)
        AND ($7::text[] IS NULL OR labels->>'model' = ANY($7::text[]))
      ORDER BY started_at DESC, id DESC
      LIMIT $6`,
    [
      new Date(range.from),
      new Date(range.to),
      severities,
      query.metric ?? null,
      query.active ?? false,
      query.limit ?? 100,
      query.models ?? null,
    ],
  );
  const anomalies = rows.map((row): Anomaly => ({
    id: row.id,
    metric: row.metric,
    measure: row.measure,
    labels: row.labels,
    kind: row.kind,
    severity: row.severity,
    score: row.score,
    peakAt: row.peak_at.getTime(),
    value: row.value,
    expected: row.expected,
    lower: row.lower,
    upper: row.upper,
    startedAt: row.started_at.getTime(),
    endedAt: row.ended_at?.getTime() ?? null,
  }));
  return { anomalies, annotations: anomalies.map((anomaly) => annotationOf(anomaly, now)) };
}

function annotationOf(a: Anomaly, now: number) {
  const group = Object.entries(a.labels)
    .map(([key, value]) => `${key}=${value ?? '(none)'}`)
    .join(', ');
  return {
    time: a.startedAt,
    // An anomaly still going on is drawn up to now.
    timeEnd: a.endedAt ?? now,
    title: `${a.severity} ${a.kind.replace('_', ' ')}: ${a.metric} ${a.measure}${group ? ` (${group})` : ''}`,
    text:
      `${round(a.value)} where ${round(a.expected)} was expected (band ${round(a.lower)} to ${round(a.upper)}), ` +
      `score ${a.score.toFixed(2)}${a.endedAt === null ? ', still going on' : ''}`,
    tags: [
      'anomaly',
      a.metric,
      a.kind,
      a.severity,
      ...Object.values(a.labels).filter((v): v is string => v !== null),
    ],
  };
}

const round = (x: number) => Number(x.toPrecision(4));

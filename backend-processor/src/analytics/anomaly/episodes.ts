/**
 * Anomaly episodes: consecutive anomalous minutes of one series, stored in the `anomalies` table
 * (migration 0005) from the first such minute until the first ordinary one after it.
 */
import type { Queryable } from '../../storage/database';
import type { AnomalyKind, PointAssessment } from './detector';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** Score bands above the anomaly threshold (0.6): 7.5, 10, 15 and 30 robust standard deviations. */
export function severityOf(score: number): Severity {
  if (score >= 0.9) return 'critical';
  if (score >= 0.8) return 'high';
  if (score >= 0.7) return 'medium';
  return 'low';
}

/** An episode's kind: the detector's, except that a change in how often events come is a rate anomaly. */
export type EpisodeKind = AnomalyKind | 'rate';

export function kindOf(measure: string, kind: AnomalyKind | null): EpisodeKind {
  if (measure === 'count' && kind !== 'variance_change') return 'rate';
  return kind ?? 'spike';
}

export interface Episode {
  metric: string;
  measure: string;
  labels: Record<string, string | null>;
  kind: EpisodeKind;
  severity: Severity;
  score: number;
  peakAt: number;
  value: number;
  expected: number;
  lower: number;
  upper: number;
  startedAt: number;
  endedAt: number | null;
}

/** The episode's strongest minute so far, `assessment` at `time` with `value`, taken if stronger. */
export function strengthen(
  episode: Episode,
  time: number,
  value: number,
  assessment: PointAssessment,
): boolean {
  if (assessment.score <= episode.score) return false;
  Object.assign(episode, {
    kind: kindOf(episode.measure, assessment.kind),
    severity: severityOf(assessment.score),
    score: assessment.score,
    peakAt: time,
    value,
    expected: assessment.expected,
    lower: assessment.lower,
    upper: assessment.upper,
  });
  return true;
}

/** Writes the episode; true when it was not stored before (a restart re-finds stored ones). */
export async function saveEpisode(db: Queryable, e: Episode): Promise<boolean> {
  const result = await db.query<{ inserted: boolean }>(
    `INSERT INTO anomalies (metric, measure, labels, kind, severity, score, peak_at, value, expected, lower, upper, started_at, ended_at)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (metric, measure, labels, started_at) DO UPDATE SET
       kind = excluded.kind, severity = excluded.severity, score = excluded.score, peak_at = excluded.peak_at,
       value = excluded.value, expected = excluded.expected, lower = excluded.lower, upper = excluded.upper,
       ended_at = excluded.ended_at
     RETURNING (xmax = 0) AS inserted`,
    [
      e.metric,
      e.measure,
      JSON.stringify(e.labels),
      e.kind,
      e.severity,
      e.score,
      new Date(e.peakAt),
      e.value,
      e.expected,
      e.lower,
      e.upper,
      new Date(e.startedAt),
      e.endedAt === null ? null : new Date(e.endedAt),
    ],
  );
  return result.rows[0]?.inserted === true;
}

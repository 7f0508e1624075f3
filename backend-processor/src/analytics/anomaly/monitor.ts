/**
 * The live anomaly detection: as each minute closes (plus a grace period for late events), the
 * monitored series of every model are read from the rollups at 1-minute resolution and pushed
 * through one detector each; episodes are stored and exported to Prometheus. On start, the last
 * day and a bit is replayed so that the detectors know the level and the daily shape at once.
 */
import type { Measure, Metric } from '@llm-hub/query-contract';
import type { Logger } from '../../observability/logger';
import type { HubMetrics } from '../../observability/metrics';
import { queryTimeSeries } from '../../query/timeseries';
import type { Database } from '../../storage/database';
import { ANOMALY_THRESHOLD, SeriesDetector, optionsForStep } from './detector';
import { kindOf, saveEpisode, severityOf, strengthen, type Episode } from './episodes';

/**
 * The series watched per model: what an operator is paged for. An error rate is 0 most minutes at
 * modest traffic; a change under one percentage point is not worth an alert (minScale).
 */
export const MONITORED: ReadonlyArray<{ metric: Metric; measure: Measure; minScale?: number }> = [
  { metric: 'latency_ms', measure: 'p95' },
  { metric: 'ttft_ms', measure: 'p95' },
  { metric: 'requests', measure: 'count' },
  { metric: 'error_rate', measure: 'avg', minScale: 0.01 },
  { metric: 'cost_usd', measure: 'sum' },
  { metric: 'total_tokens', measure: 'sum' },
];

const MINUTE_MS = 60_000;

export interface AnomalyMonitorOptions {
  db: Database;
  metrics: HubMetrics;
  logger: Logger;
  rollupTags: readonly string[];
  /** How long after a minute ends it is judged: events arriving later are not seen by it. */
  graceMs?: number;
  /** History replayed on start (default 26 h: a day of seasonal shape plus the level window). */
  warmUpMs?: number;
  /** Models watched per series (those with the largest values when there are more). */
  maxModels?: number;
  now?: () => number;
}

interface Watched {
  detector: SeriesDetector;
  open: Episode | null;
  /** Whether the series has had data yet: the empty minutes before its first are not zeros. */
  started: boolean;
  /** The first minute the detector has not seen. */
  next: number;
}

export class AnomalyMonitor {
  private readonly watched = new Map<string, Watched>();
  private judgedUntil: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: AnomalyMonitorOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Judges every minute closed (grace included) since the last call; on the first, replays the warm-up. */
  judgeClosedMinutes(): Promise<void> {
    // Serialized: a slow run and the next tick never interleave.
    this.running = this.running
      .then(() => this.judge())
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'anomaly detection failed; retrying at the next minute');
      });
    return this.running;
  }

  start(): void {
    const schedule = () => {
      const grace = this.options.graceMs ?? 30_000;
      const next = Math.floor((this.now() - grace) / MINUTE_MS) * MINUTE_MS + MINUTE_MS + grace;
      this.timer = setTimeout(() => void this.judgeClosedMinutes().finally(schedule), next - this.now());
      this.timer.unref();
    };
    schedule();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async judge(): Promise<void> {
    const until = Math.floor((this.now() - (this.options.graceMs ?? 30_000)) / MINUTE_MS) * MINUTE_MS;
    const from = this.judgedUntil ?? until - (this.options.warmUpMs ?? 26 * 3_600_000);
    if (until <= from) return;
    // Episodes found while replaying the warm-up are stored too; after a restart the replay finds
    // the stored ones again, which are neither duplicated nor counted twice.
    for (const { metric, measure, minScale } of MONITORED) {
      const answer = await queryTimeSeries(
        this.options.db,
        {
          metric,
          measure,
          from,
          to: until,
          window: '1m',
          groupBy: ['model'],
          topN: this.options.maxModels ?? 20,
          maxPoints: (until - from) / MINUTE_MS,
        },
        { rollupTags: this.options.rollupTags, boundTenant: null, now: this.now() },
      );
      for (const series of answer.series) {
        const key = JSON.stringify([metric, measure, series.labels]);
        let watched = this.watched.get(key);
        if (!watched) {
          watched = {
            detector: new SeriesDetector({ ...optionsForStep(MINUTE_MS), minScale }),
            open: null,
            started: false,
            next: 0,
          };
          this.watched.set(key, watched);
        }
        for (const [time, point] of series.points) {
          // A run that failed part-way is read again: what a detector has seen, it does not see twice.
          if (time < watched.next) continue;
          watched.next = time + MINUTE_MS;
          watched.started ||= point !== null;
          // No events in a minute: no requests, no cost; a latency or a rate is simply unknown.
          const value = point ?? (watched.started && (measure === 'count' || measure === 'sum') ? 0 : null);
          if (value === null) continue;
          await this.observe(watched, { metric, measure, labels: series.labels }, time, value);
        }
      }
    }
    this.judgedUntil = until;
    this.exportActive();
  }

  private async observe(
    watched: Watched,
    series: { metric: string; measure: string; labels: Record<string, string | null> },
    time: number,
    value: number,
  ): Promise<void> {
    const assessment = watched.detector.push(value);
    if (assessment.score >= ANOMALY_THRESHOLD) {
      if (!watched.open) {
        watched.open = {
          ...series,
          kind: kindOf(series.measure, assessment.kind),
          severity: severityOf(assessment.score),
          score: 0,
          peakAt: time,
          value,
          expected: assessment.expected,
          lower: assessment.lower,
          upper: assessment.upper,
          startedAt: time,
          endedAt: null,
        };
        strengthen(watched.open, time, value, assessment);
        if (await saveEpisode(this.options.db, watched.open)) {
          this.options.metrics.anomalyDetected(series.metric, watched.open.kind, watched.open.severity);
        }
      } else if (strengthen(watched.open, time, value, assessment)) {
        await saveEpisode(this.options.db, watched.open);
      }
    } else if (watched.open) {
      watched.open.endedAt = time;
      await saveEpisode(this.options.db, watched.open);
      watched.open = null;
    }
  }

  private exportActive(): void {
    const counts = new Map<string, { metric: string; severity: string; count: number }>();
    for (const { open } of this.watched.values()) {
      if (!open) continue;
      const key = `${open.metric} ${open.severity}`;
      const entry = counts.get(key) ?? { metric: open.metric, severity: open.severity, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
    this.options.metrics.anomaliesActiveNow([...counts.values()]);
  }
}

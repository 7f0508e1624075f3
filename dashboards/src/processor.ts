/** Processor health, from Prometheus: ingest, rejects, Kafka lag, database writes, detectors. */
import { grid, llmDashboard, NEUTRAL, steps } from './common';
import { stat, timeSeries } from './panels';
import { promql } from './queries';

export const PROCESSOR_UID = 'llm-processor';

const JOB = 'job="llm-analytics-hub"';

export function processor() {
  return grid(
    llmDashboard(
      PROCESSOR_UID,
      'LLM Processor health',
      'The LLM Analytics Hub processor, from its Prometheus metrics: ingest rate, rejects, Kafka consumer lag, database write latency, anomalies detected',
      { variables: false },
    ),
    [
      {
        height: 5,
        panels: [
          [
            stat(
              'Processors up',
              'Processor instances Prometheus scrapes successfully',
              'short',
              steps('red', [1, 'green']),
            ).withTarget(promql(`sum(up{${JOB}})`, 'up')),
            6,
          ],
          [
            stat('Ingest rate', 'Events accepted per second, all sources', 'eps', NEUTRAL).withTarget(
              promql(`sum(rate(llm_events_received_total{${JOB}}[$__rate_interval]))`, 'accepted'),
            ),
            6,
          ],
          [
            stat(
              'Rejected',
              'Input items refused per second (kept in the dead-letter table or topic)',
              'eps',
              steps('green', [0.01, 'orange'], [1, 'red']),
            ).withTarget(
              promql(
                `sum(rate(llm_events_rejected_total{${JOB}}[$__rate_interval])) or vector(0)`,
                'rejected',
              ),
            ),
            6,
          ],
          [
            stat(
              'Consumer lag',
              'Kafka messages behind the high watermark, all partitions (alert above 10,000)',
              'short',
              steps('green', [1000, 'orange'], [10000, 'red']),
            ).withTarget(promql(`sum(llm_kafka_consumer_lag{${JOB}}) or vector(0)`, 'lag')),
            6,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries(
              'Events received by type and source',
              'Accepted events per second, by event type and source module',
              'eps',
            ).withTarget(
              promql(
                `sum by (event_type, source_module) (rate(llm_events_received_total{${JOB}}[$__rate_interval]))`,
                '{{event_type}} / {{source_module}}',
              ),
            ),
            12,
          ],
          [
            timeSeries(
              'Rejects by reason',
              'Refused items per second, by reason',
              'eps',
              steps('green', [0.01, 'orange'], [1, 'red']),
            ).withTarget(
              promql(
                `sum by (reason) (rate(llm_events_rejected_total{${JOB}}[$__rate_interval]))`,
                '{{reason}}',
              ),
            ),
            12,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries(
              'Kafka consumer lag',
              'Messages behind the high watermark, per topic and partition',
              'short',
              steps('green', [1000, 'orange'], [10000, 'red']),
            ).withTarget(
              promql(`sum by (topic, partition) (llm_kafka_consumer_lag{${JOB}})`, '{{topic}}/{{partition}}'),
            ),
            8,
          ],
          [
            timeSeries(
              'Database write latency p95',
              'Duration of 95 % of the batched writes, by table',
              's',
              steps('green', [0.25, 'orange'], [1, 'red']),
            ).withTarget(
              promql(
                `histogram_quantile(0.95, sum by (le, table) (rate(llm_db_write_duration_seconds_bucket{${JOB}}[$__rate_interval])))`,
                '{{table}}',
              ),
            ),
            8,
          ],
          [
            timeSeries(
              'Database write errors',
              'Failed batched writes per second, by table',
              'ops',
              steps('green', [0.001, 'red']),
            ).withTarget(
              promql(
                `sum by (table) (rate(llm_db_writes_total{${JOB}, status="error"}[$__rate_interval]))`,
                '{{table}}',
              ),
            ),
            8,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries(
              'Anomalies detected',
              'Anomaly episodes found per hour, by metric and severity',
              'short',
            ).withTarget(
              promql(
                `sum by (metric, severity) (increase(llm_anomalies_detected_total{${JOB}}[1h]))`,
                '{{metric}} {{severity}}',
              ),
            ),
            12,
          ],
          [
            timeSeries(
              'Anomalies active',
              'Episodes still going on, by metric and severity (critical pages)',
              'short',
              steps('green', [1, 'orange']),
            ).withTarget(
              promql(`sum by (metric, severity) (llm_anomaly_active{${JOB}})`, '{{metric}} {{severity}}'),
            ),
            12,
          ],
        ],
      },
    ],
  );
}

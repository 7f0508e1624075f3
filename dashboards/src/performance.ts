/** Performance: latency percentiles, time to first token, generation speed, throughput and errors. */
import { grid, llmDashboard, steps } from './common';
import { table, timeSeries } from './panels';
import { ALL_VARIABLES, hub, perGroup, seriesBy } from './queries';

export const PERFORMANCE_UID = 'llm-performance';

const LATENCY = steps('green', [2000, 'orange'], [5000, 'red']);

export function performance() {
  const filters = ALL_VARIABLES;
  const percentile = (measure: 'p50' | 'p95' | 'p99') =>
    hub({ queryType: 'timeseries', metric: 'latency_ms', measure, window: 'auto', alias: measure, filters });
  return grid(
    llmDashboard(
      PERFORMANCE_UID,
      'LLM Performance',
      'Latency percentiles, time to first token, tokens per second, throughput and errors by model and route',
    ),
    [
      {
        height: 8,
        panels: [
          [
            timeSeries(
              'Latency p50 / p95 / p99',
              'End-to-end latency percentiles of the selected calls (SLO: p95 under 5 s)',
              'ms',
              LATENCY,
            )
              .withTarget(percentile('p50'))
              .withTarget(percentile('p95'))
              .withTarget(percentile('p99')),
            12,
          ],
          [
            timeSeries(
              'p95 latency by model',
              'End-to-end latency of 95 % of the calls per model',
              'ms',
              LATENCY,
            ).withTarget(seriesBy('model', 'latency_ms', 'p95')),
            12,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries(
              'Time to first token p95 by model',
              'How long users wait for the first token (streaming calls)',
              'ms',
              steps('green', [1000, 'orange'], [2500, 'red']),
            ).withTarget(seriesBy('model', 'ttft_ms', 'p95')),
            12,
          ],
          [
            timeSeries(
              'Tokens per second by model (median)',
              'Output tokens per second of generation; lower is slower',
              'none',
              steps('red', [20, 'orange'], [40, 'green']),
            ).withTarget(seriesBy('model', 'tokens_per_second', 'p50')),
            12,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries('Throughput by route', 'Calls per second of each route', 'reqps').withTarget(
              seriesBy('route', 'requests', 'rate'),
            ),
            8,
          ],
          [
            timeSeries(
              'Errors by model',
              'Failed calls per window of each model',
              'short',
              steps('green', [1, 'orange']),
            ).withTarget(seriesBy('model', 'errors', 'count')),
            8,
          ],
          [
            timeSeries(
              'Error rate by route',
              'Failed calls over all calls of each route (alert above 5 %)',
              'percentunit',
              steps('green', [0.02, 'orange'], [0.05, 'red']),
            ).withTarget(seriesBy('route', 'error_rate', 'avg')),
            8,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            table(
              'p95 latency by model and route',
              'Over the whole time range: where the slow calls are',
              'ms',
              LATENCY,
            ).withTarget(perGroup('latency_ms', 'p95', ['model', 'route'], filters, 50)),
            24,
          ],
        ],
      },
    ],
  );
}

/** Anomalies & correlations: what the detectors flagged, how it hangs together, where on the series. */
import { grid, llmDashboard, NEUTRAL, steps } from './common';
import { pluginPanel, table, timeSeries } from './panels';
import { hub, seriesBy } from './queries';

export const ANOMALIES_UID = 'llm-anomalies';

export function anomalies() {
  return grid(
    llmDashboard(
      ANOMALIES_UID,
      'LLM Anomalies & correlations',
      'Anomaly episodes of the live detectors, the correlation graph that links them to models, routes and tenants, and the series they happened on',
    ),
    [
      {
        height: 12,
        panels: [
          [
            pluginPanel(
              'llmhub-correlationgraph-panel',
              'Correlation graph',
              'Models, routes, tenants and anomalies linked by traces, timing, metric lags and co-occurring anomalies; click a model to set $model',
              {
                minStrength: 0.2,
                colorBy: 'severity',
                variable: 'model',
              },
            )
              .thresholds(NEUTRAL)
              .withTarget(hub({ queryType: 'correlations' })),
            14,
          ],
          [
            table(
              'Anomalies',
              'Episodes of the time range, newest first: series, kind, severity, the peak value against the expected range',
              'none',
              steps('green', [0.7, 'orange'], [0.9, 'red']),
            ).withTarget(hub({ queryType: 'anomalies', minSeverity: 'low', model: '$model', limit: 200 })),
            10,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries(
              'p95 latency by model, with anomalies',
              'The series the latency detectors watch; anomaly episodes are the red annotations',
              'ms',
              steps('green', [5000, 'red']),
            ).withTarget(seriesBy('model', 'latency_ms', 'p95')),
            12,
          ],
          [
            timeSeries(
              'Error rate by model, with anomalies',
              'Failed calls over all calls per model; anomaly episodes are the red annotations',
              'percentunit',
              steps('green', [0.05, 'red']),
            ).withTarget(seriesBy('model', 'error_rate', 'avg')),
            12,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries(
              'Requests by model, with anomalies',
              'Call volume per window; drops and surges show as rate anomalies',
              'short',
            ).withTarget(seriesBy('model', 'requests', 'count')),
            12,
          ],
          [
            timeSeries(
              'Spend by model, with anomalies',
              'Spend per window per model; cost surges show as anomalies',
              'currencyUSD',
            ).withTarget(seriesBy('model', 'cost_usd', 'sum')),
            12,
          ],
        ],
      },
    ],
  );
}

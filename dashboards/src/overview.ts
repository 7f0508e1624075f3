/** Executive overview: is the LLM estate healthy, what does it cost, is anything on fire. */
import { ANOMALIES_UID } from './anomalies';
import { NEUTRAL, grid, llmDashboard, steps } from './common';
import { COST_UID } from './cost';
import { PERFORMANCE_UID } from './performance';
import { SECURITY_UID } from './security';
import { barGauge, costProjection, stat, timeSeries } from './panels';
import { ALL_VARIABLES, byVariables, hub, perGroup, promql, seriesBy, windowed } from './queries';

export const OVERVIEW_UID = 'llm-overview';

// Where each panel's details are.
const PERFORMANCE = { uid: PERFORMANCE_UID, title: 'LLM Performance' };
const COST = { uid: COST_UID, title: 'LLM Cost' };
const SECURITY = { uid: SECURITY_UID, title: 'LLM Security' };
const ANOMALIES = { uid: ANOMALIES_UID, title: 'LLM Anomalies & correlations' };

export function overview() {
  const filters = ALL_VARIABLES;
  return grid(
    llmDashboard(
      OVERVIEW_UID,
      'LLM Executive overview',
      'Volume, spend, latency, errors and open anomalies of all LLM applications at a glance',
    ),
    [
      {
        height: 5,
        panels: [
          [
            stat('Requests', 'LLM calls in the time range', 'short', NEUTRAL, 'sum').withTarget(
              windowed('requests', 'count', filters),
            ),
            4,
            PERFORMANCE,
          ],
          [
            stat(
              'Spend',
              'Spend in the time range, reported or estimated from the price table',
              'currencyUSD',
              NEUTRAL,
              'sum',
            ).withTarget(windowed('cost_usd', 'sum', filters)),
            4,
            COST,
          ],
          [
            stat(
              'p95 latency',
              'End-to-end latency of 95 % of the calls, latest window (SLO 5 s)',
              'ms',
              steps('green', [2000, 'orange'], [5000, 'red']),
            ).withTarget(windowed('latency_ms', 'p95', filters, '15m')),
            4,
            PERFORMANCE,
          ],
          [
            stat(
              'Error rate',
              'Failed calls over all calls, latest window',
              'percentunit',
              steps('green', [0.02, 'orange'], [0.05, 'red']),
            ).withTarget(windowed('error_rate', 'avg', filters, '15m')),
            4,
            PERFORMANCE,
          ],
          [
            costProjection(
              'Month-end spend',
              'Month-to-date spend plus the forecast of the rest of the month',
              ['projectedUsd'],
            ).withTarget(hub({ queryType: 'cost_projection', filters: byVariables('tenant') })),
            4,
            COST,
          ],
          [
            stat(
              'Threats',
              'Security threat events in the time range',
              'short',
              steps('green', [1, 'orange'], [20, 'red']),
              'sum',
            ).withTarget(windowed('threats', 'count', ALL_VARIABLES.slice(0, 3))),
            4,
            SECURITY,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries('Requests per second by model', 'Throughput of each model', 'reqps').withTarget(
              seriesBy('model', 'requests', 'rate'),
            ),
            12,
            PERFORMANCE,
          ],
          [
            timeSeries('Spend by model', 'Spend per window of each model', 'currencyUSD').withTarget(
              seriesBy('model', 'cost_usd', 'sum'),
            ),
            12,
            COST,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries(
              'p95 latency by model',
              'End-to-end latency of 95 % of the calls per model, against the 5 s SLO',
              'ms',
              steps('green', [5000, 'red']),
            ).withTarget(seriesBy('model', 'latency_ms', 'p95')),
            12,
            PERFORMANCE,
          ],
          [
            barGauge(
              'Spend by tenant',
              'Spend of the ten largest tenants in the time range',
              'currencyUSD',
            ).withTarget(perGroup('cost_usd', 'sum', ['tenant'], filters, 10)),
            6,
            COST,
          ],
          [
            stat(
              'Open anomalies',
              'Anomaly episodes the live detectors still see going on (all tenants)',
              'short',
              steps('green', [1, 'orange']),
            ).withTarget(promql('sum(llm_anomaly_active{job="llm-analytics-hub"}) or vector(0)', 'open')),
            6,
            ANOMALIES,
          ],
        ],
      },
    ],
  );
}

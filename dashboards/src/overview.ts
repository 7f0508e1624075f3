/** Executive overview: is the LLM estate healthy, what does it cost, is anything on fire. */
import { ANOMALIES_UID } from './anomalies';
import { NEUTRAL, grid, llmDashboard, steps } from './common';
import { COST_UID } from './cost';
import { PERFORMANCE_UID } from './performance';
import { SECURITY_UID } from './security';
import { barGauge, costProjection, stat, timeSeries } from './panels';
import { ALL_VARIABLES, byVariables, hub, promql } from './queries';

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
              hub({ queryType: 'timeseries', metric: 'requests', measure: 'count', window: 'auto', filters }),
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
            ).withTarget(
              hub({ queryType: 'timeseries', metric: 'cost_usd', measure: 'sum', window: 'auto', filters }),
            ),
            4,
            COST,
          ],
          [
            stat(
              'p95 latency',
              'End-to-end latency of 95 % of the calls, latest window (SLO 5 s)',
              'ms',
              steps('green', [2000, 'orange'], [5000, 'red']),
            ).withTarget(
              hub({ queryType: 'timeseries', metric: 'latency_ms', measure: 'p95', window: '15m', filters }),
            ),
            4,
            PERFORMANCE,
          ],
          [
            stat(
              'Error rate',
              'Failed calls over all calls, latest window',
              'percentunit',
              steps('green', [0.02, 'orange'], [0.05, 'red']),
            ).withTarget(
              hub({ queryType: 'timeseries', metric: 'error_rate', measure: 'avg', window: '15m', filters }),
            ),
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
            ).withTarget(
              hub({
                queryType: 'timeseries',
                metric: 'threats',
                measure: 'count',
                window: 'auto',
                filters: ALL_VARIABLES.slice(0, 3),
              }),
            ),
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
              hub({
                queryType: 'timeseries',
                metric: 'requests',
                measure: 'rate',
                window: 'auto',
                groupBy: ['model'],
                alias: '{{model}}',
                filters,
              }),
            ),
            12,
            PERFORMANCE,
          ],
          [
            timeSeries('Spend by model', 'Spend per window of each model', 'currencyUSD').withTarget(
              hub({
                queryType: 'timeseries',
                metric: 'cost_usd',
                measure: 'sum',
                window: 'auto',
                groupBy: ['model'],
                alias: '{{model}}',
                filters,
              }),
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
            ).withTarget(
              hub({
                queryType: 'timeseries',
                metric: 'latency_ms',
                measure: 'p95',
                window: 'auto',
                groupBy: ['model'],
                alias: '{{model}}',
                filters,
              }),
            ),
            12,
            PERFORMANCE,
          ],
          [
            barGauge(
              'Spend by tenant',
              'Spend of the ten largest tenants in the time range',
              'currencyUSD',
            ).withTarget(
              hub({
                queryType: 'table',
                metric: 'cost_usd',
                measure: 'sum',
                groupBy: ['tenant'],
                topN: 10,
                filters,
              }),
            ),
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

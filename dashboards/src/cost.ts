/** Cost: spend by model and tenant, the forecast against the budget, the month-end projection. */
import { grid, llmDashboard, NEUTRAL, steps } from './common';
import { barGauge, costProjection, pluginPanel, stat, timeSeries } from './panels';
import { ALL_VARIABLES, byVariables, hub, perGroup, seriesBy, windowed } from './queries';

export const COST_UID = 'llm-cost';

/** The forecast panel's budget line, per hour: edit it to your HUB_MONTHLY_BUDGET_USD / 730. */
export const HOURLY_BUDGET_USD = 5;

export function cost() {
  const filters = ALL_VARIABLES;
  const tenant = byVariables('tenant');
  return grid(
    llmDashboard(
      COST_UID,
      'LLM Cost',
      'Spend by model and tenant, the hourly spend forecast against the budget, and the month-end projection',
    ),
    [
      {
        height: 5,
        panels: [
          [
            stat(
              'Spend in range',
              'Spend of the selected calls in the time range',
              'currencyUSD',
              NEUTRAL,
              'sum',
            ).withTarget(windowed('cost_usd', 'sum', filters)),
            6,
          ],
          [
            costProjection(
              'Month-end projection',
              'Spend so far this month (UTC), the projection with the forecast of the rest, its 80 % high end, and the budget (HUB_MONTHLY_BUDGET_USD)',
              ['monthToDateUsd', 'projectedUsd', 'projectedHigh80Usd', 'budgetUsd'],
            ).withTarget(hub({ queryType: 'cost_projection', filters: tenant })),
            12,
          ],
          [
            stat(
              'Average cost per call',
              'Mean spend of one call over the last hour',
              'currencyUSD',
              NEUTRAL,
            ).withTarget(windowed('cost_usd', 'avg', filters, '1h')),
            6,
          ],
        ],
      },
      {
        height: 10,
        panels: [
          [
            pluginPanel(
              'llmhub-forecastband-panel',
              'Hourly spend forecast against the budget',
              `Hourly spend (actual), the forecast of the next 48 hours with its 80 % and 95 % bands, cost anomalies, and the budget per hour (${HOURLY_BUDGET_USD} USD)`,
              {
                threshold: HOURLY_BUDGET_USD,
                thresholdLabel: 'Budget per hour',
                markers: 'both',
              },
            )
              .unit('currencyUSD')
              .thresholds(steps('green', [HOURLY_BUDGET_USD, 'red']))
              .withTarget(
                hub({
                  queryType: 'forecast',
                  metric: 'cost_usd',
                  measure: 'sum',
                  horizonHours: 48,
                  filters: tenant,
                }),
              )
              .withTarget(
                hub({
                  queryType: 'anomalies',
                  metric: 'cost_usd',
                  minSeverity: 'medium',
                  model: '$model',
                  limit: 100,
                }),
              ),
            24,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries('Spend by model', 'Spend per window of each model', 'currencyUSD').withTarget(
              seriesBy('model', 'cost_usd', 'sum'),
            ),
            12,
          ],
          [
            timeSeries(
              'Spend by tenant',
              'Spend per window of the ten largest tenants',
              'currencyUSD',
            ).withTarget(seriesBy('tenant', 'cost_usd', 'sum', { topN: 10 })),
            12,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            barGauge('Spend by model in range', 'Which models the money goes to', 'currencyUSD').withTarget(
              perGroup('cost_usd', 'sum', ['model'], filters),
            ),
            8,
          ],
          [
            barGauge('Spend by route in range', 'Which features the money goes to', 'currencyUSD').withTarget(
              perGroup('cost_usd', 'sum', ['route'], filters),
            ),
            8,
          ],
          [
            timeSeries(
              'Tokens by model',
              'Prompt plus completion tokens per window: what the bill is made of',
              'short',
            ).withTarget(seriesBy('model', 'total_tokens', 'sum')),
            8,
          ],
        ],
      },
    ],
  );
}

/** Governance: policy violations and the audit trail. */
import { grid, llmDashboard, steps } from './common';
import { barGauge, logs, stat, timeSeries } from './panels';
import { byVariables, hub, perGroup, windowed } from './queries';

export const GOVERNANCE_UID = 'llm-governance';

const ANY_VIOLATION = steps('green', [1, 'orange'], [25, 'red']);

export function governance() {
  // Audit entries and violations belong to a tenant and environment; few name a model or route.
  // Their panels find them by kind (policy_violation, audit_trail), which the event search covers.
  const filters = byVariables('tenant', 'environment');
  const violations = (extra: { groupBy?: string[]; alias?: string } = {}) =>
    hub({
      queryType: 'timeseries',
      metric: 'policy_violations',
      measure: 'count',
      window: 'auto',
      filters,
      ...extra,
    });
  return grid(
    llmDashboard(
      GOVERNANCE_UID,
      'LLM Governance',
      'Policy violations by tenant and severity, and the audit trail of who did what',
    ),
    [
      {
        height: 5,
        panels: [
          [
            stat(
              'Policy violations',
              'Policy violation events in the time range',
              'short',
              ANY_VIOLATION,
              'sum',
            ).withTarget(violations()),
            8,
          ],
          [
            stat(
              'Audit entries',
              'Audit trail events in the time range',
              'short',
              steps('blue'),
              'sum',
            ).withTarget(windowed('audit_events', 'count', filters)),
            8,
          ],
          [
            stat(
              'Tenants in violation',
              'Tenants with at least one policy violation in the time range',
              'short',
              steps('green', [1, 'orange']),
              'count',
            ).withTarget(perGroup('policy_violations', 'count', ['tenant'], filters)),
            8,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries(
              'Violations by severity',
              'Policy violations per window, by severity',
              'short',
              ANY_VIOLATION,
            ).withTarget(violations({ groupBy: ['severity'], alias: '{{severity}}' })),
            12,
          ],
          [
            barGauge(
              'Violations by tenant',
              'Policy violations per tenant in the time range',
              'short',
              ANY_VIOLATION,
            ).withTarget(perGroup('policy_violations', 'count', ['tenant'], filters)),
            12,
          ],
        ],
      },
      {
        height: 10,
        panels: [
          [
            logs(
              'Policy violations',
              'The newest violations; the details hold the policy, the action taken and the threat that caused it',
            ).withTarget(
              hub({
                queryType: 'events',
                text: 'policy_violation',
                filters,
                limit: 200,
              }),
            ),
            12,
          ],
          [
            logs(
              'Audit trail',
              'The newest audit entries: actor, action and resource in the details',
            ).withTarget(
              hub({
                queryType: 'events',
                text: 'audit_trail',
                filters,
                limit: 200,
              }),
            ),
            12,
          ],
        ],
      },
    ],
  );
}

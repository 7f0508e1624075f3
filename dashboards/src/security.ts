/** Security: threats by severity, tenant and model, and the threat events themselves. */
import { grid, llmDashboard, steps } from './common';
import { barGauge, logs, stat, timeSeries } from './panels';
import { byVariables, hub, perGroup, windowed } from './queries';

export const SECURITY_UID = 'llm-security';

const ANY_THREAT = steps('green', [1, 'orange'], [10, 'red']);

export function security() {
  // Threat events carry a tenant and environment, often a model, rarely a route.
  const filters = byVariables('tenant', 'model', 'environment');
  const threats = (extra: { groupBy?: string[]; alias?: string } = {}) =>
    hub({ queryType: 'timeseries', metric: 'threats', measure: 'count', window: 'auto', filters, ...extra });
  return grid(
    llmDashboard(
      SECURITY_UID,
      'LLM Security',
      'Threats against the LLM applications (prompt injection, jailbreaks, data exfiltration) by severity, tenant and model',
    ),
    [
      {
        height: 5,
        panels: [
          [
            stat(
              'Threats',
              'Security threat events in the time range',
              'short',
              ANY_THREAT,
              'sum',
            ).withTarget(threats()),
            6,
          ],
          [
            stat(
              'Critical threats',
              'Threat events of critical severity in the time range',
              'short',
              steps('green', [1, 'red']),
              'sum',
            ).withTarget(
              hub({
                queryType: 'timeseries',
                metric: 'threats',
                measure: 'count',
                window: 'auto',
                filters: [...filters, { key: 'severity', op: 'eq', value: 'critical' }],
              }),
            ),
            6,
          ],
          [
            stat(
              'Policy violations',
              'Governance policy violations in the time range (most follow a threat)',
              'short',
              ANY_THREAT,
              'sum',
            ).withTarget(windowed('policy_violations', 'count', filters)),
            6,
          ],
          [
            stat(
              'Tenants attacked',
              'Tenants with at least one threat in the time range',
              'short',
              steps('green', [1, 'orange']),
              'count',
            ).withTarget(perGroup('threats', 'count', ['tenant'], filters)),
            6,
          ],
        ],
      },
      {
        height: 8,
        panels: [
          [
            timeSeries(
              'Threats by severity',
              'Threat events per window, by severity',
              'short',
              ANY_THREAT,
            ).withTarget(threats({ groupBy: ['severity'], alias: '{{severity}}' })),
            12,
          ],
          [
            timeSeries(
              'Threats by tenant',
              'Threat events per window of the most attacked tenants',
              'short',
              ANY_THREAT,
            ).withTarget(threats({ groupBy: ['tenant'], alias: '{{tenant}}' })),
            12,
          ],
        ],
      },
      {
        height: 10,
        panels: [
          [
            barGauge(
              'Affected models',
              'Threat events per targeted model in the time range',
              'short',
              ANY_THREAT,
            ).withTarget(perGroup('threats', 'count', ['model'], filters)),
            8,
          ],
          [
            logs(
              'Threat events',
              'The newest threat events; the details hold the threat type, level, mitigation and source',
            ).withTarget(
              hub({
                queryType: 'events',
                filters: [...filters, { key: 'event_type', op: 'eq', value: 'security' }],
                limit: 200,
              }),
            ),
            16,
          ],
        ],
      },
    ],
  );
}

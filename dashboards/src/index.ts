/** Every provisioned dashboard, by the file it is written to. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { anomalies } from './anomalies';
import { cost } from './cost';
import { governance } from './governance';
import { overview } from './overview';
import { performance } from './performance';
import { processor } from './processor';
import { security } from './security';

export const DASHBOARDS: Record<string, () => { build(): Dashboard }> = {
  'executive-overview.json': overview,
  'performance.json': performance,
  'cost.json': cost,
  'security.json': security,
  'governance.json': governance,
  'anomalies-and-correlations.json': anomalies,
  'processor-health.json': processor,
};

const MIXED = { type: 'datasource', uid: '-- Mixed --' };

/**
 * What Grafana would otherwise fill in on load, made explicit so that the files say what runs:
 * each query's refId (A, B, …; an annotation's is Anno) and each panel's datasource (its queries', or
 * Mixed).
 */
function withRefIdsAndDatasources(dashboard: Dashboard): Dashboard {
  for (const panel of dashboard.panels ?? []) {
    if (!('targets' in panel) || !panel.targets?.length) continue;
    const targets = panel.targets as Array<{ refId?: string; datasource?: { type?: string; uid?: string } }>;
    targets.forEach((target, i) => (target.refId ??= String.fromCharCode(65 + i)));
    const uids = new Set(targets.map((target) => target.datasource?.uid));
    panel.datasource = uids.size === 1 ? targets[0]!.datasource : MIXED;
  }
  for (const annotation of dashboard.annotations?.list ?? []) {
    if (annotation.target) (annotation.target as { refId?: string }).refId ??= 'Anno';
  }
  return dashboard;
}

/** The dashboard as provisioned: the SDK's model with refIds and panel datasources filled in. */
export function dashboardModel(build: () => { build(): Dashboard }): Dashboard {
  return withRefIdsAndDatasources(build().build());
}

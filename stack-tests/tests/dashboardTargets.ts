/** The queries of the provisioned dashboards: every panel's targets and every annotation's, named. */
import type { TestVariable } from '../../plugin-testing/grafanaServices';
import { HUB } from '../../dashboards/src/datasources';
import { dashboardFiles } from './repository';

export interface DashboardTarget {
  /** `cost.json › Hourly spend forecast against the budget › B`, for failure messages. */
  where: string;
  target: any;
}

export function dashboardTargets(): DashboardTarget[] {
  return [...dashboardFiles()].flatMap(([file, dashboard]) => [
    ...dashboard.panels.flatMap((panel: any) =>
      (panel.targets ?? []).map((target: any) => ({
        where: `${file} › ${panel.title} › ${target.refId}`,
        target,
      })),
    ),
    ...(dashboard.annotations?.list ?? [])
      .filter((annotation: any) => annotation.target)
      .map((annotation: any) => ({
        where: `${file} › annotation ${annotation.name}`,
        target: annotation.target,
      })),
  ]);
}

export const hubTargets = () => dashboardTargets().filter(({ target }) => target.datasource?.uid === HUB.uid);

/** The dashboards' variables as a viewer first sees them: All, with the all value `*`. */
export function variablesOnAll(options: Record<string, string[]> = {}): TestVariable[] {
  return ['tenant', 'model', 'environment', 'route'].map((name) => ({
    name,
    current: '$__all',
    options: options[name] ?? [],
    allValue: '*',
  }));
}

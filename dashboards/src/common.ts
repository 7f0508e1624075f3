/**
 * What every LLM Analytics dashboard shares: tags and links between them, the tenant / model /
 * environment / route variables, anomaly annotations, and a grid layout that numbers the panels.
 */
import * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  AnnotationQueryBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  QueryVariableBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
  type DashboardLink,
  type Panel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { QueryFilter, VariableQuery } from '../../datasource-plugin/src/types';
import { HUB } from './datasources';
import { hub } from './queries';

/** The tag that links the dashboards to each other (and names them in Grafana's search). */
export const TAG = 'llm-analytics';
export const FOLDER = 'LLM Analytics';

function variable(name: string, label: string, filters: QueryFilter[] = []) {
  const query: VariableQuery = { refId: name, dimension: name, ...(filters.length ? { filters } : {}) };
  return (
    new QueryVariableBuilder(name)
      .label(label)
      .datasource(HUB)
      .query(query as unknown as Record<string, unknown>)
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      // The hub datasource reads `*` as "no filter": events without the dimension stay.
      .allValue('*')
      .current({ text: 'All', value: '$__all' })
  );
}

const byTenant: QueryFilter[] = [{ key: 'tenant', op: 'eq', value: '$tenant' }];

/** A dashboard of the set: variables, links to the others, anomaly episodes as annotations. */
export function llmDashboard(
  uid: string,
  title: string,
  description: string,
  options: { variables?: boolean } = {},
) {
  const builder = new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags([TAG])
    .editable()
    .timezone('browser')
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .tooltip(DashboardCursorSync.Crosshair)
    .link(
      new DashboardLinkBuilder('LLM Analytics')
        .type(DashboardLinkType.Dashboards)
        .tags([TAG])
        .asDropdown(true)
        .keepTime(true)
        .includeVars(true)
        .tooltip('The other LLM Analytics dashboards, with this time range and these variables'),
    )
    .annotation(
      new AnnotationQueryBuilder()
        .name('Annotations & Alerts')
        .builtIn(1)
        .datasource({ type: 'grafana', uid: '-- Grafana --' })
        .enable(true)
        .hide(true)
        .iconColor('rgba(0, 211, 255, 1)')
        .type('dashboard'),
    );
  if (options.variables === false) return builder;
  return builder
    .withVariable(variable('tenant', 'Tenant'))
    .withVariable(variable('model', 'Model', byTenant))
    .withVariable(variable('environment', 'Environment', byTenant))
    .withVariable(variable('route', 'Route', byTenant))
    .annotation(
      new AnnotationQueryBuilder()
        .name('Anomalies')
        .datasource(HUB)
        .enable(true)
        .iconColor('red')
        .target(
          hub({
            queryType: 'anomalies',
            asAnnotations: true,
            minSeverity: 'high',
            model: '$model',
            limit: 200,
          }),
        ),
    );
}

/** Absolute thresholds from a base colour: `steps(['green'], [500, 'orange'], [2000, 'red'])`. */
export function steps(base: string, ...rest: Array<[number, string]>) {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...rest.map(([value, color]) => ({ value, color }))]);
}

/** Values without a good or bad level (volumes, spend): one neutral step. */
export const NEUTRAL = steps('blue');

type PanelLike = cog.Builder<Panel> & {
  gridPos(gridPos: { x: number; y: number; w: number; h: number }): unknown;
  id(id: number): unknown;
  links(links: cog.Builder<DashboardLink>[]): unknown;
};

/** A dashboard a panel leads to for the details: its uid and the link's title. */
export interface DrillDown {
  uid: string;
  title: string;
}

/** A panel link to another dashboard of the set, keeping the time range and the variables. */
function linkTo({ uid, title }: DrillDown) {
  return new DashboardLinkBuilder(title)
    .type(DashboardLinkType.Link)
    .url(`/d/${uid}?\${__url_time_range}&\${__all_variables}`)
    .tooltip(`Open ${title} with this time range and these variables`);
}

/**
 * Rows of panels on Grafana's 24-column grid, numbered in reading order (alert rules link to a
 * dashboard's panel by that number); a third element links the panel to a dashboard with details.
 */
export function grid(
  dashboard: DashboardBuilder,
  rows: Array<{ height: number; panels: Array<[PanelLike, number, DrillDown?]> }>,
) {
  let y = 0;
  let id = 1;
  for (const { height, panels } of rows) {
    let x = 0;
    for (const [panel, width, drillDown] of panels) {
      panel.gridPos({ x, y, w: width, h: height });
      panel.id(id++);
      if (drillDown) panel.links([linkTo(drillDown)]);
      dashboard.withPanel(panel);
      x += width;
    }
    y += height;
  }
  return dashboard;
}

/**
 * The provisioned dashboards, file by file: up to date with their definitions, every panel on a
 * provisioned datasource and of a panel type Grafana or this repository has, described, with units
 * and thresholds, laid out on the grid; every query valid for its datasource.
 */
import { dateTime, type DataQueryRequest } from '@grafana/data';
import { setTemplateSrv } from '@grafana/runtime';
import {
  AnomalyQuery,
  CorrelationQuery,
  CostProjectionQuery,
  EventSearchQuery,
  ForecastQuery,
  TableQuery,
  TimeSeriesQuery,
} from '@llm-hub/query-contract';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { DASHBOARDS } from '../../dashboards/src';
import { createTemplateSrv } from '../../plugin-testing/grafanaServices';
import * as requests from '../../datasource-plugin/src/queryRequests';
import { QUERY_FIELDS, QUERY_TYPES, type HubQuery, type QueryType } from '../../datasource-plugin/src/types';
import { dashboardTargets, hubTargets, variablesOnAll } from './dashboardTargets';
import { PLUGIN_IDS, checkPromql, dashboardFiles, path, provisionedDatasources } from './repository';

/** Grafana's own panels (those these dashboards may use). */
const CORE_PANELS = [
  'timeseries',
  'stat',
  'gauge',
  'bargauge',
  'table',
  'logs',
  'text',
  'barchart',
  'piechart',
  'nodeGraph',
  'state-timeline',
  'heatmap',
];
/** Panels that show numbers, so a unit and thresholds mean something. */
const VALUE_PANELS = [
  'timeseries',
  'stat',
  'gauge',
  'bargauge',
  'table',
  'barchart',
  'llmhub-forecastband-panel',
];

const dashboards = [...dashboardFiles()];
const panelsOf = (dashboard: any): any[] => dashboard.panels;

test('each dashboards/*.json is what its definition in dashboards/src writes (npm run dashboards)', () => {
  expect(new Set(readdirSync(path('dashboards')).filter((f) => f.endsWith('.json')))).toEqual(
    new Set(Object.keys(DASHBOARDS)),
  );
  // In a child process: the writer formats with Prettier, which jest's module system cannot load.
  execFileSync(path('node_modules', '.bin', 'tsx'), [path('dashboards', 'src', 'write.ts'), '--check'], {
    stdio: 'pipe',
  });
});

test('the seven dashboards, with unique uids, tagged and linked to each other', () => {
  expect(dashboards.map(([, d]) => d.title).sort()).toEqual([
    'LLM Anomalies & correlations',
    'LLM Cost',
    'LLM Executive overview',
    'LLM Governance',
    'LLM Performance',
    'LLM Processor health',
    'LLM Security',
  ]);
  expect(new Set(dashboards.map(([, d]) => d.uid)).size).toBe(dashboards.length);
  // Panel links (the overview's drill-downs) lead to dashboards of the set.
  const uids = dashboards.map(([, d]) => d.uid);
  const linked = dashboards.flatMap(([, d]) =>
    panelsOf(d).flatMap((p) => (p.links ?? []).map((l: any) => l.url)),
  );
  expect(linked.length).toBeGreaterThan(5);
  for (const url of linked) expect(uids).toContain(/^\/d\/([\w-]+)\?/.exec(url)?.[1]);
  for (const [file, d] of dashboards) {
    expect({ file, tags: d.tags }).toEqual({ file, tags: ['llm-analytics'] });
    expect({ file, links: d.links }).toEqual({
      file,
      links: [
        expect.objectContaining({
          type: 'dashboards',
          tags: ['llm-analytics'],
          keepTime: true,
          includeVars: true,
        }),
      ],
    });
  }
});

test('the hub dashboards have tenant, model, environment and route variables, All meaning no filter', () => {
  for (const [file, d] of dashboards.filter(([file]) => file !== 'processor-health.json')) {
    const variables = d.templating.list;
    expect({ file, names: variables.map((v: any) => v.name) }).toEqual({
      file,
      names: ['tenant', 'model', 'environment', 'route'],
    });
    for (const variable of variables) {
      expect(variable).toMatchObject({
        type: 'query',
        datasource: { uid: 'llm-hub' },
        multi: true,
        includeAll: true,
        allValue: '*',
      });
      expect(variable.query.dimension).toBe(variable.name);
    }
  }
});

test('every panel: provisioned datasource, a known panel type, a description, unit and thresholds, on the grid', () => {
  const datasources = provisionedDatasources();
  const problems: string[] = [];
  for (const [file, d] of dashboards) {
    const ids = new Set<number>();
    const cells = new Set<string>();
    for (const panel of panelsOf(d)) {
      const where = `${file} › ${panel.title}`;
      if (ids.has(panel.id)) problems.push(`${where}: id ${panel.id} twice`);
      ids.add(panel.id);
      if (![...CORE_PANELS, ...PLUGIN_IDS].includes(panel.type))
        problems.push(`${where}: unknown panel type ${panel.type}`);
      const uids = [panel.datasource, ...panel.targets.map((t: any) => t.datasource)].map(
        (ref: any) => ref?.uid,
      );
      for (const uid of uids) {
        if (!datasources.has(uid)) problems.push(`${where}: datasource ${uid} is not provisioned`);
      }
      for (const target of panel.targets) {
        const provisioned = datasources.get(target.datasource?.uid);
        if (provisioned && provisioned.type !== target.datasource.type)
          problems.push(`${where}: type ${target.datasource.type} ≠ ${provisioned.type}`);
      }
      if (!panel.description?.trim()) problems.push(`${where}: no description`);
      const defaults = panel.fieldConfig?.defaults ?? {};
      if (VALUE_PANELS.includes(panel.type) && !defaults.unit) problems.push(`${where}: no unit`);
      if (!defaults.thresholds?.steps?.length) problems.push(`${where}: no thresholds`);
      const { x, y, w, h } = panel.gridPos;
      if (x < 0 || w < 1 || x + w > 24 || h < 1) problems.push(`${where}: off the 24-column grid`);
      for (let row = y; row < y + h; row++) {
        for (let col = x; col < x + w; col++) {
          if (cells.has(`${row}:${col}`)) problems.push(`${where}: overlaps another panel at ${row}:${col}`);
          cells.add(`${row}:${col}`);
        }
      }
    }
  }
  expect([...new Set(problems)]).toEqual([]);
});

const CONTRACT: Record<QueryType, [(query: HubQuery, context: requests.RequestContext) => unknown, TSchema]> =
  {
    timeseries: [requests.timeSeriesRequest, TimeSeriesQuery],
    table: [requests.tableRequest, TableQuery],
    events: [requests.eventSearchRequest, EventSearchQuery],
    anomalies: [requests.anomalyRequest, AnomalyQuery],
    correlations: [requests.correlationRequest, CorrelationQuery],
    forecast: [requests.forecastRequest, ForecastQuery],
    cost_projection: [requests.costProjectionRequest, CostProjectionQuery],
  };
const GRAFANA_FIELDS = ['refId', 'datasource', 'hide', 'queryType'];

test('every hub query: a query type of the datasource, only its fields, a request the processor accepts', () => {
  setTemplateSrv(createTemplateSrv(variablesOnAll()));
  const now = Date.now();
  const request = {
    range: { from: dateTime(now - 6 * 3_600_000), to: dateTime(now), raw: { from: 'now-6h', to: 'now' } },
    intervalMs: 60_000,
    maxDataPoints: 1000,
    scopedVars: {},
    timezone: 'browser',
    targets: [],
  } as unknown as DataQueryRequest<HubQuery>;
  const targets = hubTargets();
  expect(targets.length).toBeGreaterThan(40);
  const problems: string[] = [];
  for (const { where, target } of targets) {
    const type = target.queryType as QueryType;
    if (!QUERY_TYPES.some((t) => t.value === type)) {
      problems.push(`${where}: query type ${type} is not one of the datasource's`);
      continue;
    }
    const extra = Object.keys(target).filter(
      (key) => !GRAFANA_FIELDS.includes(key) && !QUERY_FIELDS[type].includes(key as keyof HubQuery),
    );
    if (extra.length) problems.push(`${where}: ${extra.join(', ')} not read by ${type} queries`);
    const [build, schema] = CONTRACT[type];
    const body = build(target, { request });
    for (const error of Value.Errors(schema, body))
      problems.push(`${where}: request ${error.path} ${error.message}`);
  }
  expect(problems).toEqual([]);
});

test('every Prometheus query parses (promtool), with Grafana’s $__rate_interval as a range', () => {
  const expressions = dashboardTargets()
    .filter(({ target }) => target.datasource?.type === 'prometheus')
    .map(({ where, target }) => ({ where, expr: String(target.expr).replaceAll('$__rate_interval', '1m') }));
  expect(expressions.length).toBeGreaterThan(10);
  checkPromql(expressions);
});

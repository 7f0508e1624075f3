/**
 * The provisioning and alerting files: each against Grafana's documented file format, and what
 * they refer to (datasource uids, dashboards and their panels, contact points, the Prometheus
 * rules that carry the same conditions).
 */
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { readdirSync } from 'node:fs';
import { DATASOURCES, HUB } from '../../dashboards/src/datasources';
import { FOLDER } from '../../dashboards/src/common';
import {
  AlertRulesFile,
  ContactPointsFile,
  DashboardProvidersFile,
  DatasourcesFile,
  PoliciesFile,
  WebhookSettings,
} from './grafanaSchemas';
import {
  PLUGIN_IDS,
  dashboardFiles,
  grafanaRules,
  path,
  prometheusAlerts,
  provisionedDatasources,
  readYaml,
} from './repository';

function errorsOf(schema: TSchema, value: unknown): string[] {
  return [...Value.Errors(schema, value)].map((error) => `${error.path || '/'}: ${error.message}`);
}

const FILES: Array<[string, string, TSchema]> = [
  ...readdirSync(path('provisioning', 'datasources')).map((f): [string, string, TSchema] => [
    'provisioning/datasources',
    f,
    DatasourcesFile,
  ]),
  ...readdirSync(path('provisioning', 'dashboards')).map((f): [string, string, TSchema] => [
    'provisioning/dashboards',
    f,
    DashboardProvidersFile,
  ]),
  ['alerts/grafana', 'rules.yaml', AlertRulesFile],
  ['alerts/grafana', 'contact-points.yaml', ContactPointsFile],
  ['alerts/grafana', 'policies.yaml', PoliciesFile],
];

test.each(FILES)('%s/%s follows Grafana’s file format', (folder, file, schema) => {
  expect(errorsOf(schema, readYaml(folder, file))).toEqual([]);
});

test('the alerting folder holds exactly the checked files', () => {
  expect(readdirSync(path('alerts', 'grafana')).sort()).toEqual([
    'contact-points.yaml',
    'policies.yaml',
    'rules.yaml',
  ]);
});

test('the datasources the dashboards and rules refer to are provisioned, with their types; the hub is our plugin and the default', () => {
  const provisioned = provisionedDatasources();
  for (const { uid, type } of DATASOURCES) expect(provisioned.get(uid)?.type).toBe(type);
  expect(PLUGIN_IDS).toContain(HUB.type);
  const file = readYaml('provisioning', 'datasources', 'llm-analytics.yaml');
  expect(file.datasources.filter((ds: any) => ds.isDefault).map((ds: any) => ds.uid)).toEqual([HUB.uid]);
  // The key is secure data (kept encrypted, added by the proxy), never in jsonData.
  const hub = file.datasources.find((ds: any) => ds.uid === HUB.uid);
  expect(Object.keys(hub.secureJsonData)).toEqual(['apiKey']);
  expect(JSON.stringify(hub.jsonData)).not.toMatch(/key/i);
});

test('dashboards and alert rules share the folder "LLM Analytics"', () => {
  const providers = readYaml('provisioning', 'dashboards', 'llm-analytics.yaml').providers;
  expect(providers.map((p: any) => p.folder)).toEqual([FOLDER]);
  expect(new Set(grafanaRules().map(({ group }) => group.folder))).toEqual(new Set([FOLDER]));
});

describe('Grafana alert rules', () => {
  const rules = grafanaRules();
  const datasources = provisionedDatasources();
  const dashboards = new Map([...dashboardFiles().values()].map((d) => [d.uid, d]));

  test('five conditions of the issue, unique uids and titles', () => {
    expect(rules.map(({ rule }) => rule.title)).toEqual([
      'LLMCriticalAnomalyActive',
      'LLMErrorRateHigh',
      'LLMLatencyP95AboveSLO',
      'LLMCostForecastOverBudget',
      'LLMProcessorDown',
      'LLMProcessorLagging',
    ]);
    expect(new Set(rules.map(({ rule }) => rule.uid)).size).toBe(rules.length);
  });

  test.each(rules.map(({ rule }) => [rule.title, rule] as const))(
    '%s: queries, condition and links resolve',
    (_title, rule) => {
      const refIds = rule.data.map((query: any) => query.refId);
      expect(refIds).toContain(rule.condition);
      for (const query of rule.data) {
        expect(query.model.refId).toBe(query.refId);
        if (query.datasourceUid === '__expr__') {
          expect(refIds).toContain(query.model.expression);
        } else {
          // Server-side rules need a backend datasource: Prometheus or PostgreSQL, never the hub's.
          expect([...datasources.keys()]).toContain(query.datasourceUid);
          expect(query.datasourceUid).not.toBe(HUB.uid);
        }
      }
      expect(Object.keys(rule.annotations)).toEqual(
        expect.arrayContaining(['summary', 'description', 'runbook']),
      );
      const dashboard = dashboards.get(rule.annotations.__dashboardUid__);
      expect(dashboard).toBeDefined();
      expect(dashboard.panels.map((panel: any) => String(panel.id))).toContain(rule.annotations.__panelId__);
      // Grafana interpolates environment variables in labels: a `$` there would be eaten.
      expect(JSON.stringify(rule.labels)).not.toContain('$');
      expect(rule.labels).toEqual({
        severity: expect.stringMatching(/^(critical|warning)$/),
        team: expect.any(String),
      });
    },
  );

  test.each(rules.map(({ rule }) => [rule.title, rule] as const))(
    '%s has a Prometheus twin with the same condition',
    (title, rule) => {
      const twin = prometheusAlerts().get(title);
      expect(twin).toBeDefined();
      expect(twin.labels).toEqual(rule.labels);
      const duration = (d: string | undefined) => (d === undefined || /^0[a-z]+$/.test(d) ? '0s' : d);
      expect(duration(twin.for)).toBe(duration(rule.for));
      const squash = (text: string) => text.replace(/\s+/g, '');
      const query = rule.data.find((q: any) => q.refId === 'A');
      const threshold = rule.data.find((q: any) => q.model.type === 'threshold').model.conditions[0]
        .evaluator;
      if (query.datasourceUid === 'llm-prometheus') {
        // The twin compares the same expression with the same threshold (or tests for it being absent).
        expect(squash(twin.expr)).toContain(squash(query.model.expr));
        const op = { gt: '>', lt: '<' }[threshold.type as 'gt' | 'lt'];
        const comparison =
          threshold.type === 'lt' && threshold.params[0] === 1 ? '==0' : `${op}${threshold.params[0]}`;
        expect(squash(twin.expr)).toContain(comparison);
      } else {
        // The anomaly rule reads the anomalies table; its twin the gauge the processor keeps of it.
        expect(query.model.rawSql).toMatch(/ended_at IS NULL AND severity = 'critical'/);
        expect(twin.expr).toMatch(/llm_anomaly_active\{[^}]*severity="critical"/);
      }
    },
  );
});

test('the notification policy routes to provisioned contact points; the webhook takes its URL from the environment', () => {
  const contactPoints = readYaml('alerts', 'grafana', 'contact-points.yaml').contactPoints;
  const names = contactPoints.map((cp: any) => cp.name);
  const receivers = (route: any): string[] =>
    [route.receiver, ...(route.routes ?? []).flatMap(receivers)].filter(Boolean);
  for (const policy of readYaml('alerts', 'grafana', 'policies.yaml').policies) {
    for (const receiver of receivers(policy)) expect(names).toContain(receiver);
  }
  const webhooks = contactPoints.flatMap((cp: any) => cp.receivers).filter((r: any) => r.type === 'webhook');
  expect(webhooks.length).toBe(1);
  for (const webhook of webhooks) {
    expect(errorsOf(WebhookSettings, webhook.settings)).toEqual([]);
    expect(webhook.settings.url).toBe('$HUB_ALERT_WEBHOOK_URL');
  }
});

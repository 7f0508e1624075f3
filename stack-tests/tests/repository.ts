/** The repository's Grafana, Prometheus and Docker files, read as the tests need them. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(__dirname, '..', '..');
export const path = (...parts: string[]) => join(ROOT, ...parts);

export const readYaml = (...parts: string[]): any => parse(readFileSync(path(...parts), 'utf8'));
export const readJson = (...parts: string[]): any => JSON.parse(readFileSync(path(...parts), 'utf8'));

/** The plugins this repository builds, by folder: their plugin.json ids. */
export const PLUGIN_FOLDERS = [
  'datasource-plugin',
  'panel-plugins/correlation-graph',
  'panel-plugins/forecast-band',
];
export const PLUGIN_IDS: string[] = PLUGIN_FOLDERS.map((folder) => readJson(folder, 'src', 'plugin.json').id);

/** The datasources provisioning/datasources/ creates, by uid. */
export function provisionedDatasources(): Map<string, { type: string; name: string }> {
  const folder = path('provisioning', 'datasources');
  const all = readdirSync(folder).flatMap(
    (file) => readYaml('provisioning', 'datasources', file).datasources ?? [],
  );
  return new Map(all.map((ds: any) => [ds.uid, { type: ds.type, name: ds.name }]));
}

/** The provisioned dashboards: each dashboards/*.json by file name. */
export function dashboardFiles(): Map<string, any> {
  const files = readdirSync(path('dashboards')).filter((file) => file.endsWith('.json'));
  return new Map(files.map((file) => [file, readJson('dashboards', file)]));
}

/** The Grafana rules of alerts/grafana/rules.yaml, each with its group. */
export function grafanaRules(): Array<{ group: any; rule: any }> {
  return readYaml('alerts', 'grafana', 'rules.yaml').groups.flatMap((group: any) =>
    group.rules.map((rule: any) => ({ group, rule })),
  );
}

/** The alerting rules of alerts/prometheus/*.rules.yml, by alert name. */
export function prometheusAlerts(): Map<string, any> {
  const doc = readYaml('alerts', 'prometheus', 'llm-analytics.rules.yml');
  return new Map(doc.groups.flatMap((group: any) => group.rules).map((rule: any) => [rule.alert, rule]));
}

/** Runs promtool (from the Debian package, installed by scripts/services/prometheus.sh). */
export function promtool(args: string[], cwd = ROOT): string {
  try {
    return execFileSync('promtool', args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? message}`);
  }
}

/** Checks PromQL expressions with promtool (as recording rules of a scratch file); names them on failure. */
export function checkPromql(expressions: Array<{ where: string; expr: string }>): void {
  const file = join(mkdtempSync(join(tmpdir(), 'promql-')), 'expressions.yml');
  const rules = expressions.map(({ expr }, i) => ({ record: `expression_${i}`, expr }));
  writeFileSync(file, JSON.stringify({ groups: [{ name: 'check', rules }] }));
  try {
    promtool(['check', 'rules', file]);
  } catch (error) {
    const listing = expressions.map(({ where, expr }, i) => `expression_${i} (${where}): ${expr}`).join('\n');
    throw new Error(`${(error as Error).message}\n${listing}`);
  }
}

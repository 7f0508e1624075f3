/**
 * The built plugin (dist/, from `npm run build`) is what Grafana loads: plugin.json as Grafana reads
 * it, and module.js an AMD module asking only for libraries Grafana provides, whose `plugin` export
 * is a datasource plugin with the editors.
 */
import { DataSourcePlugin } from '@grafana/data';
import { join } from 'node:path';
import { expectFilledIn, expectPackaged, loadBuiltPlugin } from '../../plugin-testing/builtPlugin';
import type { DataSource } from '../src/datasource';

const PLUGIN_DIR = join(__dirname, '..');

test('plugin.json: a datasource with metrics, logs, annotations and the proxy route adding the key', () => {
  const { pluginJson } = loadBuiltPlugin(PLUGIN_DIR);
  expect(pluginJson).toMatchObject({
    type: 'datasource',
    id: 'llmhub-analytics-datasource',
    metrics: true,
    logs: true,
    annotations: true,
  });
  expect(pluginJson.id).toMatch(/^[a-z0-9]+-[a-z0-9]+-datasource$/);
  expect(pluginJson.routes).toEqual([
    {
      path: 'processor',
      url: '{{ .JsonData.url }}',
      headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiKey }}' }],
    },
  ]);
  expectFilledIn(PLUGIN_DIR, pluginJson);
});

test('module.js: an AMD module of Grafana-provided libraries exporting the datasource plugin', () => {
  const { exports, dependencies } = loadBuiltPlugin(PLUGIN_DIR);
  expect(dependencies.length).toBeGreaterThan(0);
  expect(exports.plugin).toBeInstanceOf(DataSourcePlugin);
  const plugin = exports.plugin as DataSourcePlugin<DataSource>;
  expect(plugin.components.QueryEditor).toBeDefined();
  expect(plugin.components.ConfigEditor).toBeDefined();
});

test('npm run package: a zip of one folder named by the plugin id, as Grafana installs it', () => {
  expectPackaged(PLUGIN_DIR);
});

/**
 * The built panel (dist/, from `npm run build`) as Grafana loads it: plugin.json, and module.js an
 * AMD module of Grafana-provided libraries exporting the panel plugin with its options.
 */
import { PanelPlugin } from '@grafana/data';
import { join } from 'node:path';
import { expectFilledIn, expectPackaged, loadBuiltPlugin } from '../../../plugin-testing/builtPlugin';

const PLUGIN_DIR = join(__dirname, '..');

test('plugin.json: a panel with its id, filled in by the build', () => {
  const { pluginJson } = loadBuiltPlugin(PLUGIN_DIR);
  expect(pluginJson).toMatchObject({ type: 'panel', id: 'llmhub-forecastband-panel' });
  expect(pluginJson.id).toMatch(/^[a-z0-9]+-[a-z0-9]+-panel$/);
  expectFilledIn(PLUGIN_DIR, pluginJson);
});

test('module.js: exports the panel plugin and its component', () => {
  const { exports } = loadBuiltPlugin(PLUGIN_DIR);
  expect(exports.plugin).toBeInstanceOf(PanelPlugin);
  const plugin = exports.plugin as PanelPlugin;
  // The component (its name is minified away); its options are checked in src/module.test.ts.
  expect(typeof plugin.panel).toBe('function');
});

test('npm run package: a zip of one folder named by the plugin id, as Grafana installs it', () => {
  expectPackaged(PLUGIN_DIR);
});

/**
 * The built plugin (dist/, from `npm run build`) is what Grafana loads: plugin.json as Grafana reads
 * it, and module.js an AMD module asking only for libraries Grafana provides, whose `plugin` export
 * is a datasource plugin with the editors.
 */
import { DataSourcePlugin } from '@grafana/data';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from '../src/datasource';

const DIST = join(__dirname, '..', 'dist');

/** The libraries Grafana's module loader hands to plugins (create-plugin's externals, as names). */
const PROVIDED_BY_GRAFANA = [
  '@grafana/data',
  '@grafana/ui',
  '@grafana/runtime',
  'react',
  'react-dom',
  'react/jsx-runtime',
  'rxjs',
  '@emotion/css',
  'lodash',
];

beforeAll(() => {
  if (!existsSync(join(DIST, 'module.js')))
    throw new Error('datasource-plugin/dist is missing: run npm run build first');
});

test('plugin.json: a datasource with metrics, logs, annotations and the proxy route adding the key', () => {
  const plugin = JSON.parse(readFileSync(join(DIST, 'plugin.json'), 'utf8'));
  expect(plugin).toMatchObject({
    type: 'datasource',
    id: 'llmhub-analytics-datasource',
    metrics: true,
    logs: true,
    annotations: true,
  });
  expect(plugin.id).toMatch(/^[a-z0-9]+-[a-z0-9]+-datasource$/);
  expect(plugin.dependencies.grafanaDependency).toBe('>=12.3.0');
  expect(plugin.routes).toEqual([
    {
      path: 'processor',
      url: '{{ .JsonData.url }}',
      headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiKey }}' }],
    },
  ]);
  // Filled in by the build.
  expect(plugin.info.version).toBe(
    JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version,
  );
  expect(plugin.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(existsSync(join(DIST, plugin.info.logos.small))).toBe(true);
});

test('module.js: an AMD module of Grafana-provided libraries exporting the datasource plugin', () => {
  const source = readFileSync(join(DIST, 'module.js'), 'utf8');
  let dependencies: string[] = [];
  let factory: (...modules: unknown[]) => Record<string, unknown> = () => ({});
  // What Grafana's loader does: call define's factory with the modules it names.
  new Function('define', source)((deps: string[], make: typeof factory) => {
    dependencies = deps;
    factory = make;
  });
  expect(dependencies.length).toBeGreaterThan(0);
  for (const dependency of dependencies) expect(PROVIDED_BY_GRAFANA).toContain(dependency);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the modules the AMD factory names
  const exports = factory(...dependencies.map((name) => require(name)));
  expect(exports.plugin).toBeInstanceOf(DataSourcePlugin);
  const plugin = exports.plugin as DataSourcePlugin<DataSource>;
  expect(plugin.components.QueryEditor).toBeDefined();
  expect(plugin.components.ConfigEditor).toBeDefined();
});

/**
 * A plugin as Grafana loads it from dist/ (after `npm run build`): plugin.json, and module.js run
 * as the AMD module it is, with only the libraries Grafana hands to plugins.
 */
import { PanelPlugin } from '@grafana/data';
import { unzipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The libraries Grafana's module loader provides (create-plugin's externals, as names). */
export const PROVIDED_BY_GRAFANA = [
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

/** The parts of plugin.json these tests read (the rest is checked per plugin with toMatchObject). */
export interface PluginJson {
  id: string;
  type: string;
  info: { version: string; updated: string; logos: { small: string }; screenshots: Array<{ path: string }> };
  dependencies: { grafanaDependency: string };
  [key: string]: unknown;
}

export interface BuiltPlugin {
  pluginJson: PluginJson;
  /** The modules module.js asks the loader for. */
  dependencies: string[];
  exports: Record<string, unknown>;
}

export function loadBuiltPlugin(pluginDir: string): BuiltPlugin {
  const dist = join(pluginDir, 'dist');
  if (!existsSync(join(dist, 'module.js'))) throw new Error(`${dist} is missing: run npm run build first`);
  const source = readFileSync(join(dist, 'module.js'), 'utf8');
  let dependencies: string[] = [];
  let factory: (...modules: unknown[]) => Record<string, unknown> = () => ({});
  // What Grafana's loader does: call define's factory with the modules it names.
  new Function('define', source)((deps: string[], make: typeof factory) => {
    dependencies = deps;
    factory = make;
  });
  const unknown = dependencies.filter((dependency) => !PROVIDED_BY_GRAFANA.includes(dependency));
  if (unknown.length > 0)
    throw new Error(`module.js asks for what Grafana does not provide: ${unknown.join(', ')}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the modules the AMD factory names
  const exports = factory(...dependencies.map((name) => require(name)));
  return { pluginJson: JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8')), dependencies, exports };
}

/** What every built plugin.json has: the version and date the build filled in, its images in dist/. */
export function expectFilledIn(pluginDir: string, pluginJson: PluginJson) {
  expect(pluginJson.info.version).toBe(
    JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8')).version,
  );
  expect(pluginJson.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(pluginJson.dependencies.grafanaDependency).toBe('>=12.3.0');
  for (const image of [
    pluginJson.info.logos.small,
    ...pluginJson.info.screenshots.map((shot) => shot.path),
  ]) {
    expect(existsSync(join(pluginDir, 'dist', image))).toBe(true);
  }
  for (const file of ['README.md', 'CHANGELOG.md'])
    expect(existsSync(join(pluginDir, 'dist', file))).toBe(true);
}

/**
 * `npm run package`'s zip of the plugin, as Grafana unpacks it into its plugins directory: one top
 * folder named by the plugin id, holding plugin.json (with that id) and module.js beside it.
 */
export function expectPackaged(pluginDir: string) {
  const out = mkdtempSync(join(tmpdir(), 'llm-hub-packages-'));
  try {
    execFileSync('node', [join(__dirname, '..', 'scripts', 'package-plugins.mjs'), '--out', out]);
    const { id, info } = JSON.parse(
      readFileSync(join(pluginDir, 'dist', 'plugin.json'), 'utf8'),
    ) as PluginJson;
    const files = unzipSync(readFileSync(join(out, `${id}-${info.version}.zip`)));
    const names = Object.keys(files);
    expect(new Set(names.map((name) => name.split('/')[0]))).toEqual(new Set([id]));
    expect(names).toEqual(
      expect.arrayContaining([`${id}/plugin.json`, `${id}/module.js`, `${id}/README.md`]),
    );
    const packed = JSON.parse(new TextDecoder().decode(files[`${id}/plugin.json`])) as PluginJson;
    expect(packed.id).toBe(id);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * The tests of a built panel (a panel's tests/dist.test.ts calls this): plugin.json with its id,
 * filled in by the build; module.js exporting the panel plugin; the packaged zip's layout.
 */
export function describeBuiltPanel(pluginDir: string, id: string) {
  test('plugin.json: a panel with its id, filled in by the build', () => {
    const { pluginJson } = loadBuiltPlugin(pluginDir);
    expect(pluginJson).toMatchObject({ type: 'panel', id });
    expect(pluginJson.id).toMatch(/^[a-z0-9]+-[a-z0-9]+-panel$/);
    expectFilledIn(pluginDir, pluginJson);
  });

  test('module.js: exports the panel plugin and its component', () => {
    const { exports } = loadBuiltPlugin(pluginDir);
    expect(exports.plugin).toBeInstanceOf(PanelPlugin);
    // The component (its name is minified away); its options are checked in src/module.test.ts.
    expect(typeof (exports.plugin as PanelPlugin).panel).toBe('function');
  });

  test('npm run package: a zip of one folder named by the plugin id, as Grafana installs it', () => {
    expectPackaged(pluginDir);
  });
}

/**
 * The one webpack build of every Grafana plugin in this repository, as `@grafana/create-plugin`
 * scaffolds it for a single plugin: run from a plugin's folder (`webpack -c
 * ../.config/webpack/webpack.config.mjs`), it bundles `src/module.ts` into `dist/module.js` as an
 * AMD module with Grafana's shared libraries left external, and copies plugin.json (version and
 * date filled in), README.md, CHANGELOG.md, the logo and the catalog's screenshots beside it.
 */
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What Grafana provides to plugins at run time (create-plugin's list): never bundled. */
export const GRAFANA_EXTERNALS = [
  'lodash',
  'jquery',
  'moment',
  'slate',
  'emotion',
  '@emotion/react',
  '@emotion/css',
  'prismjs',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-redux',
  'redux',
  'rxjs',
  'i18next',
  'react-router',
  'd3',
  'angular',
  /^@grafana\/ui/i,
  /^@grafana\/runtime/i,
  /^@grafana\/data/i,
];

/** TypeScript and TSX through swc, with React's automatic JSX runtime. */
export const swcRule = {
  test: /\.[tj]sx?$/,
  exclude: /node_modules/,
  use: {
    loader: 'swc-loader',
    options: {
      jsc: {
        target: 'es2015',
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
      },
    },
  },
};

/** The shared query contract from its sources, so the bundle keeps only what it uses. */
export const resolve = {
  extensions: ['.ts', '.tsx', '.js', '.jsx'],
  alias: { '@llm-hub/query-contract$': path.join(repositoryRoot, 'query-contract', 'src', 'index.ts') },
};

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** @param {Record<string, unknown>} env `--env production` or `--env development` */
export default function pluginConfig(env = {}) {
  const pluginDir = process.cwd();
  const sourceDir = path.join(pluginDir, 'src');
  const pluginJson = readJson(path.join(sourceDir, 'plugin.json'));
  const version = readJson(path.join(pluginDir, 'package.json')).version;
  const production = Boolean(env.production);
  const fillIn = (content) =>
    content
      .toString()
      .replaceAll('%VERSION%', version)
      .replaceAll('%TODAY%', new Date().toISOString().slice(0, 10))
      .replaceAll('%PLUGIN_ID%', pluginJson.id);
  const logos = [...new Set([pluginJson.info?.logos?.small, pluginJson.info?.logos?.large])].filter(Boolean);
  // The catalog's screenshots (info.screenshots, img/<name>.png) are the current ones the browser
  // tests took, kept in the repository's docs/screenshots/.
  const screenshots = (pluginJson.info?.screenshots ?? []).map(({ path: to }) => ({
    from: path.join(repositoryRoot, 'docs', 'screenshots', path.basename(to)),
    to,
  }));

  return {
    mode: production ? 'production' : 'development',
    context: sourceDir,
    devtool: production ? 'source-map' : 'eval-source-map',
    entry: { module: './module.ts' },
    externals: GRAFANA_EXTERNALS,
    module: { rules: [swcRule] },
    output: {
      clean: true,
      filename: '[name].js',
      library: { type: 'amd' },
      path: path.join(pluginDir, 'dist'),
      publicPath: `public/plugins/${pluginJson.id}/`,
      uniqueName: pluginJson.id,
    },
    plugins: [
      new CopyWebpackPlugin({
        patterns: [
          { from: 'plugin.json', to: '.', transform: fillIn },
          { from: 'README.md', to: '.', transform: fillIn },
          { from: '../CHANGELOG.md', to: '.' },
          ...logos.map((logo) => ({ from: logo, to: logo })),
          ...screenshots,
        ],
      }),
    ],
    resolve,
    performance: { hints: false },
  };
}

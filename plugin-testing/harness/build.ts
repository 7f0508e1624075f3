/**
 * Bundles a harness page's entry with webpack, Grafana's libraries included (the page has no Grafana
 * to provide them), with the plugins' own TypeScript rules from .config/webpack.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webpack from 'webpack';
import { UPLOT_CSS_URL } from './server';

export async function buildHarness(entry: string, outDir: string): Promise<void> {
  // The shared config is an ES module: import() keeps it one file for webpack-cli and this build.
  const { swcRule, resolve } = await import('../../.config/webpack/webpack.config.mjs');
  mkdirSync(outDir, { recursive: true });
  const compiler = webpack({
    mode: 'development',
    devtool: false,
    entry: [join(__dirname, 'bootData.ts'), entry],
    module: { rules: [swcRule] },
    resolve,
    output: { path: outDir, filename: 'harness.js' },
    performance: { hints: false },
    infrastructureLogging: { level: 'error' },
  });
  const stats = await new Promise<webpack.Stats>((done, fail) =>
    compiler.run((error, result) => (error || !result ? fail(error) : done(result))),
  );
  await new Promise((done) => compiler.close(done));
  if (stats.hasErrors()) throw new Error(`harness build failed:\n${stats.toString('errors-only')}`);
  writeFileSync(
    join(outDir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>harness</title><link rel="stylesheet" href="${UPLOT_CSS_URL}"></head><body><script src="harness.js"></script></body></html>`,
  );
}

// `npm run package`: one zip per built plugin in the layout Grafana installs from (a top folder
// named by the plugin id holding dist/'s files), for a plugins directory or `grafana cli
// --pluginUrl`. Written to artifacts/packages/<id>-<version>.zip.
import { zipSync } from 'fflate';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The plugins of this repository: the workspaces with a src/plugin.json. */
export function pluginDirs() {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return workspaces
    .map((workspace) => join(root, workspace))
    .filter((dir) => {
      try {
        return statSync(join(dir, 'src', 'plugin.json')).isFile();
      } catch {
        return false;
      }
    });
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** Zips `pluginDir`/dist as `<id>/…` into `outDir`; returns the zip's path. */
export function packagePlugin(pluginDir, outDir = join(root, 'artifacts', 'packages')) {
  const dist = join(pluginDir, 'dist');
  let pluginJson;
  try {
    pluginJson = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8'));
  } catch (error) {
    throw new Error(
      `${relative(root, dist)}/plugin.json cannot be read (run npm run build first): ${error.message}`,
    );
  }
  const { id, info } = pluginJson;
  const entries = Object.fromEntries(
    filesUnder(dist).map((path) => [
      `${id}/${relative(dist, path).split('\\').join('/')}`,
      readFileSync(path),
    ]),
  );
  mkdirSync(outDir, { recursive: true });
  const zip = join(outDir, `${id}-${info.version}.zip`);
  writeFileSync(zip, zipSync(entries, { level: 9 }));
  return zip;
}

// `--out DIR` writes the zips there instead (the tests).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv.indexOf('--out');
  for (const dir of pluginDirs()) {
    const zip = packagePlugin(dir, out > 0 ? process.argv[out + 1] : undefined);
    console.log(`${relative(root, zip)} (${Math.round(statSync(zip).size / 1024)} KB)`);
  }
}

/**
 * Writes the dashboard JSON the provisioning provider loads (dashboards/*.json) from these
 * definitions: `npm run dashboards`. With `--check`, writes nothing and fails when a file differs
 * from its definition (the stack tests run it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { DASHBOARDS, dashboardModel } from './index';

/** The dashboard as the file holds it: its JSON, formatted as the repository's Prettier does. */
async function dashboardJson(build: (typeof DASHBOARDS)[string], path: string): Promise<string> {
  const options = await prettier.resolveConfig(path);
  return prettier.format(JSON.stringify(dashboardModel(build)), { ...options, filepath: path });
}

async function main(check: boolean) {
  const folder = join(__dirname, '..');
  const stale: string[] = [];
  for (const [file, build] of Object.entries(DASHBOARDS)) {
    const path = join(folder, file);
    const json = await dashboardJson(build, path);
    if (!check) {
      writeFileSync(path, json);
      console.log(`wrote dashboards/${file}`);
    } else if (readFileSync(path, 'utf8') !== json) {
      stale.push(`dashboards/${file}`);
    }
  }
  if (stale.length > 0) {
    console.error(`${stale.join(', ')} differ from dashboards/src: run npm run dashboards`);
    process.exitCode = 1;
  }
}

void main(process.argv.includes('--check'));

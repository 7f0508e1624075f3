/**
 * Writes the dashboard JSON the provisioning provider loads (dashboards/*.json) from these
 * definitions: `npm run dashboards`. A test fails when the files and the definitions differ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARDS, dashboardJson } from './index';

async function main() {
  const folder = join(__dirname, '..');
  for (const [file, build] of Object.entries(DASHBOARDS)) {
    const path = join(folder, file);
    writeFileSync(path, await dashboardJson(build, path));
    console.log(`wrote dashboards/${file}`);
  }
}

void main();

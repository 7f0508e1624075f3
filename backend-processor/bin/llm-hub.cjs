#!/usr/bin/env node
// `npx llm-hub …` from the repository root: runs the built CLI (src/cli/main.ts), building the
// processor first when this checkout has not been built yet.
const { execSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const cli = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(cli)) {
  process.stderr.write('llm-hub: first run, building the processor …\n');
  execSync('npm run build --silent --workspace @llm-hub/query-contract --workspace backend-processor', {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
require(cli);

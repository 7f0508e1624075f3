// Runs before the root npm scripts (test, start, build, ...): installs the workspace dependencies when
// node_modules is missing or older than package-lock.json, and is silent and fast otherwise.
// No dependencies: it must work before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeModules = join(root, 'node_modules');
const lockfile = join(root, 'package-lock.json');
// npm writes this "hidden lockfile" at the end of every install: its mtime is when node_modules
// was last brought in line with package-lock.json.
const hiddenLockfile = join(nodeModules, '.package-lock.json');

function reasonToInstall() {
  if (!existsSync(nodeModules)) return 'node_modules is missing';
  if (!existsSync(lockfile)) return null; // no lockfile: an existing node_modules is taken as it is
  if (!existsSync(hiddenLockfile)) return 'node_modules/.package-lock.json is missing';
  if (statSync(lockfile).mtimeMs > statSync(hiddenLockfile).mtimeMs) {
    return 'package-lock.json is newer than node_modules';
  }
  return null;
}

const reason = reasonToInstall();
if (reason !== null) {
  // `npm install` rather than `npm ci`: it installs what package-lock.json pins just the same, but
  // does not refuse a lockfile whose optional per-platform packages (@swc/core-*) were left out, as
  // npm 11 leaves them when lockfile registry addresses are omitted by the npm configuration.
  console.error(`ensure-installed: ${reason}, running npm install`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32', // npm is npm.cmd there
  });
  if (result.error) {
    console.error(`ensure-installed: could not run npm: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
  // `npm install` may rewrite package-lock.json after the hidden lockfile; mark node_modules as up
  // to date so the next run does not install again.
  if (existsSync(hiddenLockfile)) {
    const now = new Date();
    utimesSync(hiddenLockfile, now, now);
  }
}

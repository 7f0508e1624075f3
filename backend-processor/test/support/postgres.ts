import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';

const SCRIPT = path.resolve(__dirname, '../../../scripts/services/postgres.sh');

let adminUrlPromise: Promise<string> | undefined;

/**
 * Admin URL (superuser `postgres`, database `postgres`) of a real PostgreSQL for integration tests:
 * HUB_TEST_DATABASE_URL when set and reachable, else the loopback cluster that
 * `scripts/services/postgres.sh start` runs (installed from Debian's packages the first time).
 * Throws with the script's own explanation of what is missing when neither works.
 */
export function requirePostgres(): Promise<string> {
  adminUrlPromise ??= findPostgres();
  // A failure is not cached: a later test may retry after the cause has been fixed.
  adminUrlPromise.catch(() => (adminUrlPromise = undefined));
  return adminUrlPromise;
}

async function findPostgres(): Promise<string> {
  let note = '';
  const fromEnv = process.env.HUB_TEST_DATABASE_URL?.trim();
  if (fromEnv) {
    const problem = await unreachable(fromEnv);
    if (!problem) return fromEnv;
    note = `HUB_TEST_DATABASE_URL=${fromEnv} is not usable (${problem}), so the local test cluster was tried. `;
  }

  let url: string;
  try {
    await run('bash', [SCRIPT, 'start']);
    url = (await run('bash', [SCRIPT, 'url'])).trim();
  } catch (err) {
    throw new Error(
      `${note}PostgreSQL is required for this test and could not be started with ${SCRIPT} start ` +
        `(it needs the Debian package postgresql, installed by the script when run as root, and a free ` +
        `port HUB_TEST_PG_PORT, default 55432; or point HUB_TEST_DATABASE_URL at a running PostgreSQL ` +
        `with a superuser):\n${(err as Error).message}`,
    );
  }
  const problem = await unreachable(url);
  if (problem) throw new Error(`${note}${SCRIPT} start succeeded but ${url} is not usable: ${problem}`);
  return url;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // 10 minutes: the first start may apt-get install postgresql.
    execFile(cmd, args, { timeout: 600_000, maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message.split('\n')[0]}\n${stderr.trim()}`));
      else resolve(stdout);
    });
  });
}

/** Why the URL cannot be used, or null when `select 1` works. */
async function unreachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestDatabase {
  /** Connection URL of the new database (same server and user as the admin URL). */
  url: string;
  /** Drops the database, closing any connections still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database with a unique name (prefix, pid, time, random), so tests in parallel
 * jest workers never share tables. Call drop() in afterAll.
 */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const adminUrl = await requirePostgres();
  const safe = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const suffix = `${process.pid}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  // Identifiers are cut at 63 bytes: shorten the prefix, never the unique part.
  const name = `t_${safe.slice(0, 63 - 3 - suffix.length)}_${suffix}`;

  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;

  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface PrivatePostgres {
  /** Admin URL of this server. */
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server and removes its data. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own (own port, own data directory), for fault tests that stop
 * and restart it without disturbing the shared test cluster.
 */
export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-pg-'));
  // mkdtemp makes it 0700: the server runs as the postgres user, which must be able to enter it.
  chmodSync(dir, 0o755);
  const env = { ...process.env, HUB_SERVICES_DIR: dir, HUB_TEST_PG_PORT: String(port) };
  const script = (command: string) =>
    new Promise<string>((resolve, reject) => {
      execFile('bash', [SCRIPT, command], { env, timeout: 120_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`postgres.sh ${command} failed: ${stderr.trim() || err.message}`));
        else resolve(stdout);
      });
    });
  await script('start');
  const url = (await script('url')).trim();
  return {
    url,
    start: async () => void (await script('start')),
    stop: async () => void (await script('stop')),
    destroy: async () => {
      await script('stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until the count of `sql` (one row, column `n`) reaches `expected` or the timeout passes; returns the last count. */
export async function waitForCount(
  db: pg.Pool,
  sql: string,
  params: unknown[],
  expected: number,
  timeoutMs = 60_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let n = -1;
  while (Date.now() < deadline) {
    n = Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);
    if (n >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return n;
}

/** For a test file: a fresh database created before its tests (`url`, and a pool `db` on it), dropped after. */
export function useTestDatabase(prefix: string): { url: string; db: pg.Pool } {
  const fixture = {} as { url: string; db: pg.Pool };
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(prefix);
    fixture.url = database.url;
    fixture.db = new pg.Pool({ connectionString: database.url });
  });
  afterAll(async () => {
    await fixture.db?.end();
    await database?.drop();
  });
  return fixture;
}

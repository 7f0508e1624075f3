/** The PostgreSQL the benchmarks run against: BENCH_DATABASE_URL, or the project's loopback cluster. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

const POSTGRES_SH = join(__dirname, '..', '..', '..', 'scripts', 'services', 'postgres.sh');

/**
 * Admin URL of the benchmark server, starting the project's cluster when no URL is given: its Unix
 * socket, as a processor on the same machine as its database would connect (over loopback TCP the
 * writer pays both ends' TCP stack).
 */
export function benchAdminUrl(): string {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  execFileSync('bash', [POSTGRES_SH, 'start'], { stdio: 'inherit' });
  return execFileSync('bash', [POSTGRES_SH, 'socket-url'], { encoding: 'utf8' }).trim();
}

/** The URL of database `name` on the server of `admin`. */
export function databaseUrl(admin: string, name: string): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops and creates database `name`; returns its URL. */
export async function freshDatabase(admin: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return databaseUrl(admin, name);
}

/** Copies the stored rows out, empties the table, and times a plain COPY of them back in. */
export async function copyBaseline(
  databaseUrl: string,
  maxRows: number,
): Promise<{ rows: number; elapsedS: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const chunks: Buffer[] = [];
  const out = client.query(copyTo(`COPY (SELECT * FROM events LIMIT ${maxRows}) TO STDOUT`));
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await once(out, 'end');
  const rows = (
    await client.query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT 1 FROM events LIMIT ${maxRows}) s`)
  ).rows[0]!.n;
  await client.query('TRUNCATE events');
  const started = performance.now();
  await pipeline(Readable.from(chunks), client.query(copyFrom('COPY events FROM STDIN')));
  const elapsedS = (performance.now() - started) / 1000;
  await client.end();
  return { rows: Number(rows), elapsedS };
}

/** The PostgreSQL the benchmarks run against: BENCH_DATABASE_URL, or the project's loopback cluster. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';

const POSTGRES_SH = join(__dirname, '..', '..', '..', 'scripts', 'services', 'postgres.sh');

/** Admin URL of the benchmark server, starting the project's cluster when no URL is given. */
export function benchAdminUrl(): string {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  execFileSync('bash', [POSTGRES_SH, 'start'], { stdio: 'inherit' });
  return execFileSync('bash', [POSTGRES_SH, 'url'], { encoding: 'utf8' }).trim();
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

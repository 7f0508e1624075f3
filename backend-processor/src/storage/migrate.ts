/**
 * Versioned SQL migrations, applied in order at start-up. A file may hold flavor-specific lines:
 *
 *   -- @if timescaledb      lines for TimescaleDB only
 *   -- @else                lines for plain PostgreSQL and the embedded store
 *   -- @end
 *
 * so one file describes a table once, with only the storage strategy differing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, DatabaseFlavor } from './database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = join(__dirname, 'migrations');
/** Any constant: serializes processors migrating the same database at once. */
const MIGRATION_LOCK = 4_212_001;

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
}

/** Keeps the lines meant for `flavor` (see the module comment). */
export function selectFlavor(sql: string, flavor: DatabaseFlavor): string {
  const timescale = flavor === 'timescaledb';
  let section: 'all' | 'if' | 'else' = 'all';
  const kept: string[] = [];
  for (const line of sql.split('\n')) {
    const marker = line.trim();
    if (marker === '-- @if timescaledb') section = 'if';
    else if (marker === '-- @else') section = 'else';
    else if (marker === '-- @end') section = 'all';
    else if (section === 'all' || (section === 'if') === timescale) kept.push(line);
  }
  return kept.join('\n');
}

/** Applies the migrations not yet applied; returns the versions it applied. */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      if (db.flavor !== 'embedded') await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const existing = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
        migration.version,
      ]);
      if (existing.rowCount > 0) return false;
      await tx.exec(selectFlavor(migration.sql, db.flavor));
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

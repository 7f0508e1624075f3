/**
 * One small interface over the three stores the processor runs on: TimescaleDB and plain
 * PostgreSQL through `pg`, and the embedded in-process PGlite when no DATABASE_URL is given.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type DatabaseFlavor = 'timescaledb' | 'postgres' | 'embedded';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Loads `rows` (chunks of COPY's text format: a line per row, fields tab-separated, see
   * copyText.ts) into `target`, e.g. "events (time, event_id)", with `COPY … FROM`: the fastest
   * way rows go in.
   */
  copyFrom(target: string, rows: readonly Uint8Array[]): Promise<void>;
}

export interface Database extends Queryable {
  readonly flavor: DatabaseFlavor;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  url: string | null;
  dataDir: string;
  timescaledb: 'auto' | 'off';
  /** Connections to PostgreSQL; writes are batched, so a few suffice. */
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url === null) return openEmbedded(options.dataDir);
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 8 });
  // An idle client that loses its server (PostgreSQL restart) emits 'error'; the pool drops it and
  // the next query reconnects, so this must not crash the process.
  pool.on('error', () => undefined);
  const timescale = options.timescaledb === 'auto' && (await enableTimescale(pool));
  return new PostgresDatabase(pool, timescale ? 'timescaledb' : 'postgres');
}

/** True when the timescaledb extension is installed (or can be) in this database. */
async function enableTimescale(pool: pg.Pool): Promise<boolean> {
  const available = await pool.query("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'");
  if (available.rowCount === 0) return false;
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    return true;
  } catch {
    // Available but not loadable (not in shared_preload_libraries): the plain path serves.
    return false;
  }
}

class PostgresDatabase implements Database {
  constructor(
    private readonly pool: pg.Pool,
    readonly flavor: DatabaseFlavor,
  ) {}

  async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return clientQuery<R>(this.pool, text, params);
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async copyFrom(target: string, rows: readonly Uint8Array[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await clientCopy(client, target, rows);
    } finally {
      client.release();
    }
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        query: (text, params) => clientQuery(client, text, params),
        exec: async (script) => void (await client.query(script)),
        copyFrom: (target, rows) => clientCopy(client, target, rows),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function clientQuery<R>(
  client: pg.Pool | pg.PoolClient,
  text: string,
  params?: readonly unknown[],
): Promise<QueryResult<R>> {
  const result = await client.query(text, params as unknown[] | undefined);
  return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
}

async function clientCopy(client: pg.PoolClient, target: string, rows: readonly Uint8Array[]): Promise<void> {
  await pipeline(Readable.from(rows), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
}

async function openEmbedded(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  return new EmbeddedDatabase(db);
}

/**
 * PGlite is a single connection: calls are serialized by PGlite itself. The flavor is 'timescaledb'
 * only for a PGlite build with TimescaleDB compiled in (the tests use one to run that branch).
 */
export class EmbeddedDatabase implements Database {
  constructor(
    private readonly db: PGlite,
    readonly flavor: 'embedded' | 'timescaledb' = 'embedded',
  ) {}

  async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return embeddedQuery<R>(this.db, text, params);
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  async copyFrom(target: string, rows: readonly Uint8Array[]): Promise<void> {
    await embeddedCopy(this.db, target, rows);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      work({
        query: (text, params) => embeddedQuery(tx, text, params),
        exec: async (script) => void (await tx.exec(script)),
        copyFrom: (target, rows) => embeddedCopy(tx, target, rows),
      }),
    );
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

type PGliteQueryable = Pick<PGlite, 'query'>;

async function embeddedQuery<R>(
  db: PGliteQueryable,
  text: string,
  params?: readonly unknown[],
): Promise<QueryResult<R>> {
  const result = await db.query<R>(text, params as unknown[] | undefined);
  // PGlite reports affectedRows 0 for a SELECT; a statement that returns rows counts them, as pg does.
  return {
    rows: result.rows,
    rowCount: result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0),
  };
}

/** PGlite reads COPY input from the blob given with the statement, named /dev/blob. */
async function embeddedCopy(db: PGliteQueryable, target: string, rows: readonly Uint8Array[]): Promise<void> {
  await db.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([...rows]) });
}

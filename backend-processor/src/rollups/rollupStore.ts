/**
 * Writes partial rows into the rollup tables (tables.ts): the merge of pending deltas
 * (pendingDeltas.ts) and the tenant erase call it.
 *
 * Per table, three statements, each over the whole batch: make sure the rows exist (zeros), lock them
 * in a fixed order and read their sketches, then add counts and sums in SQL and write the sketches
 * merged here. Concurrent writers serialize on the row locks, so no update is lost; the fixed lock
 * order (tables in ROLLUP_TABLES order, rows sorted by key) keeps them from deadlocking.
 */
import type { Queryable } from '../storage/database';
import { COUNT_FIELDS, ROLLUP_DIMENSIONS, STAT_SUFFIXES, TIERS, VALUE_FIELDS } from './measures';
import { coarsen, type PartialRow } from './partials';
import { decodeSketch, encodeSketch } from './sketch';
import { ROLLUP_TABLES, type RollupTable } from './tables';
const KEY_COLUMNS = ['bucket', ...ROLLUP_DIMENSIONS, 'tags'];
const KEY_TYPES = ['timestamptz', ...ROLLUP_DIMENSIONS.map(() => 'text'), 'jsonb'];
const COUNT_COLUMNS = COUNT_FIELDS.map(([name]) => name);
const METRICS = VALUE_FIELDS.map(([metric]) => metric);
const STAT_TYPES: Record<(typeof STAT_SUFFIXES)[number], string> = {
  count: 'int8',
  sum: 'float8',
  min: 'float8',
  max: 'float8',
  sumsq: 'float8',
  sketch: 'bytea',
};
const VALUE_COLUMNS = METRICS.flatMap((metric) =>
  STAT_SUFFIXES.map((stat) => [`${metric}_${stat}`, STAT_TYPES[stat]] as const),
);

/** `unnest($1::t1[], …) WITH ORDINALITY AS p(c1, …, ord)` over the given columns, parameters from $1. */
function unnest(columns: ReadonlyArray<readonly [string, string]>): string {
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  return `unnest(${arrays}) WITH ORDINALITY AS p(${columns.map(([name]) => name).join(', ')}, ord)`;
}

const KEYS = KEY_COLUMNS.map((name, i) => [name, KEY_TYPES[i]!] as const);
const KEY_MATCH = KEY_COLUMNS.map((name) => `r.${name} = p.${name}`).join(' AND ');

function statements(table: string) {
  const zeroCounts = [...COUNT_COLUMNS, ...METRICS.map((metric) => `${metric}_count`)];
  const add = (column: string) => `${column} = r.${column} + p.${column}`;
  const sumLike = (column: string) =>
    `${column} = COALESCE(r.${column} + p.${column}, r.${column}, p.${column})`;
  const updates = [
    ...COUNT_COLUMNS.map(add),
    ...METRICS.flatMap((m) => [
      add(`${m}_count`),
      sumLike(`${m}_sum`),
      `${m}_min = LEAST(r.${m}_min, p.${m}_min)`,
      `${m}_max = GREATEST(r.${m}_max, p.${m}_max)`,
      sumLike(`${m}_sumsq`),
      `${m}_sketch = COALESCE(p.${m}_sketch, r.${m}_sketch)`,
    ]),
  ];
  return {
    ensure: `INSERT INTO ${table} AS r (${[...KEY_COLUMNS, ...zeroCounts].join(', ')})
      SELECT ${[...KEY_COLUMNS, ...zeroCounts.map(() => '0')].join(', ')} FROM ${unnest(KEYS)} ORDER BY ord
      ON CONFLICT DO NOTHING`,
    lock: `SELECT p.ord, ${METRICS.map((m) => `r.${m}_sketch`).join(', ')}
      FROM ${unnest(KEYS)} JOIN ${table} r ON ${KEY_MATCH} ORDER BY p.ord FOR UPDATE OF r`,
    add: `UPDATE ${table} AS r SET ${updates.join(', ')}
      FROM ${unnest([...KEYS, ...COUNT_COLUMNS.map((c) => [c, 'int8'] as const), ...VALUE_COLUMNS])}
      WHERE ${KEY_MATCH}`,
  };
}

const STATEMENTS = new Map(ROLLUP_TABLES.map((table) => [table, statements(table.name)]));

function keyParams(rows: readonly PartialRow[]): unknown[][] {
  return [
    rows.map((row) => new Date(row.bucket)),
    ...ROLLUP_DIMENSIONS.map((_, d) => rows.map((row) => row.dimensions[d])),
    rows.map((row) => row.tags),
  ];
}

type SketchRow = { ord: string | number } & Record<string, Uint8Array | null>;

/** Adds partial rows to one rollup table: ensure the rows, lock them in order, merge sketches, add. */
export async function writeTable(
  tx: Queryable,
  table: RollupTable,
  rows: readonly PartialRow[],
): Promise<void> {
  const sql = STATEMENTS.get(table)!;
  const keys = keyParams(rows);
  await tx.query(sql.ensure, keys);
  const stored = await tx.query<SketchRow>(sql.lock, keys);
  // Merge each partial sketch into the stored one (rows are 1-based in ORDINALITY).
  for (const existing of stored.rows) {
    const row = rows[Number(existing.ord) - 1]!;
    METRICS.forEach((metric, m) => {
      const bytes = existing[`${metric}_sketch`];
      const stats = row.values[m];
      if (stats && bytes) stats.sketch.merge(decodeSketch(bytes));
    });
  }
  const values = METRICS.flatMap((_, m) => [
    rows.map((row) => row.values[m]?.count ?? 0),
    rows.map((row) => row.values[m]?.sum ?? null),
    rows.map((row) => row.values[m]?.min ?? null),
    rows.map((row) => row.values[m]?.max ?? null),
    rows.map((row) => row.values[m]?.sumsq ?? null),
    rows.map((row) => {
      const stats = row.values[m];
      return stats ? encodeSketch(stats.sketch) : null;
    }),
  ]);
  const counts = COUNT_COLUMNS.map((_, c) => rows.map((row) => row.counts[c]));
  await tx.query(sql.add, [...keys, ...counts, ...values]);
}

/** Adds 1-minute partial rows of the full tuple (sorted by key, as `partialRows` gives) to every rollup table. */
export async function writeRollups(tx: Queryable, minutes: readonly PartialRow[]): Promise<void> {
  if (minutes.length === 0) return;
  // Every coarser table's rows are merged from the minutes before any is written: writing a table
  // merges the stored sketches into the partial rows given.
  const partials = ROLLUP_TABLES.map((table) =>
    table.tier === '1m' && !table.view ? minutes : coarsen(minutes, table.tier, table.view),
  );
  for (const [i, table] of ROLLUP_TABLES.entries()) await writeTable(tx, table, partials[i]!);
}

/** Deletes rollup rows past each tier's retention (1m and 5m 90 d, 1h 1 y, 1d 3 y). */
export async function applyRollupRetention(db: Queryable): Promise<void> {
  for (const table of ROLLUP_TABLES) {
    await db.query(`DELETE FROM ${table.name} WHERE bucket < now() - make_interval(days => $1)`, [
      TIERS[table.tier].retentionDays,
    ]);
  }
}

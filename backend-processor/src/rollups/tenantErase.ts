/**
 * Erasing a tenant from the rollups. Its rows go from the full-tuple tiers and the views keyed by
 * tenant; the views without a tenant (model) hold its events mixed with everyone else's, and a
 * sketch cannot be subtracted: their rows in the buckets the tenant touched are rebuilt from the
 * other tenants' full-tuple rows of the same tier (5m from the 1-minute tier).
 */
import type { Queryable } from '../storage/database';
import { COUNT_FIELDS, ROLLUP_DIMENSIONS, VALUE_FIELDS } from './measures';
import { coarsen, type PartialRow } from './partials';
import { mergeDeltasIn } from './pendingDeltas';
import { writeTable } from './rollupStore';
import { decodeSketch } from './sketch';
import { FULL_TUPLE_TABLES, ROLLUP_TABLES, widthOf, type RollupTable } from './tables';

const METRICS = VALUE_FIELDS.map(([metric]) => metric);
const COUNT_COLUMNS = COUNT_FIELDS.map(([name]) => name);

/** The full-tuple table a view table is rebuilt from: the same tier, or 1m for 5m. */
function sourceOf(table: RollupTable): RollupTable {
  return FULL_TUPLE_TABLES.find((full) => full.tier === (table.tier === '5m' ? '1m' : table.tier))!;
}

/** Full-tuple rows as partial rows (the shape the write path merges). */
async function readRows(
  tx: Queryable,
  source: RollupTable,
  where: string,
  params: unknown[],
): Promise<PartialRow[]> {
  const stats = METRICS.flatMap((m) => [
    `${m}_count`,
    `${m}_sum`,
    `${m}_min`,
    `${m}_max`,
    `${m}_sumsq`,
    `${m}_sketch`,
  ]);
  const result = await tx.query<Record<string, unknown>>(
    `SELECT floor(extract(epoch FROM bucket) * 1000)::float8 AS bucket_ms, ${ROLLUP_DIMENSIONS.join(', ')}, tags::text AS tags,
       ${COUNT_COLUMNS.map((c) => `${c}::float8 AS ${c}`).join(', ')}, ${stats.map((s) => (s.endsWith('_count') ? `${s}::float8 AS ${s}` : s)).join(', ')}
     FROM ${source.name} WHERE ${where} ORDER BY bucket`,
    params,
  );
  return result.rows.map((row) => ({
    bucket: Number(row.bucket_ms),
    dimensions: ROLLUP_DIMENSIONS.map((d) => String(row[d])),
    tags: String(row.tags),
    counts: COUNT_COLUMNS.map((c) => Number(row[c])),
    values: METRICS.map((m) => {
      const sketch = row[`${m}_sketch`] as Uint8Array | null;
      if (Number(row[`${m}_count`]) === 0 || !sketch) return null;
      return {
        count: Number(row[`${m}_count`]),
        sum: Number(row[`${m}_sum`]),
        min: Number(row[`${m}_min`]),
        max: Number(row[`${m}_max`]),
        sumsq: Number(row[`${m}_sumsq`]),
        sketch: decodeSketch(sketch),
      };
    }),
  }));
}

/** Removes `tenant` from every rollup table; returns how many rows of its own were deleted. */
export async function eraseTenantRollups(tx: Queryable, tenant: string): Promise<number> {
  // Pending deltas may hold the tenant's events: merged first, to be erased with the rest.
  while ((await mergeDeltasIn(tx)) > 0);
  let deleted = 0;
  for (const table of ROLLUP_TABLES) {
    if (table.view && !table.view.dimensions.includes('tenant')) {
      // The buckets the tenant touched, at this table's width, from its full-tuple rows.
      const source = sourceOf(table);
      const width = widthOf(table);
      const buckets = await tx.query<{ bucket_ms: number }>(
        `SELECT DISTINCT floor(extract(epoch FROM bucket) * 1000 / $2)::float8 * $2 AS bucket_ms
         FROM ${source.name} WHERE tenant = $1`,
        [tenant, width],
      );
      if (buckets.rows.length === 0) continue;
      const starts = buckets.rows.map((row) => Number(row.bucket_ms));
      await tx.query(`DELETE FROM ${table.name} WHERE bucket = ANY($1::timestamptz[])`, [
        starts.map((ms) => new Date(ms)),
      ]);
      const others = await readRows(
        tx,
        source,
        `tenant <> $1 AND (floor(extract(epoch FROM bucket) * 1000 / $2) * $2)::float8 = ANY($3::float8[])`,
        [tenant, width, starts],
      );
      const rebuilt = coarsen(others, table.tier, table.view);
      if (rebuilt.length > 0) await writeTable(tx, table, rebuilt);
    } else {
      const result = await tx.query(`DELETE FROM ${table.name} WHERE tenant = $1`, [tenant]);
      if (!table.view) deleted += result.rowCount;
    }
  }
  return deleted;
}

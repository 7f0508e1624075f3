/**
 * Distinct values of a dimension for editors and template variables, read from the hourly rollups
 * (or the daily ones past a month): a week is 168 rows per dimension tuple there, where the raw
 * events hold one row per call.
 */
import type { DimensionValuesQuery } from '@llm-hub/query-contract';
import { mergePendingDeltas } from '../rollups/pendingDeltas';
import type { Database } from '../storage/database';
import { filterConditions, keyExpression, parseInstant, parseRange, SqlParams } from './sql';

export const DEFAULT_VALUES_LIMIT = 100;
const DEFAULT_RANGE_MS = 7 * 86_400_000;
/** Past this the daily tier answers: fewer rows, and the hourly one is kept only a year. */
const HOURLY_UP_TO_MS = 31 * 86_400_000;

export interface ValuesOptions {
  rollupTags: readonly string[];
  boundTenant: string | null;
  now?: number;
}

export async function dimensionValues(
  db: Database,
  key: string,
  query: DimensionValuesQuery,
  options: ValuesOptions,
): Promise<string[]> {
  const range = valuesRange(query, options.now ?? Date.now());
  await mergePendingDeltas(db);
  const daily = range.to - range.from > HOURLY_UP_TO_MS;
  const table = { table: 'rollup', rollupTags: options.rollupTags } as const;
  const value = keyExpression(key, table);
  const params = new SqlParams();
  const conditions = [
    // A bucket counts when it overlaps the range: it starts before `to` and ends after `from`.
    `bucket > ${params.add(new Date(range.from).toISOString())}::timestamptz - interval '${daily ? '1 day' : '1 hour'}'`,
    `bucket < ${params.add(new Date(range.to).toISOString())}::timestamptz`,
    filterConditions(query.filters ?? [], params, { ...table, boundTenant: options.boundTenant }),
    // Rollups store a missing dimension as '' (keyExpression reads it as NULL); a tag may be '' too.
    `${value} <> ''`,
  ];
  if (query.prefix) {
    conditions.push(`${value} ILIKE ${params.add(`${query.prefix.replace(/[\\%_]/g, '\\$&')}%`)}`);
  }
  // COLLATE "C": the same order on every database, whatever its locale.
  const sql = `SELECT ${value} COLLATE "C" AS value FROM rollup_${daily ? '1d' : '1h'}
    WHERE ${conditions.join(' AND ')} GROUP BY 1 ORDER BY 1 LIMIT ${params.add(query.limit ?? DEFAULT_VALUES_LIMIT)}`;
  const { rows } = await db.query<{ value: string }>(sql, params.values);
  return rows.map((row) => row.value);
}

/** The requested range; a missing end defaults to now, a missing start to a week before the end. */
function valuesRange(query: DimensionValuesQuery, now: number): { from: number; to: number } {
  const to = query.to === undefined ? now : parseInstant(query.to, 'to');
  return parseRange(query.from ?? to - DEFAULT_RANGE_MS, to);
}

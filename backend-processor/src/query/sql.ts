/**
 * Building parameterized SQL for queries: values always travel as parameters, identifiers only
 * from the fixed vocabulary (dimensions) or as validated tag keys.
 */
import { DIMENSIONS, type Filter } from '@llm-hub/query-contract';
import { QueryError } from './errors';

/** Collects parameter values and hands out their placeholders ($1, $2, …). */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const TAG_KEY = /^tag\.([A-Za-z0-9_.-]{1,64})$/;

/**
 * The SQL expression for a dimension key: a column, or a tag looked up in the `tags` JSONB column.
 * In rollups a missing dimension is stored as '' and only tags in `rollupTags` exist; NULLIF turns
 * '' back into NULL so that both tables read the same.
 */
export function keyExpression(
  key: string,
  options: { table: 'rollup' | 'events'; rollupTags: readonly string[]; alias?: string },
): string {
  const prefix = options.alias ? `${options.alias}.` : '';
  if ((DIMENSIONS as readonly string[]).includes(key)) {
    return options.table === 'rollup' ? `NULLIF(${prefix}${key}, '')` : `${prefix}${key}`;
  }
  const tag = TAG_KEY.exec(key)?.[1];
  if (tag === undefined)
    throw new QueryError(`unknown dimension "${key}": use one of ${DIMENSIONS.join(', ')} or tag.<key>`);
  if (options.table === 'rollup' && !options.rollupTags.includes(tag)) {
    throw new QueryError(
      `tag "${tag}" is not a rollup dimension (HUB_ROLLUP_TAGS=${options.rollupTags.join(',') || '(none)'}): ` +
        'aggregates can filter and group only by declared tags; search events to filter by any tag',
    );
  }
  // The key is validated by TAG_KEY, so it can be quoted as a literal safely.
  return `${prefix}tags ->> '${tag}'`;
}

/**
 * WHERE conditions (joined with AND, 'TRUE' when none) for the filters, plus the tenant of a
 * tenant-bound key, which no filter can widen.
 */
export function filterConditions(
  filters: readonly Filter[],
  params: SqlParams,
  options: {
    table: 'rollup' | 'events';
    rollupTags: readonly string[];
    boundTenant: string | null;
    alias?: string;
  },
): string {
  const conditions: string[] = [];
  if (options.boundTenant !== null) {
    conditions.push(`${keyExpression('tenant', options)} = ${params.add(options.boundTenant)}`);
  }
  filters.forEach((filter, index) => {
    const column = keyExpression(filter.key, options);
    const where = `filters/${index}`;
    switch (filter.op) {
      case 'eq':
      case 'neq': {
        if (filter.value === undefined) throw new QueryError(`${where}: "${filter.op}" needs "value"`);
        const value = params.add(filter.value);
        conditions.push(filter.op === 'eq' ? `${column} = ${value}` : `${column} IS DISTINCT FROM ${value}`);
        break;
      }
      case 'in':
        if (!filter.values || filter.values.length === 0)
          throw new QueryError(`${where}: "in" needs a non-empty "values"`);
        conditions.push(`${column} = ANY(${params.add(filter.values)}::text[])`);
        break;
      case 'regex':
        if (filter.value === undefined) throw new QueryError(`${where}: "regex" needs "value"`);
        checkRegex(filter.value, where);
        conditions.push(`${column} ~ ${params.add(filter.value)}`);
        break;
    }
  });
  return conditions.length > 0 ? conditions.join(' AND ') : 'TRUE';
}

/** Refuses patterns that are not regular expressions at all, before PostgreSQL would. */
function checkRegex(pattern: string, where: string): void {
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new QueryError(`${where}: invalid regular expression: ${(error as Error).message}`);
  }
}

const MAX_TIME_MS = 8.64e15;
const RELATIVE = /^now(?:-(\d+)(s|m|h|d|w))?$/;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Milliseconds since the epoch from an RFC 3339 string, a number (what Grafana sends), or a
 * Grafana-style relative time: `now`, `now-15m`, `now-6h`, `now-7d`.
 */
export function parseInstant(value: string | number, where: string, now = Date.now()): number {
  const relative = typeof value === 'string' ? RELATIVE.exec(value) : null;
  if (relative) return relative[1] === undefined ? now : now - Number(relative[1]) * UNIT_MS[relative[2]!]!;
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new QueryError(
      `${where}: "${value}" is not an RFC 3339 time, epoch milliseconds or now[-<n><s|m|h|d|w>]`,
    );
  }
  // JavaScript dates (and so every answer's times) end 8.64e15 ms either side of 1970.
  if (Math.abs(ms) > MAX_TIME_MS) {
    throw new QueryError(
      `${where}: ${value} is outside the representable times (±${MAX_TIME_MS} ms from 1970)`,
    );
  }
  return ms;
}

/** The time range of a query, checked: from before to. */
export function parseRange(from: string | number, to: string | number): { from: number; to: number } {
  const range = { from: parseInstant(from, 'from'), to: parseInstant(to, 'to') };
  if (range.from >= range.to)
    throw new QueryError(`from (${new Date(range.from).toISOString()}) must be before to`);
  return range;
}

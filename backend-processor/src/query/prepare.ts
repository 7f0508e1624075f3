/**
 * What time series and tables check and derive alike before reading: the metric/measure pair,
 * the range, the group-by and filter keys; and the notes on tiers read past their retention.
 */
import type { Filter, Measure, Metric } from '@llm-hub/query-contract';
import { TIERS } from '../rollups/measures';
import { tablesFor, type RollupTable } from '../rollups/tables';
import { checkMeasure, sourceOf } from './measures';
import { checkKeys, type AggregateRequest } from './rollupRead';
import { parseRange } from './sql';
import type { TierPlan } from './tierPlan';

/** Who asks and against what: the caller's tenant binding and the declared rollup tags. */
export interface QueryContext {
  rollupTags: readonly string[];
  /** The tenant of a tenant-bound key; null for a key that sees every tenant. */
  boundTenant: string | null;
  /** For tests; the current time otherwise. */
  now?: number;
}

export interface PreparedQuery {
  range: { from: number; to: number };
  groupBy: string[];
  /** The rollup tables that hold every key the query groups and filters by, coarsest first. */
  tables: RollupTable[];
  /** What every read of the rollups for this query asks, but the plan and the buckets. */
  aggregate: Omit<AggregateRequest, 'plan' | 'bucketStarts'>;
}

export function prepareQuery(
  query: {
    metric: Metric;
    measure: Measure;
    from: string | number;
    to: string | number;
    groupBy?: string[];
    filters?: Filter[];
  },
  context: QueryContext,
): PreparedQuery {
  checkMeasure(query.metric, query.measure);
  const range = parseRange(query.from, query.to);
  // Grouping twice by one key adds nothing; keep the first.
  const groupBy = [...new Set(query.groupBy ?? [])];
  const filters = query.filters ?? [];
  checkKeys(groupBy, filters, context.rollupTags);
  const keys = [...groupBy, ...filters.map((filter) => filter.key)];
  if (context.boundTenant !== null) keys.push('tenant');
  return {
    range,
    groupBy,
    tables: tablesFor(keys),
    aggregate: {
      source: sourceOf(query.metric),
      measure: query.measure,
      filters,
      groupBy,
      boundTenant: context.boundTenant,
      rollupTags: context.rollupTags,
    },
  };
}

/** Says which part of the answer may be missing because a tier read there is past its retention. */
export function retentionNote(plan: TierPlan): string | undefined {
  if (plan.beyondRetention.length === 0) return undefined;
  return plan.beyondRetention
    .map(
      ({ tier, horizon }) =>
        `retention: the ${tier} rollups are kept ${TIERS[tier].retentionDays} days, so data before ` +
        `${new Date(horizon).toISOString()} read from them may be partial or gone` +
        (tier === '1d' ? '' : ' (wider windows, whole hours or UTC days, read the longer-kept tiers)'),
    )
    .join('; ');
}

export function joinNotes(...notes: Array<string | undefined>): string | undefined {
  const present = notes.filter((note): note is string => note !== undefined);
  return present.length > 0 ? present.join('; ') : undefined;
}

/** The `truncated` field of an answer: present only when some bound or retention cut the result. */
export function truncationOf(...notes: Array<string | undefined>): { truncated?: string } {
  const note = joinNotes(...notes);
  return note === undefined ? {} : { truncated: note };
}

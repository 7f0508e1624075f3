/**
 * A table: the measure over the whole range per group, largest first. The range is read in whole
 * minutes ([from rounded down, to rounded up)), and where it starts before the 1-minute tier's
 * retention in whole hours, or days before the hourly tier's: the finest grain still kept.
 */
import { unitOf, type TableQuery, type TableResult } from '@llm-hub/query-contract';
import { TIERS } from '../rollups/measures';
import { mergePendingDeltas } from '../rollups/pendingDeltas';
import type { Database } from '../storage/database';
import { prepareQuery, retentionNote, truncationOf, type QueryContext } from './prepare';
import { rankGroups } from './ranking';
import { readAggregates } from './rollupRead';
import { planTiers } from './tierPlan';

export const DEFAULT_TABLE_TOP_N = 100;
const DAY_MS = 86_400_000;

/** [start, end) in whole units of the finest tier still kept at `from`. */
export function tableSpan(range: { from: number; to: number }, now: number): { start: number; end: number } {
  const unit =
    range.from >= now - TIERS['1m'].retentionDays * DAY_MS
      ? TIERS['1m'].widthMs
      : range.from >= now - TIERS['1h'].retentionDays * DAY_MS
        ? TIERS['1h'].widthMs
        : TIERS['1d'].widthMs;
  return { start: Math.floor(range.from / unit) * unit, end: Math.ceil(range.to / unit) * unit };
}

export async function queryTable(
  db: Database,
  query: TableQuery,
  context: QueryContext,
): Promise<TableResult> {
  const { range, groupBy, tables, aggregate } = prepareQuery(query, context);
  await mergePendingDeltas(db);
  const now = context.now ?? Date.now();
  const span = tableSpan(range, now);
  const plan = planTiers([span.start, span.end], now, tables);
  const rows = await readAggregates(db, { ...aggregate, plan });
  const { groups, truncated } = rankGroups(rows, {
    groupBy,
    measure: query.measure,
    seconds: (span.end - span.start) / 1000,
    topN: query.topN ?? DEFAULT_TABLE_TOP_N,
    buckets: 1,
  });
  return {
    metric: query.metric,
    measure: query.measure,
    unit: unitOf(query.metric, query.measure),
    rows: groups.map((group) => ({ labels: group.labels, value: group.value })),
    ...truncationOf(truncated, retentionNote(plan)),
  };
}

/**
 * Which rollup table serves which stretch of a query's buckets.
 *
 * Each output bucket [start, end) is cut into the coarsest rollup buckets that fit inside it, from
 * the tables the query may read (rollups/tables.ts): the 1-day tier where whole UTC days fit,
 * 1-hour for whole hours, 5-minute (views) for whole 5 minutes, 1-minute for the rest. A 1-day
 * window in UTC reads only the 1-day tier; in New York (whole-hour offset) the 1-hour tier; in
 * Kathmandu (+05:45) mostly 1-hour with 1-minute edges; a table over an arbitrary range reads the
 * days in its middle from the 1-day tier and only its ragged edges from finer ones. Fewer rows
 * read, same answer: every statistic of the rollups merges exactly.
 */
import { TIERS, type RollupTier } from '../rollups/measures';
import { FULL_TUPLE_TABLES, widthOf, type RollupTable } from '../rollups/tables';

const DAY_MS = 86_400_000;

export interface TierRanges {
  table: RollupTable;
  /** Disjoint, sorted intervals [starts[i], ends[i]) of rollup bucket starts to read. */
  starts: number[];
  ends: number[];
}

export interface TierPlan {
  ranges: TierRanges[];
  /** Tiers read before their retention horizon: buckets there may be partial or empty. */
  beyondRetention: Array<{ tier: RollupTier; horizon: number }>;
}

const isAligned = (instant: number, width: number) => ((instant % width) + width) % width === 0;

/**
 * The tables and intervals covering the buckets between consecutive `boundaries` (whole minutes),
 * read from `tables` (coarsest first, the finest 1 minute wide).
 */
export function planTiers(
  boundaries: readonly number[],
  now: number,
  tables: readonly RollupTable[] = FULL_TUPLE_TABLES,
): TierPlan {
  const byTable = new Map<RollupTable, TierRanges>(
    tables.map((table) => [table, { table, starts: [], ends: [] }]),
  );
  const add = (table: RollupTable, start: number, end: number) => {
    const ranges = byTable.get(table)!;
    const last = ranges.ends.length - 1;
    if (last >= 0 && ranges.ends[last] === start) ranges.ends[last] = end;
    else {
      ranges.starts.push(start);
      ranges.ends.push(end);
    }
  };
  for (let b = 0; b + 1 < boundaries.length; b++) {
    const end = boundaries[b + 1]!;
    let t = boundaries[b]!;
    while (t < end) {
      const index = tables.findIndex((table) => {
        const width = widthOf(table);
        return isAligned(t, width) && t + width <= end;
      });
      if (index < 0) throw new Error(`bucket boundary ${t} is not on a whole minute`);
      const table = tables[index]!;
      const width = widthOf(table);
      // As far as this table reaches, but no further than where a coarser one can take over.
      let stop = t + Math.floor((end - t) / width) * width;
      for (const coarser of tables.slice(0, index)) {
        const coarseWidth = widthOf(coarser);
        const takeover = Math.ceil(t / coarseWidth) * coarseWidth;
        if (takeover + coarseWidth <= end && takeover < stop) stop = takeover;
      }
      add(table, t, stop);
      t = stop;
    }
  }
  const ranges = [...byTable.values()].filter((range) => range.starts.length > 0);
  const beyondRetention = ranges
    .map(({ table: { tier }, starts }) => ({
      tier,
      horizon: now - TIERS[tier].retentionDays * DAY_MS,
      start: starts[0]!,
    }))
    .filter(({ start, horizon }) => start < horizon)
    .map(({ tier, horizon }) => ({ tier, horizon }));
  return { ranges, beyondRetention };
}

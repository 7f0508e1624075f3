/**
 * Which rollup tier serves which stretch of a query's buckets.
 *
 * Each output bucket [start, end) is cut into the coarsest rollup buckets that fit inside it: the
 * 1-day tier where whole UTC days fit, 1-hour for whole hours, 1-minute for the rest. A 1-day
 * window in UTC reads only the 1-day tier; in New York (whole-hour offset) the 1-hour tier; in
 * Kathmandu (+05:45) mostly 1-hour with 1-minute edges; a table over an arbitrary range reads the
 * days in its middle from the 1-day tier and only its ragged edges from finer ones. Fewer rows
 * read, same answer: every statistic of the rollups merges exactly.
 */
import { TIERS, type RollupTier } from '../rollups/measures';

const DAY_MS = 86_400_000;
const COARSEST_FIRST: readonly RollupTier[] = ['1d', '1h', '1m'];

export interface TierRanges {
  tier: RollupTier;
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

/** The tiers and intervals covering the buckets between consecutive `boundaries` (whole minutes). */
export function planTiers(boundaries: readonly number[], now: number): TierPlan {
  const byTier = new Map<RollupTier, TierRanges>(
    COARSEST_FIRST.map((tier) => [tier, { tier, starts: [], ends: [] }]),
  );
  const add = (tier: RollupTier, start: number, end: number) => {
    const ranges = byTier.get(tier)!;
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
      const index = COARSEST_FIRST.findIndex((tier) => {
        const width = TIERS[tier].widthMs;
        return isAligned(t, width) && t + width <= end;
      });
      if (index < 0) throw new Error(`bucket boundary ${t} is not on a whole minute`);
      const tier = COARSEST_FIRST[index]!;
      const width = TIERS[tier].widthMs;
      // As far as this tier reaches, but no further than where a coarser one can take over.
      let stop = t + Math.floor((end - t) / width) * width;
      for (const coarser of COARSEST_FIRST.slice(0, index)) {
        const coarseWidth = TIERS[coarser].widthMs;
        const takeover = Math.ceil(t / coarseWidth) * coarseWidth;
        if (takeover + coarseWidth <= end && takeover < stop) stop = takeover;
      }
      add(tier, t, stop);
      t = stop;
    }
  }
  const ranges = [...byTier.values()].filter((range) => range.starts.length > 0);
  const beyondRetention = ranges
    .map(({ tier, starts }) => ({
      tier,
      horizon: now - TIERS[tier].retentionDays * DAY_MS,
      start: starts[0]!,
    }))
    .filter(({ start, horizon }) => start < horizon)
    .map(({ tier, horizon }) => ({ tier, horizon }));
  return { ranges, beyondRetention };
}

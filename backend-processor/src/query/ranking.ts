/**
 * Groups of aggregate rows, ranked by the measure over the whole range and cut to the top N: the
 * bound that keeps a group-by over a high-cardinality key (routes, tags) answerable. A time series
 * with no more groups than N is not cut, so it is not ranked either (for a percentile, ranking
 * merges every bucket's sketch once more): its groups come in label order.
 */
import type { Measure } from '@llm-hub/query-contract';
import { addStats, emptyStats, evaluate, type Stats } from './measures';
import type { AggregateRow } from './rollupRead';

export interface Group {
  labels: Record<string, string | null>;
  /** Per output bucket; undefined where the group had no rows. */
  buckets: Array<Stats | undefined>;
  /** The measure over the whole range. */
  value: number | null;
}

/** Collects rows by group, ranks groups by `measure` over `seconds` (largest first), keeps `topN`. */
export function rankGroups(
  rows: readonly AggregateRow[],
  options: { groupBy: readonly string[]; measure: Measure; seconds: number; topN: number; buckets: number },
): { groups: Group[]; truncated?: string } {
  const byKey = new Map<string, { labels: Array<string | null>; buckets: Array<Stats | undefined> }>();
  for (const row of rows) {
    const key = JSON.stringify(row.labels);
    let group = byKey.get(key);
    if (!group) {
      group = { labels: row.labels, buckets: new Array<Stats | undefined>(options.buckets) };
      byKey.set(key, group);
    }
    group.buckets[row.bucket] = row.stats;
  }
  const ranking = byKey.size > options.topN || options.buckets === 1;
  const ranked = [...byKey.entries()].map(([key, group]) => {
    let value: number | null = null;
    if (ranking) {
      const total = emptyStats();
      for (const stats of group.buckets) if (stats) addStats(total, stats);
      value = evaluate(options.measure, total, options.seconds);
    }
    return {
      key,
      labels: Object.fromEntries(options.groupBy.map((name, i) => [name, group.labels[i] ?? null])),
      buckets: group.buckets,
      value,
    };
  });
  // Largest first, groups without a value last, then by labels so that equal values keep one order.
  ranked.sort((a, b) => {
    if (a.value !== b.value) {
      if (a.value === null) return 1;
      if (b.value === null) return -1;
      return b.value - a.value;
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  const groups = ranked
    .slice(0, options.topN)
    .map(({ labels, buckets, value }) => ({ labels, buckets, value }));
  if (ranked.length <= options.topN) return { groups };
  return {
    groups,
    truncated:
      `topN: kept the ${options.topN} of ${ranked.length} groups with the largest ${options.measure} ` +
      'over the range; raise topN or narrow the filters to see more',
  };
}

/**
 * The rollup tables and which of them a query reads.
 *
 * Every event is counted in the tiers of the full dimension tuple (1m, 1h, 1d) and in the tiers
 * (5m, 1h, 1d) of each view: the same statistics over a subset of the dimensions, the others
 * stored as ''. A query whose group-by and filters use only a view's dimensions reads the view,
 * which holds far fewer rows: a week of p95 by model at 5-minute windows merges about 12 thousand
 * view rows instead of a million full-tuple ones. The views are the slices dashboards ask for most;
 * anything else (other dimensions, rollup tags) reads the full tuple.
 */
import { TIERS, type RollupDimension, type RollupTier } from './measures';

export interface RollupView {
  name: string;
  dimensions: readonly RollupDimension[];
}

export interface RollupTable {
  /** The SQL table name. */
  name: string;
  tier: RollupTier;
  /** null for the full dimension tuple (and the rollup tags). */
  view: RollupView | null;
}

export const ROLLUP_VIEWS: readonly RollupView[] = [
  { name: 'model', dimensions: ['model', 'provider'] },
  { name: 'tenant_model', dimensions: ['tenant', 'environment', 'model', 'provider'] },
  { name: 'tenant_route', dimensions: ['tenant', 'environment', 'route'] },
];

const fullTable = (tier: RollupTier): RollupTable => ({ name: `rollup_${tier}`, tier, view: null });
const viewTable = (view: RollupView, tier: RollupTier): RollupTable => ({
  name: `rollup_${view.name}_${tier}`,
  tier,
  view,
});

/** The full tuple's tiers, coarsest first. */
export const FULL_TUPLE_TABLES: readonly RollupTable[] = (['1d', '1h', '1m'] as const).map(fullTable);

/** A view's tiers, coarsest first. */
export function viewTables(view: RollupView): RollupTable[] {
  return (['1d', '1h', '5m'] as const).map((tier) => viewTable(view, tier));
}

/** Every rollup table, in the order the write path locks them (see rollupStore.ts). */
export const ROLLUP_TABLES: readonly RollupTable[] = [
  ...ROLLUP_VIEWS.flatMap(viewTables),
  ...FULL_TUPLE_TABLES,
];

/**
 * The tables a query over `keys` (its group-by and filter keys, and 'tenant' for a tenant-bound
 * key) reads, coarsest first: the smallest view holding every key, then the full tuple's 1-minute
 * tier for buckets not on whole 5 minutes; or the full tuple's tiers when no view holds the keys.
 */
export function tablesFor(keys: Iterable<string>): RollupTable[] {
  const wanted = [...new Set(keys)];
  const view = ROLLUP_VIEWS.filter((candidate) =>
    wanted.every((key) => (candidate.dimensions as readonly string[]).includes(key)),
  ).sort((a, b) => a.dimensions.length - b.dimensions.length)[0];
  if (!view) return [...FULL_TUPLE_TABLES];
  return [...viewTables(view), fullTable('1m')];
}

export const widthOf = (table: RollupTable) => TIERS[table.tier].widthMs;

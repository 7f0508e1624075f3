/**
 * The contribution of a batch of newly stored events to the rollups: one partial row per tier
 * bucket and dimension tuple, with the same statistics a stored row holds, so that adding it to a
 * stored row (sums, min/max, sketch merge) gives the aggregate of both event sets.
 */
import type { DDSketch } from '@datadog/sketches-js';
import type { HubEvent } from '../events/model';
import { COUNT_FIELDS, ROLLUP_DIMENSIONS, TIERS, VALUE_FIELDS, type RollupTier } from './measures';
import { newSketch } from './sketch';
import type { RollupView } from './tables';

export interface ValueStats {
  count: number;
  sum: number;
  min: number;
  max: number;
  sumsq: number;
  sketch: DDSketch;
}

export interface PartialRow {
  /** Bucket start, ms since the epoch. */
  bucket: number;
  /** The eight dimensions, in ROLLUP_DIMENSIONS order ('' where the event had none). */
  dimensions: string[];
  /** Canonical JSON of the rollup tags, e.g. {"region":"eu"}. */
  tags: string;
  /** COUNT_FIELDS order. */
  counts: number[];
  /** VALUE_FIELDS order; null where no event of the row had the value. */
  values: Array<ValueStats | null>;
}

/** How each rollup dimension is read from an event. */
const DIMENSION_OF: Record<(typeof ROLLUP_DIMENSIONS)[number], (event: HubEvent) => string | null> = {
  tenant: (event) => event.tenant,
  model: (event) => event.model,
  provider: (event) => event.provider,
  route: (event) => event.route,
  environment: (event) => event.environment,
  source_module: (event) => event.sourceModule,
  event_type: (event) => event.eventType,
  severity: (event) => event.severity,
};
const DIMENSION_READERS = ROLLUP_DIMENSIONS.map((dimension) => DIMENSION_OF[dimension]);

/** The declared rollup tags of an event, keys sorted so equal sets give equal text. */
function rollupTagsOf(event: HubEvent, rollupTags: readonly string[]): string {
  if (rollupTags.length === 0) return '{}';
  const picked: Record<string, string> = {};
  for (const key of rollupTags) {
    const value = event.tags[key];
    if (value !== undefined) picked[key] = value;
  }
  return JSON.stringify(picked);
}

/**
 * A row's identity as text, the same for equal tuples only: the parts joined by NUL, which no part
 * holds but in hostile input (then the JSON text of the parts, slower but as unambiguous).
 */
function rowKey(bucket: number, dimensions: readonly string[], tags: string): string {
  const joined = `${bucket}\u0000${dimensions.join('\u0000')}\u0000${tags}`;
  return unambiguous(joined) ? joined : JSON.stringify([bucket, dimensions, tags]);
}

/** `rowKey` of an event's row, read straight from the event: most events join a row that exists. */
function eventRowKey(bucket: number, event: HubEvent, tags: string): string {
  let joined = String(bucket);
  for (const read of DIMENSION_READERS) joined += `\u0000${read(event) ?? ''}`;
  joined += `\u0000${tags}`;
  return unambiguous(joined) ? joined : JSON.stringify([bucket, dimensionsOf(event), tags]);
}

/** True when the only NULs in a joined key are its separators. */
function unambiguous(joined: string): boolean {
  let separators = 0;
  for (let at = joined.indexOf('\u0000'); at >= 0; at = joined.indexOf('\u0000', at + 1)) separators++;
  return separators === ROLLUP_DIMENSIONS.length + 1;
}

function dimensionsOf(event: HubEvent): string[] {
  return DIMENSION_READERS.map((read) => read(event) ?? '');
}

/** Groups `events` into partial rows of `tier`, sorted by key (the order rows are locked in). */
export function partialRows(
  events: readonly HubEvent[],
  tier: RollupTier,
  rollupTags: readonly string[],
): PartialRow[] {
  const width = TIERS[tier].widthMs;
  const sortedTags = [...rollupTags].sort();
  const rows = new Map<string, PartialRow>();
  for (const event of events) {
    const bucket = Math.floor(event.time / width) * width;
    const tags = rollupTagsOf(event, sortedTags);
    const key = eventRowKey(bucket, event, tags);
    let row = rows.get(key);
    if (!row) {
      row = {
        bucket,
        dimensions: dimensionsOf(event),
        tags,
        counts: COUNT_FIELDS.map(() => 0),
        values: VALUE_FIELDS.map(() => null),
      };
      rows.set(key, row);
    }
    for (let i = 0; i < COUNT_FIELDS.length; i++) if (COUNT_FIELDS[i]![1](event)) row.counts[i]!++;
    for (let i = 0; i < VALUE_FIELDS.length; i++) {
      const value = VALUE_FIELDS[i]![1](event);
      if (value === null || !Number.isFinite(value)) continue;
      const stats = (row.values[i] ??= {
        count: 0,
        sum: 0,
        min: value,
        max: value,
        sumsq: 0,
        sketch: newSketch(),
      });
      stats.count++;
      stats.sum += value;
      stats.sumsq += value * value;
      if (value < stats.min) stats.min = value;
      if (value > stats.max) stats.max = value;
      stats.sketch.accept(value);
    }
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/**
 * The partial rows of a coarser tier, merged from finer ones (sketch merges per row instead of one
 * insertion per event and tier); for a view, over its dimensions only (the others '', no tags).
 * Sorted by key like `partialRows`.
 */
export function coarsen(
  rows: readonly PartialRow[],
  tier: RollupTier,
  view: RollupView | null,
): PartialRow[] {
  const width = TIERS[tier].widthMs;
  const kept = ROLLUP_DIMENSIONS.map((dimension) => !view || view.dimensions.includes(dimension));
  const merged = new Map<string, PartialRow>();
  for (const row of rows) {
    const bucket = Math.floor(row.bucket / width) * width;
    const dimensions = view ? row.dimensions.map((value, d) => (kept[d] ? value : '')) : row.dimensions;
    const tags = view ? '{}' : row.tags;
    const key = rowKey(bucket, dimensions, tags);
    const into = merged.get(key);
    if (!into) {
      merged.set(key, {
        bucket,
        dimensions,
        tags,
        counts: [...row.counts],
        values: row.values.map(copyStats),
      });
      continue;
    }
    row.counts.forEach((count, i) => (into.counts[i]! += count));
    row.values.forEach((stats, i) => {
      if (!stats) return;
      const target = into.values[i];
      if (!target) {
        into.values[i] = copyStats(stats);
        return;
      }
      target.count += stats.count;
      target.sum += stats.sum;
      target.sumsq += stats.sumsq;
      target.min = Math.min(target.min, stats.min);
      target.max = Math.max(target.max, stats.max);
      target.sketch.merge(stats.sketch);
    });
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** A copy whose sketch can be merged into without touching the original's. */
function copyStats(stats: ValueStats | null): ValueStats | null {
  if (!stats) return null;
  const sketch = newSketch();
  sketch.merge(stats.sketch);
  return { ...stats, sketch };
}

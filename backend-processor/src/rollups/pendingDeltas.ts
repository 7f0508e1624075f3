/**
 * Rollup deltas: an ingest transaction records its new events' contribution to the rollups as one
 * row of `rollup_deltas` (their 1-minute partial rows of the full tuple), and a merge folds the
 * recorded rows into the twelve rollup tables, many transactions' worth at once, deleting them in
 * the transaction that adds them. A delta is pending or merged, never both and never lost, whatever
 * crashes in between: every stored event is counted exactly once.
 *
 * Why not maintain the rollups in the ingest transaction: that took 36 statements and the rows'
 * locks per transaction, and ingest serialized on them (BENCHMARKS.md). A merge pays that once for
 * all the transactions since the last one, on its own connection.
 *
 * Every read of the rollups first merges what is pending (`mergePendingDeltas`), so an answer
 * includes every event whose ingest was acknowledged before the read began. A background loop
 * (`startDeltaMerging`) keeps the backlog small, so reads seldom wait.
 */
import type { HubEvent } from '../events/model';
import type { Database, Queryable } from '../storage/database';
import { coarsen, partialRows, type PartialRow, type ValueStats } from './partials';
import { writeRollups } from './rollupStore';
import { decodeSketch, encodeSketch } from './sketch';

/** Deltas merged per transaction: bounds a merge's memory after a long backlog (an outage). */
const DELTAS_PER_MERGE = 200;

type EncodedStats = [count: number, sum: number, min: number, max: number, sumsq: number, sketch: string];
type EncodedRow = [
  bucket: number,
  dimensions: string[],
  tags: string,
  counts: number[],
  values: Array<EncodedStats | null>,
];

export function encodePartials(rows: readonly PartialRow[]): string {
  const encoded = rows.map((row): EncodedRow => [
    row.bucket,
    row.dimensions,
    row.tags,
    row.counts,
    row.values.map((stats) =>
      stats
        ? [
            stats.count,
            stats.sum,
            stats.min,
            stats.max,
            stats.sumsq,
            encodeSketch(stats.sketch).toString('base64'),
          ]
        : null,
    ),
  ]);
  return JSON.stringify(encoded);
}

export function decodePartials(text: string): PartialRow[] {
  return (JSON.parse(text) as EncodedRow[]).map(([bucket, dimensions, tags, counts, values]) => ({
    bucket,
    dimensions,
    tags,
    counts,
    values: values.map((stats): ValueStats | null =>
      stats
        ? {
            count: stats[0],
            sum: stats[1],
            min: stats[2],
            max: stats[3],
            sumsq: stats[4],
            sketch: decodeSketch(Buffer.from(stats[5], 'base64')),
          }
        : null,
    ),
  }));
}

/** A rollup delta: how many new events, and their 1-minute partial rows encoded by `encodePartials`. */
export interface RollupDelta {
  events: number;
  partials: string;
}

/** The delta of `events` (each stored for the first time). */
export function deltaOf(events: readonly HubEvent[], rollupTags: readonly string[]): RollupDelta {
  return { events: events.length, partials: encodePartials(partialRows(events, '1m', rollupTags)) };
}

/** Records deltas in the transaction that stored their events. */
export async function recordDeltas(tx: Queryable, deltas: readonly RollupDelta[]): Promise<void> {
  const kept = deltas.filter((delta) => delta.events > 0);
  if (kept.length === 0) return;
  await tx.query('INSERT INTO rollup_deltas (events, partials) SELECT * FROM unnest($1::int[], $2::text[])', [
    kept.map((delta) => delta.events),
    kept.map((delta) => delta.partials),
  ]);
}

/**
 * Merges pending deltas into the rollups within `tx`, up to `limit` of them, oldest first; returns
 * how many. Concurrent mergers (other processors) wait for each other's deltas: a delta another
 * merge holds is merged once that commits, and skipped here.
 */
export async function mergeDeltasIn(tx: Queryable, limit = DELTAS_PER_MERGE): Promise<number> {
  const taken = await tx.query<{ partials: string }>(
    `DELETE FROM rollup_deltas WHERE id IN (SELECT id FROM rollup_deltas ORDER BY id LIMIT $1 FOR UPDATE)
     RETURNING partials`,
    [limit],
  );
  if (taken.rows.length === 0) return 0;
  // Rows of the same minute and tuple from different deltas become one (coarsening to the same tier).
  const minutes = coarsen(
    taken.rows.flatMap((row) => decodePartials(row.partials)),
    '1m',
    null,
  );
  await writeRollups(tx, minutes);
  return taken.rows.length;
}

interface MergeState {
  running: Promise<number> | null;
  /** The merge that starts after the running one: what callers arriving meanwhile wait for. */
  next: Promise<number> | null;
}

const states = new WeakMap<Database, MergeState>();

/**
 * Merges every delta committed before the call; resolves with how many were merged. Calls on the
 * same database share merges: one runs at a time, and a caller arriving while one runs waits for
 * the next (the running one may have looked before the caller's deltas were committed).
 */
export function mergePendingDeltas(db: Database): Promise<number> {
  let state = states.get(db);
  if (!state) states.set(db, (state = { running: null, next: null }));
  const current = state;
  if (!current.running) {
    current.running = mergeAll(db).finally(() => (current.running = null));
    return current.running;
  }
  current.next ??= current.running
    .catch(() => 0)
    .then(() => {
      current.next = null;
      return mergePendingDeltas(db);
    });
  return current.next;
}

async function mergeAll(db: Database): Promise<number> {
  let merged = 0;
  for (;;) {
    const count = await db.transaction((tx) => mergeDeltasIn(tx));
    merged += count;
    if (count < DELTAS_PER_MERGE) return merged;
  }
}

export interface DeltaMerging {
  /** Stops the loop after a last merge of what is pending. */
  stop(): Promise<void>;
}

export interface DeltaMergingOptions {
  intervalMs: number;
  onError: (error: unknown) => void;
  /** Wraps each merge, e.g. to time it. */
  around?: (merge: () => Promise<number>) => Promise<number>;
}

/** Merges pending deltas every `intervalMs` in the background; a failed merge is reported and retried. */
export function startDeltaMerging(db: Database, options: DeltaMergingOptions): DeltaMerging {
  const around = options.around ?? ((merge) => merge());
  const mergeOnce = () =>
    around(() => mergePendingDeltas(db)).then(
      () => undefined,
      (error: unknown) => options.onError(error),
    );
  // The round in progress: rounds never overlap, and stop() waits for it.
  let round: Promise<void> | null = null;
  const timer = setInterval(() => {
    round ??= mergeOnce().finally(() => (round = null));
  }, options.intervalMs);
  timer.unref();
  let stopped = false;
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await round;
      await mergeOnce();
    },
  };
}

/**
 * What a fault cost, checked on the database after it: every acknowledged event stored exactly
 * once, and the rollups equal to what a clean run computes from the stored events. Each fault test
 * records its row for RELIABILITY.md (artifacts/reliability/faults.jsonl).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { mergePendingDeltas } from '../../src/rollups/pendingDeltas';
import { openDatabase } from '../../src/storage/database';

export interface FaultOutcome {
  fault: string;
  /** What the clients saw while it happened. */
  clientSaw: string;
  acknowledged: number;
  stored: number;
  /** Acknowledged events not stored. */
  lost: number;
  /** Events stored, or counted in the rollups, more than once. */
  doubleCounted: number;
}

/** Counts lost and double-counted events among `acknowledgedIds` (event ids of the run). */
export async function outcomeOf(
  db: pg.Pool,
  fault: string,
  clientSaw: string,
  acknowledgedIds: ReadonlySet<string>,
): Promise<FaultOutcome> {
  await mergeLeftDeltas(db);
  const stored = await db.query<{ event_id: string; copies: number }>(
    'SELECT event_id, count(*)::int AS copies FROM events GROUP BY event_id',
  );
  const copies = new Map(stored.rows.map((row) => [row.event_id, row.copies]));
  const lost = [...acknowledgedIds].filter((id) => !copies.has(id)).length;
  const storedTwice = stored.rows.filter((row) => row.copies > 1).length;
  // The rollups against a clean computation from the stored events: counts and sums per minute.
  const drift = await db.query<{ events: string; latency: string }>(
    `SELECT coalesce(sum(abs(r.events - e.events)), 0) AS events,
            coalesce(sum(abs(r.latency - e.latency)), 0) AS latency
     FROM (SELECT bucket, sum(events) AS events, sum(latency_ms_sum) AS latency FROM rollup_1m GROUP BY bucket) r
     FULL JOIN (SELECT date_trunc('minute', time) AS bucket, count(*) AS events, sum(latency_ms) AS latency
                FROM events GROUP BY 1) e USING (bucket)`,
  );
  const rollupDrift = Number(drift.rows[0]!.events);
  if (Number(drift.rows[0]!.latency) > 1e-6 * acknowledgedIds.size) {
    throw new Error(`rollup latency sums differ from the events by ${drift.rows[0]!.latency}`);
  }
  const outcome = {
    fault,
    clientSaw,
    acknowledged: acknowledgedIds.size,
    stored: copies.size,
    lost,
    doubleCounted: storedTwice + rollupDrift,
  };
  record(outcome);
  return outcome;
}

/**
 * Merges the rollup deltas a killed processor left pending, as the next processor on the database
 * would: the rollups are compared once everything stored has been merged.
 */
async function mergeLeftDeltas(pool: pg.Pool): Promise<void> {
  const db = await openDatabase({ url: pool.options.connectionString!, dataDir: '', timescaledb: 'off' });
  try {
    await mergePendingDeltas(db);
  } finally {
    await db.close();
  }
}

function record(outcome: FaultOutcome): void {
  const dir = path.resolve(__dirname, '../../../artifacts/reliability');
  mkdirSync(dir, { recursive: true });
  appendFileSync(
    path.join(dir, 'faults.jsonl'),
    `${JSON.stringify({ ...outcome, at: new Date().toISOString() })}\n`,
  );
  console.log(
    `${outcome.fault}: ${outcome.acknowledged} acknowledged, ${outcome.stored} stored, ${outcome.lost} lost, ` +
      `${outcome.doubleCounted} double-counted; clients saw ${outcome.clientSaw}`,
  );
}

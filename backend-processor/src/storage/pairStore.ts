/**
 * The flat request/response pair, joined by request_id in the database so that a half accepted
 * before a crash is still there to meet its other half after it. Joined rows stay until expiry,
 * which makes a re-sent half a recognisable duplicate; unjoined rows past the TTL are expired.
 */
import type { HubEvent, PairHalf, RequestHalf, ResponseHalf } from '../events/model';
import type { Queryable } from './database';

export interface PairWriteResult {
  /** Events made by halves that found their other half in this write. */
  joined: HubEvent[];
  /** Halves that were already known (re-sent), so they changed nothing. */
  duplicates: number;
}

interface PendingRow {
  request_id: string;
  request: RequestHalf | null;
  response: ResponseHalf | null;
  joined: boolean;
}

export type JoinPair = (request: RequestHalf, response: ResponseHalf) => HubEvent;

export async function upsertHalves(
  tx: Queryable,
  halves: readonly PairHalf[],
  joinPair: JoinPair,
): Promise<PairWriteResult> {
  if (halves.length === 0) return { joined: [], duplicates: 0 };
  // One row per request_id per statement: ON CONFLICT DO UPDATE may not touch a row twice.
  const byId = new Map<string, { request: RequestHalf | null; response: ResponseHalf | null }>();
  let duplicates = 0;
  for (const half of halves) {
    const entry = byId.get(half.requestId) ?? { request: null, response: null };
    if (entry[half.half] !== null) duplicates++;
    else if (half.half === 'request') entry.request = half;
    else entry.response = half;
    byId.set(half.requestId, entry);
  }
  const ids = [...byId.keys()];
  const entries = [...byId.values()];
  const upserted = await tx.query<PendingRow>(
    `INSERT INTO pending_pairs AS p (request_id, request, response)
       SELECT * FROM unnest($1::text[], $2::jsonb[], $3::jsonb[])
     ON CONFLICT (request_id) DO UPDATE
       SET request = COALESCE(p.request, EXCLUDED.request), response = COALESCE(p.response, EXCLUDED.response)
     RETURNING request_id, request, response, joined`,
    [ids, entries.map((e) => toJson(e.request)), entries.map((e) => toJson(e.response))],
  );
  const joined: HubEvent[] = [];
  for (const row of upserted.rows) {
    if (row.joined) duplicates++;
    else if (row.request && row.response && sameTenant(row.request, row.response)) {
      joined.push(joinPair(row.request, row.response));
    }
  }
  if (joined.length > 0) {
    await tx.query('UPDATE pending_pairs SET joined = true WHERE request_id = ANY($1::text[])', [
      joined.map((event) => event.requestId),
    ]);
  }
  return { joined, duplicates };
}

/**
 * A response sent with a key bound to another tenant must not complete this tenant's request: the
 * halves stay apart and expire as unmatched (counted and kept), rather than mixing two tenants.
 */
function sameTenant(request: RequestHalf, response: ResponseHalf): boolean {
  return response.tenant === null || response.tenant === request.tenant;
}

function toJson(half: PairHalf | null): string | null {
  return half === null ? null : JSON.stringify(half);
}

/** Removes rows older than the TTL; returns the halves that never met their other half. */
export async function expirePairs(db: Queryable, ttlSeconds: number): Promise<PairHalf[]> {
  const expired = await db.query<PendingRow>(
    `DELETE FROM pending_pairs WHERE first_seen < now() - make_interval(secs => $1)
     RETURNING request_id, request, response, joined`,
    [ttlSeconds],
  );
  return expired.rows.filter((row) => !row.joined).map((row) => (row.request ?? row.response)!);
}

/**
 * Batched writes of normalized events with the dedup guard (the primary key on time and event id):
 * a batch goes in by COPY, and only when that meets an event already stored (a re-send, a Kafka
 * redelivery) by one `INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING`. Never row by row.
 */
import type { HubEvent } from '../events/model';
import { copyField } from './copyText';
import type { Queryable } from './database';

type Field = string | number | boolean | null;

/** Column name, SQL array type, and how to read it off an event: the single place they are listed. */
const COLUMNS: ReadonlyArray<readonly [string, string, (event: HubEvent) => Field]> = [
  ['time', 'timestamptz', (e) => new Date(e.time).toISOString()],
  ['event_id', 'text', (e) => e.eventId],
  ['tenant', 'text', (e) => e.tenant],
  ['source_module', 'text', (e) => e.sourceModule],
  ['event_type', 'text', (e) => e.eventType],
  ['kind', 'text', (e) => e.kind],
  ['severity', 'text', (e) => e.severity],
  ['environment', 'text', (e) => e.environment],
  ['schema_version', 'text', (e) => e.schemaVersion],
  ['model', 'text', (e) => e.model],
  ['provider', 'text', (e) => e.provider],
  ['route', 'text', (e) => e.route],
  ['correlation_id', 'text', (e) => e.correlationId],
  ['parent_event_id', 'text', (e) => e.parentEventId],
  ['request_id', 'text', (e) => e.requestId],
  ['latency_ms', 'float8', (e) => e.latencyMs],
  ['ttft_ms', 'float8', (e) => e.ttftMs],
  ['prompt_tokens', 'int8', (e) => e.promptTokens],
  ['completion_tokens', 'int8', (e) => e.completionTokens],
  ['total_tokens', 'int8', (e) => e.totalTokens],
  ['tokens_per_second', 'float8', (e) => e.tokensPerSecond],
  ['cost_usd', 'float8', (e) => e.costUsd],
  ['cost_estimated', 'bool', (e) => e.costEstimated],
  ['is_error', 'bool', (e) => e.isError],
  ['error_type', 'text', (e) => e.errorType],
  ['tags', 'jsonb', (e) => JSON.stringify(e.tags)],
  ['attributes', 'jsonb', (e) => JSON.stringify(e.attributes)],
];

const READERS = COLUMNS.map(([, , read]) => read);

const COPY_TARGET = `events (${COLUMNS.map(([name]) => name).join(', ')})`;

const INSERT_NEW_EVENTS = `INSERT INTO events (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (time, event_id) DO NOTHING
  RETURNING time, event_id`;

const UNIQUE_VIOLATION = '23505';

/**
 * Inserts the events that are not stored yet; returns those (the rest were already stored).
 * `rows` are `copyRows(events)` (in chunks) when the caller has them already (prepared with the batches).
 */
export async function insertEvents(
  tx: Queryable,
  events: readonly HubEvent[],
  rows: readonly Uint8Array[] = [copyRows(events)],
): Promise<HubEvent[]> {
  if (events.length === 0) return [];
  // COPY is all or nothing: one event already stored fails it, and the savepoint undoes it.
  await tx.query('SAVEPOINT copy_events');
  try {
    await tx.copyFrom(COPY_TARGET, rows);
    await tx.query('RELEASE SAVEPOINT copy_events');
    return [...events];
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT copy_events');
  }
  return insertNewEvents(tx, events);
}

/** The events as COPY input (UTF-8): no array per event, since this runs for every event ingested. */
export function copyRows(events: readonly HubEvent[]): Buffer {
  let rows = '';
  for (const event of events) {
    for (let column = 0; column < READERS.length; column++) {
      rows += (column === 0 ? '' : '\t') + copyField(READERS[column]!(event));
    }
    rows += '\n';
  }
  // Flat bytes now: the text built piece by piece is a tree of thousands of small strings, and a
  // batch waiting for its transaction would keep them all alive (and the GC busy).
  return Buffer.from(rows);
}

/** The guarded path: inserts each event unless stored, and learns which were new. */
async function insertNewEvents(tx: Queryable, events: readonly HubEvent[]): Promise<HubEvent[]> {
  const columns = COLUMNS.map(() => new Array<Field>(events.length));
  const byKey = new Map<string, HubEvent>();
  events.forEach((event, row) => {
    COLUMNS.forEach(([, , read], column) => {
      columns[column]![row] = read(event);
    });
    const key = `${event.time}|${event.eventId}`;
    if (!byKey.has(key)) byKey.set(key, event);
  });
  const inserted = await tx.query<{ time: Date; event_id: string }>(INSERT_NEW_EVENTS, columns);
  return inserted.rows.map((row) => byKey.get(`${new Date(row.time).getTime()}|${row.event_id}`)!);
}

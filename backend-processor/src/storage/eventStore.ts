/** Batched writes of normalized events: one INSERT … SELECT FROM unnest(…) per batch, never row by row. */
import type { HubEvent } from '../events/model';
import type { Queryable } from './database';

/** Column name, SQL array type, and how to read it off an event: the single place they are listed. */
const COLUMNS: ReadonlyArray<readonly [string, string, (event: HubEvent) => unknown]> = [
  ['time', 'timestamptz', (e) => new Date(e.time)],
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

const INSERT_EVENTS = `INSERT INTO events (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (time, event_id) DO NOTHING
  RETURNING time, event_id`;

/** Inserts the events that are not stored yet; returns those (the rest were already stored). */
export async function insertEvents(tx: Queryable, events: readonly HubEvent[]): Promise<HubEvent[]> {
  if (events.length === 0) return [];
  const columns = COLUMNS.map(() => new Array<unknown>(events.length));
  const byKey = new Map<string, HubEvent>();
  events.forEach((event, row) => {
    COLUMNS.forEach(([, , read], column) => {
      columns[column]![row] = read(event);
    });
    const key = `${event.time}|${event.eventId}`;
    if (!byKey.has(key)) byKey.set(key, event);
  });
  const inserted = await tx.query<{ time: Date; event_id: string }>(INSERT_EVENTS, columns);
  return inserted.rows.map((row) => byKey.get(`${new Date(row.time).getTime()}|${row.event_id}`)!);
}

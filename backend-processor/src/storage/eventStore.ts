/**
 * Batched writes of normalized events with the dedup guard (the primary key on time and event id):
 * a batch goes in by COPY, and only when that meets an event already stored (a re-send, a Kafka
 * redelivery) by one `INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING`. Never row by row.
 */
import type { HubEvent } from '../events/model';
import { isoTimestamp } from '../events/schemas/primitives';
import { copyBoolean, copyJson, copyLines, copyNumber, copyText } from './copyText';
import type { Queryable } from './database';

type Field = string | number | boolean | null;
type SqlType = 'timestamptz' | 'text' | 'float8' | 'int8' | 'bool' | 'jsonb';

/** Column name, SQL type, and the event field it holds: the single place they are listed. */
const COLUMNS: ReadonlyArray<readonly [string, SqlType, keyof HubEvent]> = [
  ['time', 'timestamptz', 'time'],
  ['event_id', 'text', 'eventId'],
  ['tenant', 'text', 'tenant'],
  ['source_module', 'text', 'sourceModule'],
  ['event_type', 'text', 'eventType'],
  ['kind', 'text', 'kind'],
  ['severity', 'text', 'severity'],
  ['environment', 'text', 'environment'],
  ['schema_version', 'text', 'schemaVersion'],
  ['model', 'text', 'model'],
  ['provider', 'text', 'provider'],
  ['route', 'text', 'route'],
  ['correlation_id', 'text', 'correlationId'],
  ['parent_event_id', 'text', 'parentEventId'],
  ['request_id', 'text', 'requestId'],
  ['latency_ms', 'float8', 'latencyMs'],
  ['ttft_ms', 'float8', 'ttftMs'],
  ['prompt_tokens', 'int8', 'promptTokens'],
  ['completion_tokens', 'int8', 'completionTokens'],
  ['total_tokens', 'int8', 'totalTokens'],
  ['tokens_per_second', 'float8', 'tokensPerSecond'],
  ['cost_usd', 'float8', 'costUsd'],
  ['cost_estimated', 'bool', 'costEstimated'],
  ['is_error', 'bool', 'isError'],
  ['error_type', 'text', 'errorType'],
  ['tags', 'jsonb', 'tags'],
  ['attributes', 'jsonb', 'attributes'],
];

const FIELDS = COLUMNS.map(([, , field]) => field);
const TYPES = COLUMNS.map(([, type]) => type);

/** A column's value as an SQL parameter (the guarded insert). */
function sqlValue(event: HubEvent, column: number): Field {
  const value = event[FIELDS[column]!];
  switch (TYPES[column]) {
    case 'timestamptz':
      return isoTimestamp(value as number);
    case 'jsonb':
      return JSON.stringify(value);
    default:
      return value as Field;
  }
}

/**
 * Each type's COPY text, escaped only where the value can need it (a timestamp or a number never does).
 * Per type rather than one function testing every value: the row encoding is a third of preparing an event.
 */
const COPY_TEXT_OF: Record<SqlType, (value: never) => string> = {
  timestamptz: isoTimestamp,
  text: copyText,
  float8: copyNumber,
  int8: copyNumber,
  bool: copyBoolean,
  jsonb: copyJson,
};
const COPY_ENCODERS = TYPES.map((type) => COPY_TEXT_OF[type] as (value: unknown) => string);

/** A column's COPY text back as the event's field. */
function fieldValue(text: string | null, column: number): unknown {
  if (text === null) return null;
  switch (TYPES[column]) {
    case 'timestamptz':
      return Date.parse(text);
    case 'float8':
    case 'int8':
      return Number(text);
    case 'bool':
      return text === 't';
    case 'jsonb':
      return JSON.parse(text);
    default:
      return text;
  }
}

/** Room reserved per row before a batch is encoded; a row of about that size or more grows the buffer. */
const ESTIMATED_ROW_BYTES = 512;
const NEWLINE = 0x0a;

const COPY_TARGET = `events (${COLUMNS.map(([name]) => name).join(', ')})`;

const INSERT_NEW_EVENTS = `INSERT INTO events (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (time, event_id) DO NOTHING
  RETURNING time, event_id`;

const UNIQUE_VIOLATION = '23505';

/**
 * Stores the events encoded in `chunks` (each `copyRows` of some events) unless stored already.
 * Returns `'all new'` when every one was new (the common case, which decodes nothing), else the
 * new events of each chunk.
 */
export async function insertEvents(
  tx: Queryable,
  chunks: readonly Uint8Array[],
): Promise<'all new' | HubEvent[][]> {
  if (chunks.every((chunk) => chunk.byteLength === 0)) return 'all new';
  // COPY is all or nothing: one event already stored fails it, and the savepoint undoes it.
  await tx.query('SAVEPOINT copy_events');
  try {
    await tx.copyFrom(COPY_TARGET, chunks);
    await tx.query('RELEASE SAVEPOINT copy_events');
    return 'all new';
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT copy_events');
  }
  const perChunk = chunks.map(eventsOfCopyRows);
  const inserted = new Set(await insertNewEvents(tx, perChunk.flat()));
  return perChunk.map((events) => events.filter((event) => inserted.has(event)));
}

/** The events as COPY input (UTF-8). */
export function copyRows(events: readonly HubEvent[]): Buffer {
  // Each row goes straight into the bytes: a batch's text built as one string would be a tree of
  // thousands of pieces, flattened and measured again to encode it, and garbage for the GC.
  let bytes = Buffer.allocUnsafe(events.length * ESTIMATED_ROW_BYTES);
  let length = 0;
  const fields = new Array<string>(COLUMNS.length);
  for (const event of events) {
    for (let column = 0; column < COLUMNS.length; column++)
      fields[column] = COPY_ENCODERS[column]!(event[FIELDS[column]!]);
    const row = fields.join('\t');
    // UTF-8 takes at most 3 bytes per UTF-16 code unit, and the newline one.
    const most = length + row.length * 3 + 1;
    if (most > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(bytes.length * 2, most));
      bytes.copy(grown, 0, 0, length);
      bytes = grown;
    }
    length += bytes.write(row, length);
    bytes[length++] = NEWLINE;
  }
  // Exactly its rows, so that the bytes can move to another thread whole (ownsItsBuffer).
  return Buffer.from(bytes.subarray(0, length));
}

/** `copyRows` read back: the events a batch was encoded from, for the rare batch that meets stored events. */
export function eventsOfCopyRows(rows: Uint8Array): HubEvent[] {
  return copyLines(Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength).toString('utf8')).map(
    (fields) => {
      const event: Record<string, unknown> = {};
      fields.forEach((text, column) => (event[FIELDS[column]!] = fieldValue(text, column)));
      return event as unknown as HubEvent;
    },
  );
}

/** The guarded path: inserts each event unless stored, and learns which were new. */
async function insertNewEvents(tx: Queryable, events: readonly HubEvent[]): Promise<HubEvent[]> {
  const columns = COLUMNS.map(() => new Array<Field>(events.length));
  const byKey = new Map<string, HubEvent>();
  events.forEach((event, row) => {
    columns.forEach((values, column) => (values[row] = sqlValue(event, column)));
    const key = `${event.time}|${event.eventId}`;
    if (!byKey.has(key)) byKey.set(key, event);
  });
  const inserted = await tx.query<{ time: Date; event_id: string }>(INSERT_NEW_EVENTS, columns);
  return inserted.rows.map((row) => byKey.get(`${new Date(row.time).getTime()}|${row.event_id}`)!);
}

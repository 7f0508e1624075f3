/**
 * Events search over the raw events table: time range, filters on every column and on any tag,
 * free text, newest first, keyset paging. Keyset rather than OFFSET so a deep page costs as much as
 * the first one and events arriving meanwhile neither shift nor repeat rows.
 */
import type { EventRecord, EventSearchQuery, EventSearchResult } from '@llm-hub/query-contract';
import type { Queryable } from '../storage/database';
import { decodeCursor, encodeCursor } from './eventsCursor';
import { QueryError } from './errors';
import { filterConditions, parseRange, SqlParams } from './sql';

export const DEFAULT_EVENT_LIMIT = 100;

/** Text field → SQL; tags and attributes are searched in their JSON text (keys and values). */
const TEXT_FIELDS: Readonly<Record<string, string>> = {
  model: 'model',
  route: 'route',
  kind: 'kind',
  error_type: 'error_type',
  request_id: 'request_id',
  correlation_id: 'correlation_id',
  tags: 'tags::text',
  attributes: 'attributes::text',
};
export const DEFAULT_TEXT_FIELDS = ['model', 'route', 'kind', 'error_type', 'request_id'];

// Integers are cast to float8 and the time read as numbers in SQL, so that pg (int8 as string) and
// PGlite answer alike. `position` keeps the exact microsecond time for the cursor.
const COLUMNS = `
  to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position,
  floor(extract(epoch FROM time) * 1000)::float8 AS time_ms,
  event_id, tenant, source_module, event_type, kind, severity, environment, model, provider, route,
  correlation_id, parent_event_id, request_id, latency_ms, ttft_ms,
  prompt_tokens::float8 AS prompt_tokens, completion_tokens::float8 AS completion_tokens,
  total_tokens::float8 AS total_tokens, cost_usd, is_error, error_type, tags, attributes`;

interface EventRow {
  position: string;
  time_ms: number;
  event_id: string;
  tenant: string;
  source_module: string;
  event_type: string;
  kind: string;
  severity: string;
  environment: string;
  model: string | null;
  provider: string | null;
  route: string | null;
  correlation_id: string | null;
  parent_event_id: string | null;
  request_id: string | null;
  latency_ms: number | null;
  ttft_ms: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  cost_usd: number | null;
  is_error: boolean;
  error_type: string | null;
  tags: Record<string, string>;
  attributes: Record<string, unknown>;
}

export async function searchEvents(
  db: Queryable,
  query: EventSearchQuery,
  boundTenant: string | null,
): Promise<EventSearchResult> {
  const range = parseRange(query.from, query.to);
  const limit = query.limit ?? DEFAULT_EVENT_LIMIT;
  const params = new SqlParams();
  const conditions = [
    `time >= ${params.add(new Date(range.from).toISOString())}::timestamptz`,
    `time < ${params.add(new Date(range.to).toISOString())}::timestamptz`,
    filterConditions(query.filters ?? [], params, { table: 'events', rollupTags: [], boundTenant }),
  ];
  if (query.text) conditions.push(textCondition(query.text, query.textFields ?? DEFAULT_TEXT_FIELDS, params));
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    const time = `${params.add(after.time)}::timestamptz`;
    // The plain `time <=` lets the (tenant, time) index bound its scan; the row comparison decides ties.
    conditions.push(`time <= ${time}`, `(time, event_id) < (${time}, ${params.add(after.eventId)})`);
  }
  // One row past the page tells whether another page follows, so the last page says null.
  const sql = `SELECT ${COLUMNS} FROM events WHERE ${conditions.join(' AND ')}
    ORDER BY time DESC, event_id DESC LIMIT ${params.add(limit + 1)}`;
  const { rows } = await db.query<EventRow>(sql, params.values);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    events: page.map(toRecord),
    nextCursor:
      rows.length > limit && last ? encodeCursor({ time: last.position, eventId: last.event_id }) : null,
  };
}

/** Case-insensitive substring over the fields, LIKE wildcards in the text taken literally. */
function textCondition(text: string, fields: readonly string[], params: SqlParams): string {
  if (fields.length === 0) throw new QueryError('textFields: name at least one field, or leave it out');
  const pattern = params.add(`%${text.replace(/[\\%_]/g, '\\$&')}%`);
  const columns = [...new Set(fields)].map((field) => {
    const column = TEXT_FIELDS[field];
    // The contract's pattern admits only the fields above; this guards the SQL regardless.
    if (column === undefined) throw new Error(`unknown text field ${field}`);
    return `${column} ILIKE ${pattern}`;
  });
  return `(${columns.join(' OR ')})`;
}

function toRecord(row: EventRow): EventRecord {
  return {
    eventId: row.event_id,
    time: row.time_ms,
    tenant: row.tenant,
    sourceModule: row.source_module,
    eventType: row.event_type,
    kind: row.kind,
    severity: row.severity,
    environment: row.environment,
    model: row.model,
    provider: row.provider,
    route: row.route,
    correlationId: row.correlation_id,
    parentEventId: row.parent_event_id,
    requestId: row.request_id,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    totalTokens: row.total_tokens,
    costUsd: row.cost_usd,
    isError: row.is_error,
    errorType: row.error_type,
    tags: row.tags,
    attributes: row.attributes,
  };
}

/**
 * The opaque paging cursor of the events search: base64url of the last returned row's position,
 * `[time, event_id]`, the key events are ordered by (newest first). The time is PostgreSQL's own
 * microsecond text, because events may carry finer times than the milliseconds the API returns and
 * a position rounded to milliseconds would skip or repeat rows sharing that millisecond.
 */
import { QueryError } from './errors';

export interface EventPosition {
  /** UTC time with microseconds, e.g. 2025-01-20T10:00:00.123456Z. */
  time: string;
  eventId: string;
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** The stored event ids are at most 256 characters (the ingest schemas' Id). */
const MAX_EVENT_ID = 256;

export function encodeCursor(position: EventPosition): string {
  return Buffer.from(JSON.stringify([position.time, position.eventId])).toString('base64url');
}

/**
 * The position a cursor names; 400 for anything that is not a cursor this API handed out. A
 * well-formed but edited cursor only moves the page start: the caller's filters and tenant binding
 * still apply, so it can reveal nothing more than a query without a cursor.
 */
export function decodeCursor(cursor: string): EventPosition {
  const invalid = () =>
    new QueryError('cursor: not a cursor of this search; pass nextCursor of the previous page unchanged');
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw invalid();
  const bytes = Buffer.from(cursor, 'base64url');
  // Node decodes leniently (stray trailing characters are dropped): only the canonical form is ours.
  if (bytes.toString('base64url') !== cursor) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid();
  const [time, eventId] = decoded as unknown[];
  if (typeof time !== 'string' || !isRealTime(time)) throw invalid();
  if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > MAX_EVENT_ID) throw invalid();
  return { time, eventId };
}

/** Shaped right and a real calendar time (no 2025-02-31), so PostgreSQL never fails to parse it. */
function isRealTime(time: string): boolean {
  // PostgreSQL has no year 0 (1 BC follows AD 1), JavaScript has.
  if (!TIME.test(time) || time.startsWith('0000')) return false;
  const ms = Date.parse(`${time.slice(0, 19)}Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === time.slice(0, 19);
}

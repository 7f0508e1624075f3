import { Type, type SchemaOptions, type Static, type TProperties, type TSchema } from '@sinclair/typebox';

/**
 * Building blocks of the event schemas. They are plain JSON Schema (validated by ajv, published in
 * the OpenAPI document) and give the TypeScript types through `Static<>`.
 */

/**
 * Identifiers (event, correlation, request, model, resource ids, tenants). Not restricted to UUIDs:
 * the hub README's own example sends `"event_id": "evt_123"`. 256 chars bounds what becomes a column.
 */
export const Id = Type.String({ minLength: 1, maxLength: 256 });
/** Free text (descriptions, reasons); bounded only by the per-string size guard. */
export const Text = Type.String();
export const Count = Type.Integer({ minimum: 0 });
export const NonNegative = Type.Number({ minimum: 0 });
export const Percent = Type.Number({ minimum: 0, maximum: 100 });
/** RFC 3339 date-time with a time zone; the `date-time` format is registered with ajv (see validate.ts). */
export const Timestamp = Type.String({
  format: 'date-time',
  description: 'RFC 3339 date-time with a time zone, e.g. 2025-01-20T10:00:00Z',
});

/** Object whose unknown fields are rejected (`unknown_field`). */
export function Strict<T extends TProperties>(properties: T, options: SchemaOptions = {}) {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/** A closed set of strings as one `enum` (a union of literals would make ajv report an anyOf per value). */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

/** Enums that EVENTS.md lists with "other": the listed values are documented, any id-like string is accepted. */
export function OpenEnum(values: readonly string[], options: SchemaOptions = {}) {
  return Type.Unsafe<string>({
    ...options,
    type: 'string',
    minLength: 1,
    maxLength: 256,
    examples: [...values],
    description: `known values: ${values.join(', ')}; other values are accepted`,
  });
}

/**
 * `null` accepted as well. As a type array, not `anyOf`, so a wrong value gets one plain error.
 * Symbol keys (TypeBox's Kind) are dropped: the result is a plain JSON Schema.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const plain = Object.fromEntries(Object.entries(schema)) as { type?: string | string[]; enum?: unknown[] };
  const types = Array.isArray(plain.type) ? plain.type : plain.type === undefined ? [] : [plain.type];
  return Type.Unsafe<Static<T> | null>({
    ...plain,
    type: [...types, 'null'],
    ...(plain.enum ? { enum: [...plain.enum, null] } : {}),
  });
}

/**
 * Optional field. `null` counts as absent: the seed implementation (Rust serde) writes `None` as
 * `null` and Go senders often do the same, so refusing `null` would refuse the emitters' own output.
 */
export function Opt<T extends TSchema>(schema: T) {
  return Type.Optional(Nullable(schema));
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * RFC 3339 date-time with a zone → UTC milliseconds since the epoch, `NaN` when malformed. Written
 * out rather than `Date.parse`, which accepts zone-less and non-ISO strings and reads them as local
 * time. Digits past milliseconds are truncated; a leap second (`:60`) is refused (JS time has none).
 */
export function parseTimestamp(text: string): number {
  // Validation and normalization both read an event's timestamp: the second read is remembered.
  if (text !== lastText) {
    lastText = text;
    lastTime = readTimestamp(text);
  }
  return lastTime;
}

let lastText = '';
let lastTime = NaN;

function readTimestamp(text: string): number {
  const fields = isoStringFields(text) ?? rfc3339Fields(text);
  return fields ? utcTime(fields) : NaN;
}

interface TimestampFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  offsetMinutes: number;
}

/**
 * The fields of `YYYY-MM-DDTHH:MM:SS.sssZ`, what `toISOString` writes and most senders send, read
 * digit by digit (a fifth of the regular expression's cost); null for any other form.
 */
function isoStringFields(text: string): TimestampFields | null {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 0x2d || // -
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(10) !== 0x54 || // T
    text.charCodeAt(13) !== 0x3a || // :
    text.charCodeAt(16) !== 0x3a ||
    text.charCodeAt(19) !== 0x2e || // .
    text.charCodeAt(23) !== 0x5a // Z
  ) {
    return null;
  }
  const fields = {
    year: digits(text, 0, 4),
    month: digits(text, 5, 2),
    day: digits(text, 8, 2),
    hour: digits(text, 11, 2),
    minute: digits(text, 14, 2),
    second: digits(text, 17, 2),
    ms: digits(text, 20, 3),
    offsetMinutes: 0,
  };
  return Number.isNaN(
    fields.year + fields.month + fields.day + fields.hour + fields.minute + fields.second + fields.ms,
  )
    ? null
    : fields;
}

/** The decimal number of `count` digits at `start`, NaN unless all are digits. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** The fields of any RFC 3339 date-time, null when it is not one. */
function rfc3339Fields(text: string): TimestampFields | null {
  const match = RFC3339.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  let offsetMinutes = 0;
  if (!zulu) {
    if (Number(oh) > 23 || Number(om) > 59) return null;
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  return {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    ms: fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0,
    offsetMinutes,
  };
}

/** UTC milliseconds of valid fields, NaN for a date or time that does not exist. */
function utcTime({ year, month, day, hour, minute, second, ms, offsetMinutes }: TimestampFields): number {
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  const start = dayStartOf(year, month, day);
  return start + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms - offsetMinutes * 60_000;
}

// The last day read: the events of a batch mostly share it.
let lastDay = -1;
let lastDayStart = NaN;

function dayStartOf(year: number, month: number, day: number): number {
  const key = year * 10_000 + month * 100 + day;
  if (key === lastDay) return lastDayStart;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  let start = NaN;
  if (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= DAYS_IN_MONTH[month - 1]! &&
    (month !== 2 || day !== 29 || leap)
  ) {
    start = Date.UTC(year, month - 1, day);
    // Date.UTC maps years 0–99 to 1900–1999.
    if (year < 100) start = new Date(start).setUTCFullYear(year);
  }
  lastDay = key;
  lastDayStart = start;
  return start;
}

// Events of a batch mostly share their second: its text is formatted once (isoTimestamp).
let isoSecond = NaN;
let isoPrefix = '';

/** `new Date(time).toISOString()`, without a Date and a whole formatting per event. */
export function isoTimestamp(time: number): string {
  if (!Number.isInteger(time)) return new Date(time).toISOString();
  const second = Math.floor(time / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, -5);
  }
  const ms = time - second * 1000;
  return `${isoPrefix}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

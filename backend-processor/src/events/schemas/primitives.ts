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
  const match = RFC3339.exec(text);
  if (!match) return NaN;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > DAYS_IN_MONTH[month - 1]! ||
    (month === 2 && day === 29 && !leap)
  ) {
    return NaN;
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return NaN;
  let offsetMinutes = 0;
  if (!zulu) {
    if (Number(oh) > 23 || Number(om) > 59) return NaN;
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  let time = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), ms);
  // Date.UTC maps years 0–99 to 1900–1999.
  if (year < 100) time = new Date(time).setUTCFullYear(year);
  return time - offsetMinutes * 60_000;
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

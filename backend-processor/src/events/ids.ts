import { createHash } from 'node:crypto';

/**
 * Namespace of the ids generated for events that arrive without `event_id` (name = canonical JSON
 * of the item). Fixed forever: changing it would give re-sent copies of old events new ids.
 */
export const EVENT_ID_NAMESPACE = 'e5d46927-88eb-4ce4-bf07-2092d4a9e6e8';

/** Namespace of the ids of joined request/response pairs (name = canonical JSON of [tenant, request_id]). */
export const LLM_CALL_NAMESPACE = 'cc3c83e3-2e95-44fc-afa7-ea381fcef832';

/** RFC 9562 §6.6 predefined namespaces (the same as Python's `uuid.NAMESPACE_DNS` / `NAMESPACE_URL`). */
export const UUID_NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
export const UUID_NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Name-based UUID, version 5 (RFC 9562 §5.5: SHA-1 of namespace bytes + the name, UTF-8 encoded
 * when a string), the same as Python's `uuid.uuid5(UUID(namespace), name)`. Deterministic, so a
 * re-sent event gets the same id and the store drops the copy.
 */
export function nameBasedUuid(namespace: string, name: string | Uint8Array): string {
  if (!UUID_PATTERN.test(namespace))
    throw new TypeError(`namespace must be a UUID, got ${JSON.stringify(namespace)}`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(typeof name === 'string' ? Buffer.from(name, 'utf8') : name)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5 in the high nibble of octet 6
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 9562 variant (10xx) in octet 8
  return formatUuid(hash.subarray(0, 16));
}

/** 16 bytes (or 32 hex digits) in the canonical 8-4-4-4-12 form, lower case. */
export function formatUuid(bytes: Uint8Array | string): string {
  const hex = typeof bytes === 'string' ? bytes.toLowerCase() : Buffer.from(bytes).toString('hex');
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new TypeError('a UUID has 16 bytes');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Canonical JSON (the JCS idea, RFC 8785: object keys sorted by UTF-16 code units, no whitespace,
 * ECMAScript number and string serialization), so that key order or formatting of a re-sent copy
 * does not change its generated id. Recursive: call it only on values whose depth has been checked.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    return `[${value.map((element) => (element === undefined ? 'null' : canonicalJson(element))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    // JSON.stringify's rule: members that JSON cannot represent are left out.
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}

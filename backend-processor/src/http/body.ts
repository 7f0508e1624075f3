/**
 * Turns a raw ingest body into items: one JSON value, a JSON array of values, or NDJSON (one value a
 * line). Decoding is strict (invalid UTF-8 is an error, not U+FFFD). Nesting is not bounded here:
 * V8's JSON.parse is iterative, and every normalizer bounds an item's nesting (checkStructure)
 * before any recursive code reads it; what else reads items whole must not recurse (see
 * `itemText` in ingest/preparation.ts).
 */

export class BodyError extends Error {
  constructor(
    message: string,
    readonly path = '',
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** One NDJSON line, or the whole body: the item itself, or why it could not be parsed. */
export type ParsedItem = { ok: true; value: unknown } | { ok: false; reason: string; raw: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new BodyError('body is not valid UTF-8');
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BodyError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A JSON body: one event or an array of events. Throws BodyError when it does not parse. */
export function parseJsonItems(body: Buffer): unknown[] {
  const value = parseJson(decodeUtf8(body), 'body');
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw new BodyError('body holds no events (an empty array)');
  return items;
}

/** NDJSON: each non-blank line is parsed by itself, so one bad line does not sink the others. */
export function parseNdjsonItems(body: Buffer): ParsedItem[] {
  const lines = decodeUtf8(body)
    .split('\n')
    .filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new BodyError('body holds no events (no non-blank NDJSON line)');
  return lines.map((line, index) => {
    try {
      return { ok: true, value: parseJson(line, `line ${index + 1}`) };
    } catch (error) {
      return { ok: false, reason: (error as Error).message, raw: line };
    }
  });
}

/** A request's raw body (the ingest routes parse it themselves); an empty body arrives as undefined. */
export function rawBody(request: { body: unknown }): Buffer {
  return (request.body as Buffer | undefined) ?? Buffer.alloc(0);
}

/**
 * Turns a raw ingest body into items: one JSON value, a JSON array of values, or NDJSON (one value a
 * line). Decoding is strict (invalid UTF-8 is an error, not U+FFFD) and nesting is bounded before
 * JSON.parse, so hostile bodies cannot reach deep recursion anywhere downstream.
 */

export const MAX_BODY_DEPTH = 64;

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

/** Deepest bracket nesting outside strings, stopping early past `limit`. */
export function nestingDepth(text: string, limit = MAX_BODY_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i);
      if (i < 0) return deepest;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * The index of the quote closing the string opened at `open`, -1 if none: found by indexOf (strings
 * are half an event's text, and a search is faster than looking at each of their characters).
 */
function stringEnd(text: string, open: number): number {
  for (let quote = text.indexOf('"', open + 1); quote >= 0; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

function parseJson(text: string, what: string): unknown {
  if (nestingDepth(text) > MAX_BODY_DEPTH)
    throw new BodyError(`${what} is JSON nested deeper than ${MAX_BODY_DEPTH} levels`);
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

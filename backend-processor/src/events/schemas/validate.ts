import type { TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Rejection } from '../model';
import { parseTimestamp } from './primitives';

/** A rejection before the pipeline adds the item's index. */
export type Problem = Omit<Rejection, 'index'>;

export const ok = <T>(value: T) => ({ ok: true as const, value });
export const fail = (error: Problem) => ({ ok: false as const, error });

/**
 * One ajv instance for every event schema; validators are compiled once, at module load, by the
 * modules that own them. `allErrors: false`: the first error is the one reported, and validation of
 * hostile input stops there.
 */
const ajv = new Ajv({ allErrors: false, allowUnionTypes: true, strict: true });
ajv.addFormat('date-time', {
  type: 'string',
  validate: (text: string) => !Number.isNaN(parseTimestamp(text)),
});

export function compile<T>(schema: TSchema): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}

/** Validates `data`; on failure, describes the first error with its path prefixed by `prefix` (where `data` sits in the item). */
export function validate<T>(validator: ValidateFunction<T>, data: unknown, prefix = ''): Problem | null {
  if (validator(data)) return null;
  const error = validator.errors?.[0];
  return error ? describe(error, prefix) : { path: prefix, reason: 'is invalid', code: 'invalid_field' };
}

export function pointer(...segments: string[]): string {
  return segments.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

const TYPE_PHRASES: Record<string, string> = {
  number: 'a number',
  integer: 'an integer',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** A field name quoted for a reason, cut short: hostile input must not turn reasons into 64 KiB strings. */
function quote(name: string): string {
  return JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name);
}

/** An ajv error as `{path, reason, code}`: path a JSON Pointer from the item root, reason readable. */
function describe(error: ErrorObject, prefix: string): Problem {
  const path = prefix + error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = String(params.missingProperty);
      return { path: path + pointer(field), reason: 'is required', code: 'missing_field' };
    }
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      return { path: path + pointer(field), reason: `unknown field ${quote(field)}`, code: 'unknown_field' };
    }
    case 'type': {
      // Optional fields also take null, meaning "absent"; the reason names the type the field is about.
      const listed = ([] as unknown[]).concat(params.type);
      const meant = listed.length > 1 ? listed.filter((type) => type !== 'null') : listed;
      const types = meant.map((type) => TYPE_PHRASES[String(type)] ?? String(type));
      return { path, reason: `must be ${types.join(' or ')}`, code: 'invalid_field' };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).filter((value) => value !== null);
      return { path, reason: `must be one of: ${allowed.join(', ')}`, code: 'invalid_field' };
    }
    case 'format':
      return {
        path,
        reason:
          params.format === 'date-time'
            ? 'must be an RFC 3339 date-time with a time zone, e.g. 2025-01-20T10:00:00Z'
            : `must be a valid ${String(params.format)}`,
        code: 'invalid_field',
      };
    case 'minLength':
      return {
        path,
        reason:
          params.limit === 1
            ? 'must not be empty'
            : `must be at least ${String(params.limit)} characters long`,
        code: 'invalid_field',
      };
    case 'maxLength':
      return {
        path,
        reason: `must be at most ${String(params.limit)} characters long`,
        code: 'invalid_field',
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        path,
        reason: `must be ${String(params.comparison)} ${String(params.limit)}`,
        code: 'invalid_field',
      };
    default:
      return { path, reason: error.message ?? 'is invalid', code: 'invalid_field' };
  }
}

export const MAX_DEPTH = 32;
export const MAX_STRING_BYTES = 64 * 1024;

interface Frame {
  value: object;
  depth: number;
  parent: Frame | null;
  key: string;
}

function pathOf(frame: Frame | null, key?: string): string {
  const segments: string[] = key === undefined ? [] : [key];
  for (let at = frame; at?.parent; at = at.parent) segments.push(at.key);
  return pointer(...segments.reverse());
}

function tooLong(text: string): boolean {
  // UTF-8 takes 1 to 3 bytes per UTF-16 code unit: count bytes only when the length cannot decide.
  if (text.length > MAX_STRING_BYTES) return true;
  return text.length * 3 > MAX_STRING_BYTES && Buffer.byteLength(text, 'utf8') > MAX_STRING_BYTES;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return TYPE_PHRASES[typeof value] ?? typeof value;
}

/**
 * Guard rails run before any schema: the item must be an object, nest at most 32 levels (the root
 * object is level 1) and hold no string or field name over 64 KiB of UTF-8. Iterative, so that a
 * hostile item cannot exhaust the stack here; once it passes, recursive code (ajv, canonical JSON)
 * is safe on it.
 */
export function checkStructure(item: unknown): Problem | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { path: '', reason: `must be a JSON object, got ${kindOf(item)}`, code: 'unknown_shape' };
  }
  const stack: Frame[] = [{ value: item, depth: 1, parent: null, key: '' }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const isArray = Array.isArray(frame.value);
    const keys: Iterable<number | string> = isArray
      ? (frame.value as unknown[]).keys()
      : Object.keys(frame.value);
    const container = frame.value as Record<string, unknown>;
    for (const index of keys) {
      const key = String(index);
      if (!isArray && tooLong(key)) {
        return {
          path: pathOf(frame),
          reason: `has a field name longer than ${MAX_STRING_BYTES} bytes`,
          code: 'invalid_field',
        };
      }
      const child = container[key];
      if (typeof child === 'string') {
        if (tooLong(child)) {
          return {
            path: pathOf(frame, key),
            reason: `must be at most ${MAX_STRING_BYTES} bytes long`,
            code: 'invalid_field',
          };
        }
      } else if (typeof child === 'object' && child !== null) {
        if (frame.depth >= MAX_DEPTH) {
          return {
            path: pathOf(frame, key),
            reason: `nests deeper than ${MAX_DEPTH} levels`,
            code: 'too_deep',
          };
        }
        stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
      }
    }
  }
  return null;
}

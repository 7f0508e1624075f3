import type { HubEvent, Normalized, NormalizeOptions, PairHalf } from './model';
import { envelopeOf, normalizeCheckedHubEvent } from './normalize';
import { normalizeCheckedRequestHalf, normalizeCheckedResponseHalf } from './pairs';
import { checkStructure, fail } from './schemas/validate';

/*
 * Shape detection for sources that accept every shape on one channel (the Kafka topic). HTTP
 * knows the shape from the route and calls the normalizer directly.
 */

export type Shape = 'nested' | 'flattened' | 'request' | 'response' | 'otlp';

/** Keys only the request half has; the response half's own keys mark a response when none of these is there. */
const REQUEST_KEYS = ['model', 'route', 'tenant_id', 'prompt_tokens'];
const RESPONSE_KEYS = ['latency_ms', 'completion_tokens', 'finish_reason', 'error'];

/**
 * The shape an item claims by its distinguishing keys. Only the keys are looked at: a claimed shape
 * with bad fields is then rejected with that shape's precise error, not as "unknown".
 */
export function detectShape(item: unknown): Shape | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
  const object = item as Record<string, unknown>;
  if ('resourceSpans' in object) return 'otlp';
  const envelope = envelopeOf(object);
  if (envelope) return envelope;
  if (!('request_id' in object)) return null;
  // latency_ms is the response's required field, so it decides even when stray request keys are there.
  if ('latency_ms' in object) return 'response';
  if (REQUEST_KEYS.some((key) => key in object)) return 'request';
  if (RESPONSE_KEYS.some((key) => key in object)) return 'response';
  return null;
}

/** Normalizes an item of any accepted JSON shape: a hub event, or one half of a request/response pair. */
export function normalizeAny(item: unknown, options: NormalizeOptions): Normalized<HubEvent | PairHalf> {
  const problem = checkStructure(item);
  if (problem) return fail(problem);
  const object = item as Record<string, unknown>;
  const shape = detectShape(object);
  switch (shape) {
    case 'nested':
    case 'flattened':
      return normalizeCheckedHubEvent(object, shape, options);
    case 'request':
      return normalizeCheckedRequestHalf(object, options);
    case 'response':
      return normalizeCheckedResponseHalf(object, options);
    case 'otlp':
      return fail({
        path: '',
        reason: 'is an OTLP trace export: send it to /v1/traces (OTLP/HTTP), not as an event',
        code: 'unknown_shape',
      });
    case null:
      return fail({
        path: '',
        reason:
          'is not an accepted event shape: expected {common, payload}, common fields with payload ' +
          '{payload_type, data}, or a request/response half with request_id',
        code: 'unknown_shape',
      });
  }
}

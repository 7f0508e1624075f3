import type { HubEvent, NormalizeOptions, Normalized, Rejection, RejectionCode } from '../model';
import {
  SPAN_KIND_NAMES,
  STATUS_CODE_ERROR,
  type OtlpKeyValue,
  type OtlpScopeSpans,
  type OtlpSpan,
  type OtlpTraceRequest,
  type OtlpValue,
} from './types';
import { formatUuid, nameBasedUuid, UUID_NAMESPACE_URL } from '../ids';

/** Namespace of the deterministic event ids of spans: a re-sent span gets the id it got the first time. */
export const OTLP_SPAN_NAMESPACE = nameBasedUuid(UUID_NAMESPACE_URL, 'urn:llm-analytics-hub:otlp-span');

/** Event id of a span: name-based on its trace and span ids (lower-case hex, concatenated). */
export function spanEventId(traceIdHex: string, spanIdHex: string): string {
  return nameBasedUuid(OTLP_SPAN_NAMESPACE, traceIdHex + spanIdHex);
}

/** A GenAI span that was not accepted. `spanIndex` counts spans in request order across all resources and scopes. */
export interface SpanRejection extends Omit<Rejection, 'index'> {
  spanIndex: number;
}

export interface SpansToEventsResult {
  events: HubEvent[];
  rejected: SpanRejection[];
  /** Spans without any `gen_ai.*` attribute (HTTP, DB, … spans of the same trace): not ours, not errors. */
  ignoredSpans: number;
}

/**
 * Maps the GenAI spans of an export request to HubEvents, following the OpenTelemetry GenAI
 * semantic conventions and accepting their deprecated names (`gen_ai.system`,
 * `gen_ai.usage.prompt_tokens` / `completion_tokens`, `deployment.environment`).
 */
export function spansToEvents(request: OtlpTraceRequest, options: NormalizeOptions): SpansToEventsResult {
  const result: SpansToEventsResult = { events: [], rejected: [], ignoredSpans: 0 };
  let spanIndex = 0;
  request.resourceSpans.forEach((resourceSpans, r) => {
    const resourcePath = `/resourceSpans/${r}/resource/attributes`;
    resourceSpans.scopeSpans.forEach((scopeSpans, s) => {
      scopeSpans.spans.forEach((span, i) => {
        const index = spanIndex++;
        if (!span.attributes.some((a) => a.key.startsWith('gen_ai.'))) {
          result.ignoredSpans++;
          return;
        }
        const spanPath = `/resourceSpans/${r}/scopeSpans/${s}/spans/${i}`;
        // Each span takes its own copy: extracted resource attributes leave only that span's `attributes`.
        const resource = new Attributes(resourceSpans.resource.attributes, resourcePath);
        const outcome = spanToEvent(span, spanPath, resource, scopeSpans.scope, options);
        if (outcome.ok) result.events.push(outcome.value);
        else result.rejected.push({ spanIndex: index, ...outcome.error });
      });
    });
  });
  return result;
}

/** Thrown inside `spanToEvent` at the first invalid value; caught there and turned into a rejection. */
class Invalid extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code: RejectionCode = 'invalid_field',
  ) {
    super(reason);
  }
}

function spanToEvent(
  span: OtlpSpan,
  path: string,
  resource: Attributes,
  scope: OtlpScopeSpans['scope'],
  options: NormalizeOptions,
): Normalized<HubEvent> {
  try {
    const attrs = new Attributes(span.attributes, `${path}/attributes`);

    const traceId = checkId(span.traceId, 16, `${path}/traceId`);
    const spanId = checkId(span.spanId, 8, `${path}/spanId`);
    const parentSpanId =
      span.parentSpanId === '' ? null : checkId(span.parentSpanId, 8, `${path}/parentSpanId`);

    if (span.startTimeUnixNano === 0n) {
      throw new Invalid(`${path}/startTimeUnixNano`, 'is required', 'missing_field');
    }
    if (span.endTimeUnixNano === 0n) {
      throw new Invalid(`${path}/endTimeUnixNano`, 'is required', 'missing_field');
    }
    if (span.endTimeUnixNano < span.startTimeUnixNano) {
      throw new Invalid(`${path}/endTimeUnixNano`, 'must not be before startTimeUnixNano');
    }
    // Nanoseconds since 1970 pass 2^53 in 1970-04; only the difference (and milliseconds) fit a number.
    const time = Number(span.startTimeUnixNano / 1_000_000n);
    const latencyMs = Number((span.endTimeUnixNano - span.startTimeUnixNano) / 1_000n) / 1_000;

    const provider = attrs.string('gen_ai.provider.name', 'gen_ai.system');
    // The requested model stays in `attributes` too: it may name an alias of the model that answered.
    const model =
      attrs.string('gen_ai.response.model') ?? attrs.string('gen_ai.request.model', { keep: true });
    const promptTokens = attrs.count('gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens');
    const completionTokens = attrs.count('gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens');
    // Seconds, as the conventions measure durations; the span attribute is `time_to_first_chunk`.
    const ttftSeconds = attrs.seconds(
      'gen_ai.response.time_to_first_chunk',
      'gen_ai.server.time_to_first_token',
    );
    const requestId = attrs.string('gen_ai.response.id');
    const route = attrs.string('http.route', 'gen_ai.agent.name');
    // Validated here but kept in `attributes`: the event has no column for them.
    attrs.stringList('gen_ai.response.finish_reasons');
    attrs.string('gen_ai.operation.name', { keep: true });

    const errorTypeAttr = attrs.string('error.type');
    const statusError = span.status.code === STATUS_CODE_ERROR;
    const isError = errorTypeAttr !== null || statusError;
    // `_OTHER` is the conventions' value of error.type when no better one is known.
    const errorType = errorTypeAttr ?? (statusError ? (exceptionType(span) ?? '_OTHER') : null);

    // The span names its tenant first, then its resource (a service serving one tenant).
    const tenant =
      attrs.string('tenant_id', 'tenant.id') ??
      resource.string('tenant_id', 'tenant.id') ??
      options.defaultTenant;
    const environment =
      resource.string('deployment.environment.name', 'deployment.environment') ?? 'production';
    const serviceName = resource.string('service.name');

    const meta: Record<string, unknown> = {
      span_name: span.name,
      span_kind: SPAN_KIND_NAMES[span.kind] ?? String(span.kind),
      trace_id: traceId,
      span_id: spanId,
      ...(parentSpanId !== null && { parent_span_id: parentSpanId }),
      'service.name': serviceName,
      ...(scope.name !== '' && { 'otel.scope.name': scope.name }),
      ...(span.status.message !== '' && { status_message: span.status.message }),
    };
    const resourceRest = resource.rest();

    return {
      ok: true,
      value: {
        eventId: spanEventId(traceId, spanId),
        time,
        tenant,
        sourceModule: 'llm-observatory',
        eventType: 'telemetry',
        kind: 'genai_span',
        severity: isError ? 'error' : 'info',
        environment,
        schemaVersion: '1.0.0',
        model,
        provider,
        route,
        // The 128-bit trace id written as a UUID, the form correlation ids take in every other envelope.
        correlationId: formatUuid(traceId),
        parentEventId: parentSpanId === null ? null : spanEventId(traceId, parentSpanId),
        requestId,
        latencyMs,
        // Rounded to microseconds: seconds × 1000 in binary floating point leaves noise digits.
        ttftMs: ttftSeconds === null ? null : Math.round(ttftSeconds * 1_000_000) / 1_000,
        promptTokens,
        completionTokens,
        totalTokens:
          promptTokens !== null && completionTokens !== null ? promptTokens + completionTokens : null,
        tokensPerSecond:
          completionTokens !== null && latencyMs > 0 ? completionTokens / (latencyMs / 1_000) : null,
        // Estimated later from the price table; spans carry no cost.
        costUsd: null,
        costEstimated: false,
        isError,
        errorType,
        tags: {},
        attributes: {
          ...attrs.rest(),
          ...(Object.keys(resourceRest).length > 0 && { resource: resourceRest }),
          ...meta,
        },
      },
    };
  } catch (err) {
    if (!(err instanceof Invalid)) throw err;
    return { ok: false, error: { path: err.path, reason: err.reason, code: err.code } };
  }
}

function checkId(hex: string, bytes: 8 | 16, path: string): string {
  if (hex === '') throw new Invalid(path, 'is required', 'missing_field');
  if (!new RegExp(`^[0-9a-f]{${bytes * 2}}$`).test(hex)) {
    throw new Invalid(path, `must be ${bytes} bytes (${bytes * 2} hex digits in OTLP/JSON)`);
  }
  if (/^0+$/.test(hex)) throw new Invalid(path, 'must not be all zeroes');
  return hex;
}

/** The type of a recorded exception (span event `exception`), for spans that set only an error status. */
function exceptionType(span: OtlpSpan): string | null {
  for (const event of span.events) {
    if (event.name !== 'exception') continue;
    const type = event.attributes.find((a) => a.key === 'exception.type')?.value;
    if (type?.type === 'string' && type.value !== '') return type.value;
  }
  return null;
}

/**
 * Attribute lookup that consumes: what is extracted into a column leaves `rest()`, so the event's
 * `attributes` hold only what no column holds. Getters take the current name first and the
 * deprecated ones after it; all of them are consumed, only the first present one is read.
 */
class Attributes {
  private readonly byKey = new Map<string, OtlpValue>();

  constructor(
    list: readonly OtlpKeyValue[],
    private readonly path: string,
  ) {
    // Keys must be unique (OTLP); should a sender repeat one, the last wins.
    for (const { key, value } of list) this.byKey.set(key, value);
  }

  private take(keys: (string | { keep: true })[]): { key: string; value: OtlpValue } | null {
    const keep = keys.some((key) => typeof key !== 'string');
    let found: { key: string; value: OtlpValue } | null = null;
    for (const key of keys) {
      if (typeof key !== 'string') continue;
      const value = this.byKey.get(key);
      if (value === undefined) continue;
      if (!keep) this.byKey.delete(key);
      if (found === null && value.type !== 'empty') found = { key, value };
    }
    return found;
  }

  private invalid(key: string, reason: string): Invalid {
    // Only known keys are named here, none holds `/` or `~`, so no RFC 6901 escaping is needed.
    return new Invalid(`${this.path}/${key}`, reason);
  }

  /** A non-empty string; '' counts as absent. A trailing `{ keep: true }` reads without consuming. */
  string(...keys: (string | { keep: true })[]): string | null {
    const found = this.take(keys);
    if (found === null) return null;
    if (found.value.type !== 'string') {
      throw this.invalid(found.key, `must be a string, got ${found.value.type}`);
    }
    return found.value.value === '' ? null : found.value.value;
  }

  /** A token count: a non-negative integer (an integral double is accepted, a numeric string is not). */
  count(...keys: string[]): number | null {
    const found = this.take(keys);
    if (found === null) return null;
    const { value } = found;
    let count: number;
    if (value.type === 'int') {
      if (value.value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.invalid(found.key, 'is too large');
      count = Number(value.value);
    } else if (value.type === 'double' && Number.isInteger(value.value)) {
      count = value.value;
    } else {
      throw this.invalid(
        found.key,
        `must be an integer, got ${value.type === 'double' ? value.value : value.type}`,
      );
    }
    if (count < 0) throw this.invalid(found.key, `must not be negative, got ${count}`);
    return count;
  }

  /** A duration in seconds: a finite, non-negative number. */
  seconds(...keys: string[]): number | null {
    const found = this.take(keys);
    if (found === null) return null;
    const { value } = found;
    const seconds = value.type === 'double' ? value.value : value.type === 'int' ? Number(value.value) : NaN;
    if (!Number.isFinite(seconds)) throw this.invalid(found.key, 'must be a number of seconds');
    if (seconds < 0) throw this.invalid(found.key, `must not be negative, got ${seconds}`);
    return seconds;
  }

  /** Checks, without consuming, that the value is a string array (or a single string). */
  stringList(key: string): void {
    const value = this.byKey.get(key);
    if (value === undefined || value.type === 'string' || value.type === 'empty') return;
    if (value.type !== 'array' || value.values.some((v) => v.type !== 'string')) {
      throw this.invalid(key, 'must be an array of strings');
    }
  }

  /** The attributes not consumed, as JSON-friendly values. */
  rest(): Record<string, unknown> {
    return Object.fromEntries([...this.byKey].map(([key, value]) => [key, toJson(value)]));
  }
}

/** An AnyValue as JSON: ints beyond 2^53 as decimal strings, bytes as base64, non-finite doubles as strings. */
function toJson(value: OtlpValue): unknown {
  switch (value.type) {
    case 'string':
    case 'bool':
      return value.value;
    case 'int':
      return value.value >= BigInt(Number.MIN_SAFE_INTEGER) && value.value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value.value)
        : value.value.toString();
    case 'double':
      return Number.isFinite(value.value) ? value.value : String(value.value);
    case 'bytes':
      return Buffer.from(value.value).toString('base64');
    case 'array':
      return value.values.map(toJson);
    case 'kvlist':
      return Object.fromEntries(value.values.map((kv) => [kv.key, toJson(kv.value)]));
    case 'empty':
      return null;
  }
}

/**
 * A decoded OTLP ExportTraceServiceRequest: the fields the hub reads, with one representation for
 * both wire encodings (ids as lower-case hex, 64-bit integers as bigint, enums as numbers).
 * Structure is checked by the decoder; values (id lengths, token counts, …) by the mapper, so one
 * bad span is rejected alone instead of failing the whole request.
 */
export interface OtlpTraceRequest {
  resourceSpans: OtlpResourceSpans[];
}

export interface OtlpResourceSpans {
  resource: { attributes: OtlpKeyValue[] };
  scopeSpans: OtlpScopeSpans[];
}

export interface OtlpScopeSpans {
  scope: { name: string; version: string };
  spans: OtlpSpan[];
}

export interface OtlpSpan {
  /** Lower-case hex as received; '' when absent. Length and non-zero are checked by the mapper. */
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** `Span.SpanKind`: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Unix epoch nanoseconds; 0n when absent. */
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: OtlpKeyValue[];
  events: { name: string; attributes: OtlpKeyValue[] }[];
  /** `Status.StatusCode`: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
}

export interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}

/** `AnyValue`, tagged so that an int stays distinct from a double and from a numeric string. */
export type OtlpValue =
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: bigint }
  | { type: 'double'; value: number }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'array'; values: OtlpValue[] }
  | { type: 'kvlist'; values: OtlpKeyValue[] }
  | { type: 'empty' };

export const SPAN_KIND_NAMES = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
] as const;
export const STATUS_CODE_ERROR = 2;

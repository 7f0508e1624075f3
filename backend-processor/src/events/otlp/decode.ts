import { join } from 'node:path';
import { Root, type Enum, type Type } from 'protobufjs';
import type {
  OtlpKeyValue,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpTraceRequest,
  OtlpValue,
} from './types';

/** A request body that cannot be decoded as an ExportTraceServiceRequest; the route answers `statusCode`. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
  constructor(
    message: string,
    /** 415 for a content type other than OTLP's two, 400 for a body that does not decode. */
    readonly statusCode: 400 | 415 = 400,
  ) {
    super(message);
  }
}

/** Nesting allowed in attribute values (arrays / kvlists); deeper bodies are refused rather than recursed into. */
const MAX_VALUE_DEPTH = 32;

/**
 * Decodes an OTLP/HTTP trace export body (`POST /v1/traces`): binary protobuf
 * (`application/x-protobuf`) or OTLP/JSON (`application/json`, which differs from the canonical
 * protobuf JSON mapping: ids are hex, not base64). Throws `OtlpDecodeError` when it cannot.
 */
export function decodeOtlpTraceRequest(body: Buffer, contentType: string): OtlpTraceRequest {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType === 'application/x-protobuf' || mediaType === 'application/protobuf') {
    const { request } = protos();
    let raw: unknown;
    try {
      // BigInt keeps the fixed64 nanosecond timestamps and int64 values exact; bytes stay Buffers.
      raw = request.toObject(request.decode(body), { longs: BigInt });
    } catch (err) {
      throw new OtlpDecodeError(
        `body is not a protobuf ExportTraceServiceRequest: ${(err as Error).message}`,
      );
    }
    return readRequest(raw);
  }
  if (mediaType === 'application/json') {
    let raw: unknown;
    try {
      raw = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new OtlpDecodeError(`body is not valid JSON: ${(err as Error).message}`);
    }
    return readRequest(raw);
  }
  throw new OtlpDecodeError(
    `unsupported content type ${JSON.stringify(contentType)}: OTLP/HTTP accepts application/x-protobuf or application/json`,
    415,
  );
}

/** OTLP's `partial_success`: how many spans were rejected and why (a message for the sender's developer). */
export interface OtlpPartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/**
 * The protobuf ExportTraceServiceResponse for a protobuf request (OTLP/HTTP answers in the request's
 * encoding). `null` (full success) encodes as the empty message.
 */
export function encodeOtlpTraceResponse(partialSuccess: OtlpPartialSuccess | null): Buffer {
  const { response } = protos();
  const message = response.fromObject(partialSuccess === null ? {} : { partialSuccess });
  return Buffer.from(response.encode(message).finish());
}

// ---------------------------------------------------------------------------------------------
// Protobuf: the .proto files ship beside the compiled code (the build copies src/events/otlp/proto
// to dist/events/otlp/proto), so they are read relative to this module, once, on first use.

interface Protos {
  request: Type;
  response: Type;
  spanKind: Enum;
  statusCode: Enum;
}

let loaded: Protos | undefined;

function protos(): Protos {
  if (!loaded) {
    const protoDir = join(__dirname, 'proto');
    const root = new Root();
    // Upstream imports are written from the proto root ("opentelemetry/proto/…"), not relative.
    root.resolvePath = (_origin, target) => join(protoDir, target);
    root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
    root.resolveAll();
    loaded = {
      request: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
      response: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
      spanKind: root.lookupEnum('opentelemetry.proto.trace.v1.Span.SpanKind'),
      statusCode: root.lookupEnum('opentelemetry.proto.trace.v1.Status.StatusCode'),
    };
  }
  return loaded;
}

// ---------------------------------------------------------------------------------------------
// One reader for both encodings: `toObject` output (Buffers, bigints) and parsed OTLP/JSON (hex and
// base64 strings, 64-bit integers as strings or numbers, enums as names or numbers) share the
// lowerCamelCase field names. Absent and null fields take the proto3 defaults; unknown keys are
// ignored, as the OTLP/JSON spec requires.

type Json = Record<string, unknown>;

function fail(path: string, reason: string): never {
  throw new OtlpDecodeError(`${path || '/'}: ${reason}`);
}

function object(value: unknown, path: string): Json {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail(path, 'must be an object');
  return value as Json;
}

function list<T>(value: unknown, path: string, read: (item: unknown, path: string) => T): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(path, 'must be an array');
  return value.map((item, i) => read(item, `${path}/${i}`));
}

function string(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') fail(path, 'must be a string');
  return value;
}

/** trace/span ids: bytes from protobuf, hex from JSON; both become lower-case hex. */
function id(value: unknown, path: string): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return string(value, path).toLowerCase();
}

function bytes(value: unknown, path: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const text = string(value, path);
  // Protobuf JSON writes bytes as base64 and accepts the URL-safe alphabet too.
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) fail(path, 'must be base64');
  return Buffer.from(text, 'base64');
}

function int64(value: unknown, path: string, unsigned: boolean): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && (unsigned ? /^\d+$/ : /^-?\d+$/).test(value)) return BigInt(value);
  const what = unsigned ? 'an unsigned integer' : 'an integer';
  fail(path, `must be ${what} (a number or a decimal string)`);
}

function double(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  // Protobuf JSON writes the non-finite doubles as strings and accepts numeric strings.
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (value === 'NaN') return NaN;
  fail(path, 'must be a number');
}

function enumValue(value: unknown, path: string, type: Enum): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const number = type.values[value];
    if (number !== undefined) return number;
  }
  fail(path, `must be one of ${Object.keys(type.values).join(', ')} or its number`);
}

function readRequest(raw: unknown): OtlpTraceRequest {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail('', 'must be an object (ExportTraceServiceRequest)');
  }
  return { resourceSpans: list((raw as Json).resourceSpans, '/resourceSpans', readResourceSpans) };
}

function readResourceSpans(raw: unknown, path: string): OtlpResourceSpans {
  const rs = object(raw, path);
  const resource = object(rs.resource, `${path}/resource`);
  return {
    resource: { attributes: list(resource.attributes, `${path}/resource/attributes`, readKeyValue) },
    scopeSpans: list(rs.scopeSpans, `${path}/scopeSpans`, readScopeSpans),
  };
}

function readScopeSpans(raw: unknown, path: string): OtlpScopeSpans {
  const ss = object(raw, path);
  const scope = object(ss.scope, `${path}/scope`);
  return {
    scope: {
      name: string(scope.name, `${path}/scope/name`),
      version: string(scope.version, `${path}/scope/version`),
    },
    spans: list(ss.spans, `${path}/spans`, readSpan),
  };
}

function readSpan(raw: unknown, path: string): OtlpSpan {
  const span = object(raw, path);
  const status = object(span.status, `${path}/status`);
  return {
    traceId: id(span.traceId, `${path}/traceId`),
    spanId: id(span.spanId, `${path}/spanId`),
    parentSpanId: id(span.parentSpanId, `${path}/parentSpanId`),
    name: string(span.name, `${path}/name`),
    kind: enumValue(span.kind, `${path}/kind`, protos().spanKind),
    startTimeUnixNano: int64(span.startTimeUnixNano, `${path}/startTimeUnixNano`, true),
    endTimeUnixNano: int64(span.endTimeUnixNano, `${path}/endTimeUnixNano`, true),
    attributes: list(span.attributes, `${path}/attributes`, readKeyValue),
    events: list(span.events, `${path}/events`, (e, p) => {
      const event = object(e, p);
      return {
        name: string(event.name, `${p}/name`),
        attributes: list(event.attributes, `${p}/attributes`, readKeyValue),
      };
    }),
    status: {
      code: enumValue(status.code, `${path}/status/code`, protos().statusCode),
      message: string(status.message, `${path}/status/message`),
    },
  };
}

function readKeyValue(raw: unknown, path: string, depth = 0): OtlpKeyValue {
  const kv = object(raw, path);
  return { key: string(kv.key, `${path}/key`), value: readValue(kv.value, `${path}/value`, depth) };
}

function readValue(raw: unknown, path: string, depth: number): OtlpValue {
  if (depth > MAX_VALUE_DEPTH) fail(path, `attribute values nest deeper than ${MAX_VALUE_DEPTH} levels`);
  const v = object(raw, path);
  // AnyValue is a oneof: the first member present (in field order) is the value.
  if (v.stringValue != null) return { type: 'string', value: string(v.stringValue, `${path}/stringValue`) };
  if (v.boolValue != null) {
    if (typeof v.boolValue !== 'boolean') fail(`${path}/boolValue`, 'must be a boolean');
    return { type: 'bool', value: v.boolValue };
  }
  if (v.intValue != null) return { type: 'int', value: int64(v.intValue, `${path}/intValue`, false) };
  if (v.doubleValue != null) return { type: 'double', value: double(v.doubleValue, `${path}/doubleValue`) };
  if (v.arrayValue != null) {
    const values = object(v.arrayValue, `${path}/arrayValue`).values;
    return {
      type: 'array',
      values: list(values, `${path}/arrayValue/values`, (item, p) => readValue(item, p, depth + 1)),
    };
  }
  if (v.kvlistValue != null) {
    const values = object(v.kvlistValue, `${path}/kvlistValue`).values;
    return {
      type: 'kvlist',
      values: list(values, `${path}/kvlistValue/values`, (item, p) => readKeyValue(item, p, depth + 1)),
    };
  }
  if (v.bytesValue != null) return { type: 'bytes', value: bytes(v.bytesValue, `${path}/bytesValue`) };
  return { type: 'empty' };
}

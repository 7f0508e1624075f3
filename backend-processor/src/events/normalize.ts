import type { Static } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import { canonicalJson, EVENT_ID_NAMESPACE, nameBasedUuid } from './ids';
import type { HubEvent, Normalized, NormalizeOptions, SourceModule } from './model';
import {
  DEFAULT_ENVIRONMENT,
  DEFAULT_SCHEMA_VERSION,
  DEFAULT_SEVERITY,
  FAMILY_KINDS,
  FAMILY_TAG,
  FlattenedEnvelope,
  NestedEnvelope,
  PAYLOAD_KINDS,
  PAYLOAD_SCHEMAS,
  SOURCE_MODULE_ALIASES,
  parseTimestamp,
  type CommonFields,
  type PayloadKind,
} from './schemas';
import { checkStructure, compile, fail, ok, pointer, validate, type Problem } from './schemas/validate';

/*
 * Hub events (nested and flattened envelopes) → HubEvent.
 *
 * Validation is stepwise so that an error names one field: structure guard (object, depth, string
 * sizes), then the envelope (common fields + kind tag), then the payload against the schema its tag
 * names, then the rules a schema cannot state (latency alias, tenant agreement).
 *
 * Units: fields carry their unit in their name (`_ms`, `_tokens`, `_usd`, `_seconds`, `_percent`)
 * and are kept in it; columns are ms, tokens and USD, so nothing is converted. An amount in another
 * currency is not converted (no rate table): `costUsd` stays null and the amount stays in attributes.
 */

type NestedItem = Static<typeof NestedEnvelope> & { payload: Record<string, unknown> };
type FlattenedItem = Static<typeof FlattenedEnvelope> & { payload: { data: Record<string, unknown> } };

// Compiled once, at module load: validation on the hot path only runs generated code.
const nestedValidator = compile<NestedItem>(NestedEnvelope);
const flattenedValidator = compile<FlattenedItem>(FlattenedEnvelope);
const payloadValidators = Object.fromEntries(
  PAYLOAD_KINDS.map((kind) => [kind, compile<Record<string, unknown>>(PAYLOAD_SCHEMAS[kind])]),
) as Record<PayloadKind, ValidateFunction<Record<string, unknown>>>;

export type Envelope = 'nested' | 'flattened';

/**
 * Which envelope an object claims to be, from its distinguishing keys, so that a malformed event
 * gets the errors of the envelope it meant (`/common is required`) rather than "unknown shape".
 */
export function envelopeOf(item: Record<string, unknown>): Envelope | null {
  if ('common' in item) return 'nested';
  if (!('payload' in item)) return null;
  const payload = item.payload;
  const nestedPayload =
    typeof payload === 'object' && payload !== null && 'type' in payload && !('payload_type' in payload);
  return nestedPayload ? 'nested' : 'flattened';
}

/** Both envelopes reduced to one form: everything after `unpack` is envelope-agnostic. */
interface Unpacked {
  common: CommonFields;
  /** JSON Pointer of the common fields: `/common` (nested) or the root (flattened). */
  commonPath: string;
  kind: PayloadKind;
  /** The payload's fields without the kind tag. */
  body: Record<string, unknown>;
  bodyPath: string;
}

function unpack(item: Record<string, unknown>, envelope: Envelope): Normalized<Unpacked> {
  if (envelope === 'nested') {
    const problem = validate(nestedValidator, item);
    if (problem) return fail(problem);
    const { common, payload } = item as NestedItem;
    const { type, ...body } = payload;
    return ok({ common, commonPath: '/common', kind: type as PayloadKind, body, bodyPath: '/payload' });
  }
  const problem = validate(flattenedValidator, item);
  if (problem) return fail(problem);
  const { payload, ...common } = item as FlattenedItem;
  const family = payload.payload_type;
  if (family === 'custom') {
    return ok({ common, commonPath: '', kind: 'custom', body: payload.data, bodyPath: '/payload/data' });
  }
  const tag = FAMILY_TAG[family];
  const { [tag]: kind, ...body } = payload.data;
  const tagPath = `/payload/data${pointer(tag)}`;
  if (kind === undefined) return fail({ path: tagPath, reason: 'is required', code: 'missing_field' });
  const kinds: readonly unknown[] = FAMILY_KINDS[family];
  if (!kinds.includes(kind)) {
    return fail({ path: tagPath, reason: `must be one of: ${kinds.join(', ')}`, code: 'invalid_field' });
  }
  return ok({ common, commonPath: '', kind: kind as PayloadKind, body, bodyPath: '/payload/data' });
}

type ColumnName =
  | 'model'
  | 'provider'
  | 'requestId'
  | 'latencyMs'
  | 'ttftMs'
  | 'promptTokens'
  | 'completionTokens'
  | 'totalTokens'
  | 'tokensPerSecond'
  | 'costUsd';

/** A request's model and token counts, shared by the kinds that report one request's usage. */
const USAGE = {
  model_id: 'model',
  request_id: 'requestId',
  prompt_tokens: 'promptTokens',
  completion_tokens: 'completionTokens',
  total_tokens: 'totalTokens',
} as const;

/**
 * Payload fields that become columns, per kind; every other payload field is kept in `attributes`
 * under its received name. Deliberately left out: throughput's tokens_per_second (a window rate, not
 * one request's, so it would skew the per-request column) and budget_alert amounts (a budget
 * state, not a spend: counting it as cost would double the spend it reports on).
 */
const COLUMNS: Partial<Record<PayloadKind, Readonly<Record<string, ColumnName>>>> = {
  latency: {
    model_id: 'model',
    request_id: 'requestId',
    total_latency_ms: 'latencyMs',
    latency_ms: 'latencyMs',
    ttft_ms: 'ttftMs',
    tokens_per_second: 'tokensPerSecond',
  },
  throughput: { model_id: 'model' },
  error_rate: { model_id: 'model' },
  token_usage: USAGE,
  model_performance: { model_id: 'model' },
  token_cost: { ...USAGE, total_cost_usd: 'costUsd' },
  api_cost: { provider: 'provider', total_cost_usd: 'costUsd' },
  resource_consumption: { cost_usd: 'costUsd' },
};
const NO_COLUMNS: Readonly<Record<string, ColumnName>> = {};

function columnsFor(kind: PayloadKind, body: Record<string, unknown>): Readonly<Record<string, ColumnName>> {
  if (kind === 'token_cost' && String(body.currency).toUpperCase() !== 'USD') return USAGE;
  return COLUMNS[kind] ?? NO_COLUMNS;
}

/**
 * `isError` marks a failed operation, the numerator of error rates: an error_rate report that counts
 * failures and a failed auth. Severity alone does not set it: a `critical` threat or budget alert is
 * an important event, not a failed call, and counting it would corrupt error rates.
 */
function setError(event: HubEvent, kind: PayloadKind, body: Record<string, unknown>): void {
  if (kind === 'error_rate' && (body.failed_requests as number) > 0) {
    event.isError = true;
    event.errorType = 'error_rate';
  } else if (kind === 'auth' && body.success === false) {
    event.isError = true;
    event.errorType = 'auth_failed';
  }
}

/** Rules a JSON Schema cannot state (or only as an anyOf whose errors would be unreadable). */
function crossFieldProblem({ common, commonPath, kind, body, bodyPath }: Unpacked): Problem | null {
  if (kind === 'latency') {
    // The two spellings of the seeds; exactly one, so the column has one unambiguous source.
    const total = body.total_latency_ms != null;
    const short = body.latency_ms != null;
    if (!total && !short) {
      return {
        path: `${bodyPath}/total_latency_ms`,
        reason: 'is required (or its alias latency_ms)',
        code: 'missing_field',
      };
    }
    if (total && short) {
      return {
        path: `${bodyPath}/latency_ms`,
        reason: 'must not be given together with total_latency_ms',
        code: 'invalid_field',
      };
    }
  }
  const tagged = common.tags?.tenant_id;
  if (tagged !== undefined && common.tenant_id != null && common.tenant_id !== tagged) {
    return {
      path: `${commonPath}/tenant_id`,
      reason: `conflicts with tags.tenant_id ${JSON.stringify(tagged)}`,
      code: 'invalid_field',
    };
  }
  return null;
}

function toHubEvent(item: Record<string, unknown>, unpacked: Unpacked, options: NormalizeOptions): HubEvent {
  const { common, kind, body } = unpacked;
  const tags = common.tags ?? {};
  const event: HubEvent = {
    // Generated ids are name-based: a re-sent copy (any key order) gets the same id and is stored once.
    eventId: common.event_id ?? nameBasedUuid(EVENT_ID_NAMESPACE, canonicalJson(item)),
    time: parseTimestamp(common.timestamp),
    tenant: common.tenant_id ?? tags.tenant_id ?? options.defaultTenant,
    sourceModule: SOURCE_MODULE_ALIASES[common.source_module] ?? (common.source_module as SourceModule),
    eventType: common.event_type,
    kind,
    severity: common.severity ?? DEFAULT_SEVERITY,
    environment: common.environment ?? DEFAULT_ENVIRONMENT,
    schemaVersion: common.schema_version ?? DEFAULT_SCHEMA_VERSION,
    model: null,
    provider: null,
    route: tags.route ?? null,
    correlationId: common.correlation_id ?? null,
    parentEventId: common.parent_event_id ?? null,
    requestId: null,
    latencyMs: null,
    ttftMs: null,
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    tokensPerSecond: null,
    costUsd: null,
    // Set by the cost estimator later in the pipeline, when it fills a missing cost from the price table.
    costEstimated: false,
    isError: false,
    errorType: null,
    tags,
    attributes: {},
  };
  // Filled in place (every field is there already): this runs for every event ingested.
  const columns = event as unknown as Record<ColumnName, unknown>;
  const columnOf = columnsFor(kind, body);
  for (const field in body) {
    const value = body[field];
    if (value == null) continue; // optional fields sent as null count as absent
    const column = columnOf[field];
    if (column) columns[column] = value;
    else event.attributes[field] = value;
  }
  setError(event, kind, body);
  return event;
}

/**
 * For callers that already ran `checkStructure` on the item (normalizeAny); not part of the public surface.
 * @internal
 */
export function normalizeCheckedHubEvent(
  item: Record<string, unknown>,
  envelope: Envelope,
  options: NormalizeOptions,
): Normalized<HubEvent> {
  const unpacked = unpack(item, envelope);
  if (!unpacked.ok) return unpacked;
  const { kind, body, bodyPath } = unpacked.value;
  const problem = validate(payloadValidators[kind], body, bodyPath) ?? crossFieldProblem(unpacked.value);
  if (problem) return fail(problem);
  return ok(toHubEvent(item, unpacked.value, options));
}

/**
 * Validates and normalizes one hub event, in the nested (`{common, payload: {type}}`) or the
 * flattened (`{…common, payload: {payload_type, data}}`) envelope.
 */
export function normalizeHubEvent(item: unknown, options: NormalizeOptions): Normalized<HubEvent> {
  const problem = checkStructure(item);
  if (problem) return fail(problem);
  const object = item as Record<string, unknown>;
  const envelope = envelopeOf(object);
  if (!envelope) {
    return fail({
      path: '',
      reason:
        'is not a hub event: expected {common, payload: {type, …}} or common fields with payload {payload_type, data}',
      code: 'unknown_shape',
    });
  }
  return normalizeCheckedHubEvent(object, envelope, options);
}

export { MAX_DEPTH, MAX_STRING_BYTES, type Problem } from './schemas/validate';
export { PAYLOAD_KINDS, type PayloadKind } from './schemas';

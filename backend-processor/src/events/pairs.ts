import type { Static } from '@sinclair/typebox';
import { canonicalJson, LLM_CALL_NAMESPACE, nameBasedUuid } from './ids';
import {
  DEFAULT_TENANT,
  type HubEvent,
  type Normalized,
  type NormalizeOptions,
  type RequestHalf,
  type ResponseHalf,
} from './model';
import {
  DEFAULT_ENVIRONMENT,
  DEFAULT_SCHEMA_VERSION,
  RequestHalfSchema,
  ResponseHalfSchema,
  parseTimestamp,
} from './schemas';
import { checkStructure, compile, fail, ok, validate } from './schemas/validate';

/*
 * The StreamLens request/response pair: two flat items joined by request_id into one `llm_call`.
 * The halves are validated and normalized here; holding a half until its partner arrives (and
 * counting the ones that expire) is the store's job.
 */

const requestValidator = compile<Static<typeof RequestHalfSchema>>(RequestHalfSchema);
const responseValidator = compile<Static<typeof ResponseHalfSchema>>(ResponseHalfSchema);

/** The tenant of the API key when it is bound to one, else null (`defaultTenant` is then DEFAULT_TENANT). */
function boundTenant(options: NormalizeOptions): string | null {
  return options.defaultTenant !== DEFAULT_TENANT ? options.defaultTenant : null;
}

/** @internal For callers that already ran `checkStructure` (normalizeAny). */
export function normalizeCheckedRequestHalf(
  item: Record<string, unknown>,
  options: NormalizeOptions,
): Normalized<RequestHalf> {
  const problem = validate(requestValidator, item);
  if (problem) return fail(problem);
  const request = item as Static<typeof RequestHalfSchema>;
  // StreamLens requires tenant_id: the pair is aggregated per tenant|route|model. A key bound to a
  // tenant already says which one, so only then may the field be left out.
  const tenant = request.tenant_id ?? boundTenant(options);
  if (tenant === null) {
    return fail({
      path: '/tenant_id',
      reason: 'is required (the API key is bound to no tenant)',
      code: 'missing_field',
    });
  }
  return ok({
    half: 'request',
    requestId: request.request_id,
    tenant,
    route: request.route,
    model: request.model,
    time: parseTimestamp(request.timestamp),
    promptTokens: request.prompt_tokens ?? null,
  });
}

/** @internal For callers that already ran `checkStructure` (normalizeAny). */
export function normalizeCheckedResponseHalf(
  item: Record<string, unknown>,
  options: NormalizeOptions,
): Normalized<ResponseHalf> {
  const problem = validate(responseValidator, item);
  if (problem) return fail(problem);
  const response = item as Static<typeof ResponseHalfSchema>;
  return ok({
    half: 'response',
    requestId: response.request_id,
    tenant: boundTenant(options),
    time: parseTimestamp(response.timestamp),
    latencyMs: response.latency_ms,
    completionTokens: response.completion_tokens ?? null,
    // '' counts as absent: Go senders serialize an unset string field as "" (StreamLens is Go).
    finishReason: response.finish_reason || null,
    error: response.error || null,
  });
}

/** Validates `POST /v1/llm/request`: request_id, tenant_id (unless the key is tenant-bound), route, model, timestamp, prompt_tokens?. */
export function normalizeRequestHalf(item: unknown, options: NormalizeOptions): Normalized<RequestHalf> {
  const problem = checkStructure(item);
  return problem ? fail(problem) : normalizeCheckedRequestHalf(item as Record<string, unknown>, options);
}

/** Validates `POST /v1/llm/response`: request_id, timestamp, latency_ms, completion_tokens?, finish_reason?, error?. */
export function normalizeResponseHalf(item: unknown, options: NormalizeOptions): Normalized<ResponseHalf> {
  const problem = checkStructure(item);
  return problem ? fail(problem) : normalizeCheckedResponseHalf(item as Record<string, unknown>, options);
}

/** Id of the joined event: name-based on tenant and request id, so joining the same pair again is idempotent. */
export function llmCallEventId(tenant: string, requestId: string): string {
  return nameBasedUuid(LLM_CALL_NAMESPACE, canonicalJson([tenant, requestId]));
}

/**
 * Joins the two halves of one call into an `llm_call` event at the request's time. The caller
 * (the store) pairs halves by request id within a tenant; a mismatch is a bug there, so it throws
 * rather than joining two tenants' data.
 */
export function joinPair(request: RequestHalf, response: ResponseHalf): HubEvent {
  if (request.requestId !== response.requestId) {
    throw new Error(`joinPair: request ${request.requestId} joined with response ${response.requestId}`);
  }
  if (response.tenant !== null && response.tenant !== request.tenant) {
    throw new Error(
      `joinPair: request of tenant ${request.tenant} joined with response of tenant ${response.tenant}`,
    );
  }
  // StreamLens counts a response with an error as an error; finish_reason "error" says the same.
  const isError = response.error !== null || response.finishReason === 'error';
  const { promptTokens } = request;
  const { completionTokens } = response;
  return {
    eventId: llmCallEventId(request.tenant, request.requestId),
    time: request.time,
    tenant: request.tenant,
    sourceModule: 'llm-analytics-hub',
    eventType: 'telemetry',
    kind: 'llm_call',
    severity: isError ? 'error' : 'info',
    environment: DEFAULT_ENVIRONMENT,
    schemaVersion: DEFAULT_SCHEMA_VERSION,
    model: request.model,
    provider: null,
    route: request.route,
    correlationId: null,
    parentEventId: null,
    requestId: request.requestId,
    latencyMs: response.latencyMs,
    ttftMs: null,
    promptTokens,
    completionTokens,
    // A total only when both parts are known: a partial sum would under-count silently.
    totalTokens: promptTokens !== null && completionTokens !== null ? promptTokens + completionTokens : null,
    // Not derived: latency_ms includes prompt processing and queueing, so tokens/latency is not a generation rate.
    tokensPerSecond: null,
    costUsd: null,
    costEstimated: false,
    isError,
    // The error as sent (StreamLens' error field plays the role of OTel's error.type).
    errorType: isError ? (response.error ?? 'finish_reason_error') : null,
    tags: {},
    attributes: response.finishReason !== null ? { finish_reason: response.finishReason } : {},
  };
}

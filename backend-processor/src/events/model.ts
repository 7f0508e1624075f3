/**
 * The one internal event record every accepted input shape is normalized into (ARCHITECTURE
 * "Event model"). Columns that are aggregated are extracted; everything else stays in `attributes`.
 */

export const SOURCE_MODULES = [
  'llm-observatory',
  'llm-sentinel',
  'llm-cost-ops',
  'llm-governance-dashboard',
  'llm-registry',
  'llm-policy-engine',
  'llm-analytics-hub',
] as const;
export type SourceModule = (typeof SOURCE_MODULES)[number];

export const EVENT_TYPES = [
  'telemetry',
  'security',
  'cost',
  'governance',
  'lifecycle',
  'audit',
  'alert',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const SEVERITIES = ['debug', 'info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The tenant of events that name none and arrive with a key bound to no tenant. */
export const DEFAULT_TENANT = 'default';

export interface HubEvent {
  /** Dedup key together with `time`: re-sent events carry the same id and are stored once. */
  eventId: string;
  /** Event time, UTC, milliseconds since the epoch. */
  time: number;
  tenant: string;
  sourceModule: SourceModule;
  eventType: EventType;
  /** Payload kind: `latency`, `threat`, `token_cost`, …, `llm_call` (request/response pair), `genai_span`. */
  kind: string;
  severity: Severity;
  environment: string;
  schemaVersion: string;
  model: string | null;
  provider: string | null;
  route: string | null;
  correlationId: string | null;
  parentEventId: string | null;
  requestId: string | null;
  /** Milliseconds. */
  latencyMs: number | null;
  /** Milliseconds to the first token. */
  ttftMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  tokensPerSecond: number | null;
  /** US dollars; estimated from the price table when the event carries none (`costEstimated`). */
  costUsd: number | null;
  costEstimated: boolean;
  isError: boolean;
  errorType: string | null;
  tags: Record<string, string>;
  /** The payload fields not extracted into columns, kept as JSONB. */
  attributes: Record<string, unknown>;
}

/** Why one input item was not accepted: which field (JSON Pointer into the item) and why. */
export interface Rejection {
  /** Position of the item in the request body or Kafka batch. */
  index: number;
  /** JSON Pointer to the offending field, `''` for the item as a whole. */
  path: string;
  /** Human-readable reason, e.g. `must be a number`. */
  reason: string;
  /** Bounded label for the rejection counter, e.g. `invalid_field`, `unknown_field`, `unparseable`. */
  code: RejectionCode;
}

export type RejectionCode =
  | 'unparseable'
  | 'invalid_field'
  | 'missing_field'
  | 'unknown_field'
  | 'unknown_shape'
  | 'timestamp_out_of_range'
  | 'forbidden_tenant'
  | 'too_deep';

/** One half of the flat request/response pair (StreamLens), joined by `requestId` in storage. */
export interface RequestHalf {
  half: 'request';
  requestId: string;
  tenant: string;
  route: string;
  model: string;
  time: number;
  promptTokens: number | null;
}

export interface ResponseHalf {
  half: 'response';
  requestId: string;
  /** From a tenant-bound key; the response shape itself names no tenant. */
  tenant: string | null;
  time: number;
  latencyMs: number;
  completionTokens: number | null;
  finishReason: string | null;
  error: string | null;
}

export type PairHalf = RequestHalf | ResponseHalf;

/** What a normalizer makes of one input item: the value, or why it was refused (the pipeline adds the index). */
export type Normalized<T> = { ok: true; value: T } | { ok: false; error: Omit<Rejection, 'index'> };

export interface NormalizeOptions {
  /** Tenant for items that name none: the tenant of a tenant-bound key, else `DEFAULT_TENANT`. */
  defaultTenant: string;
}

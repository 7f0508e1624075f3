/**
 * The wire formats the demo emits, typed field by field after EVENTS.md (names are exact there, so
 * they are exact here), and the two hub envelopes built from one common-fields record.
 */
import type { EventType, Severity, SourceModule } from '../events/model';

/** `POST /v1/llm/request` body (StreamLens request half). */
export interface LlmRequestBody {
  request_id: string;
  tenant_id: string;
  route: string;
  model: string;
  timestamp: string;
  prompt_tokens?: number;
}

/** `POST /v1/llm/response` body (StreamLens response half), joined to its request by request_id. */
export interface LlmResponseBody {
  request_id: string;
  timestamp: string;
  latency_ms: number;
  completion_tokens?: number;
  finish_reason?: string;
  error?: string;
}

export interface CommonFields {
  event_id: string;
  timestamp: string;
  source_module: SourceModule;
  event_type: EventType;
  correlation_id?: string;
  parent_event_id?: string;
  schema_version: string;
  severity: Severity;
  environment: string;
  /** Always carries `tenant_id`; the hub envelopes have no other place for the tenant. */
  tags: Record<string, string>;
}

export interface LatencyPayload {
  model_id: string;
  request_id: string;
  total_latency_ms: number;
  ttft_ms?: number;
  tokens_per_second?: number;
  breakdown?: {
    queue_time_ms: number;
    processing_time_ms: number;
    network_time_ms: number;
    other_ms: number;
  };
}

export interface TokenUsagePayload {
  model_id: string;
  request_id: string;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface TokenCostPayload {
  model_id: string;
  request_id: string;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost_per_prompt_token: number;
  cost_per_completion_token: number;
  total_cost_usd: number;
  currency: string;
}

export interface BudgetAlertPayload {
  budget_id: string;
  budget_name: string;
  budget_limit_usd: number;
  current_spend_usd: number;
  threshold_percent: number;
  alert_type: 'warning' | 'critical' | 'exceeded';
}

export const THREAT_TYPES = [
  'prompt_injection',
  'data_exfiltration',
  'model_poisoning',
  'denial_of_service',
  'unauthorized_access',
  'malicious_input',
] as const;
export const THREAT_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const MITIGATION_STATUSES = ['detected', 'blocked', 'mitigated', 'investigating', 'resolved'] as const;
export type ThreatLevel = (typeof THREAT_LEVELS)[number];

export interface ThreatPayload {
  threat_id: string;
  threat_type: (typeof THREAT_TYPES)[number];
  threat_level: ThreatLevel;
  source_ip?: string;
  target_resource: string;
  attack_vector: string;
  mitigation_status: (typeof MITIGATION_STATUSES)[number];
  indicators_of_compromise: string[];
}

export interface PolicyViolationPayload {
  policy_id: string;
  policy_name: string;
  violation_description: string;
  violated_rules: string[];
  resource_id: string;
  user_id?: string;
  severity: ThreatLevel;
  auto_remediated: boolean;
}

export interface AuditTrailPayload {
  action: string;
  actor: string;
  resource_type: string;
  resource_id: string;
  changes: Record<string, unknown>;
  ip_address?: string;
  user_agent?: string;
}

/** Payload fields by kind, for the kinds the demo emits. */
export interface PayloadByKind {
  latency: LatencyPayload;
  token_usage: TokenUsagePayload;
  token_cost: TokenCostPayload;
  budget_alert: BudgetAlertPayload;
  threat: ThreatPayload;
  policy_violation: PolicyViolationPayload;
  audit_trail: AuditTrailPayload;
}
export type HubKind = keyof PayloadByKind;

type PayloadType = 'telemetry' | 'security' | 'cost' | 'governance';

/** Which payload family a kind belongs to: `payload_type` of the flattened envelope and its kind tag. */
export const KIND_FAMILY: Record<HubKind, PayloadType> = {
  latency: 'telemetry',
  token_usage: 'telemetry',
  token_cost: 'cost',
  budget_alert: 'cost',
  threat: 'security',
  policy_violation: 'governance',
  audit_trail: 'governance',
};

export const KIND_TAG: Record<PayloadType, string> = {
  telemetry: 'telemetry_type',
  security: 'security_type',
  cost: 'cost_type',
  governance: 'governance_type',
};

export type Envelope = 'nested' | 'flattened';

/** Envelope 1: `{common, payload: {type, …}}`. */
export interface NestedEvent {
  common: CommonFields;
  payload: { type: HubKind } & Record<string, unknown>;
}

/** Envelope 2: common fields at the top level, `payload: {payload_type, data: {<kind tag>, …}}`. */
export interface FlattenedEvent extends CommonFields {
  payload: { payload_type: PayloadType; data: Record<string, unknown> };
}

export function buildHubEvent<K extends HubKind>(
  envelope: Envelope,
  common: CommonFields,
  kind: K,
  data: PayloadByKind[K],
): NestedEvent | FlattenedEvent {
  if (envelope === 'nested') return { common, payload: { type: kind, ...data } };
  const family = KIND_FAMILY[kind];
  return { ...common, payload: { payload_type: family, data: { [KIND_TAG[family]]: kind, ...data } } };
}

interface WireBase {
  /** Event time, ms since the epoch (the body carries the same instant as RFC 3339). */
  time: number;
  /** The tenant, also the Kafka message key. */
  tenant: string;
}

export interface LlmRequestWire extends WireBase {
  channel: 'llm-request';
  body: LlmRequestBody;
}

export interface LlmResponseWire extends WireBase {
  channel: 'llm-response';
  body: LlmResponseBody;
}

export interface HubWire extends WireBase {
  channel: 'hub';
  envelope: Envelope;
  kind: HubKind;
  eventId: string;
  body: NestedEvent | FlattenedEvent;
}

/** One item the demo sends, with what a sender needs to route it. */
export type WireEvent = LlmRequestWire | LlmResponseWire | HubWire;

/** RFC 3339 in UTC with milliseconds, e.g. `2025-01-20T10:00:00.123Z`. */
export function rfc3339(time: number): string {
  return new Date(time).toISOString();
}

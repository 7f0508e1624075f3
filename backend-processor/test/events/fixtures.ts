import type { NormalizeOptions } from '../../src/events/model';
import type { PayloadKind } from '../../src/events/normalize';

/** A valid payload of every kind (fields only, no kind tag), as the emitting modules send them. */
export const PAYLOADS: Record<PayloadKind, Record<string, unknown>> = {
  latency: {
    model_id: 'gpt-4',
    request_id: 'req-123',
    total_latency_ms: 1523.45,
    ttft_ms: 234.12,
    tokens_per_second: 45.6,
    breakdown: { queue_time_ms: 10, processing_time_ms: 1400, network_time_ms: 100, other_ms: 13.45 },
  },
  throughput: {
    model_id: 'gpt-4',
    requests_per_second: 12.5,
    tokens_per_second: 980,
    concurrent_requests: 8,
    window_duration_seconds: 60,
  },
  error_rate: {
    model_id: 'gpt-4',
    total_requests: 200,
    failed_requests: 5,
    error_rate_percent: 2.5,
    error_breakdown: { timeout: 3, rate_limit: 2 },
    window_duration_seconds: 300,
  },
  token_usage: {
    model_id: 'claude-3',
    request_id: 'req-9',
    prompt_tokens: 100,
    completion_tokens: 250,
    total_tokens: 350,
  },
  model_performance: {
    model_id: 'gpt-4',
    accuracy: 0.93,
    quality_score: 4.2,
    user_satisfaction: 4.5,
    custom_metrics: { bleu: 0.41, rouge_l: 0.52 },
  },
  threat: {
    threat_id: 'thr-1',
    threat_type: 'prompt_injection',
    threat_level: 'high',
    source_ip: '203.0.113.7',
    target_resource: 'chat-api',
    attack_vector: 'user prompt',
    mitigation_status: 'blocked',
    indicators_of_compromise: ['ignore previous instructions'],
  },
  vulnerability: {
    vulnerability_id: 'vul-1',
    cve_id: 'CVE-2024-12345',
    severity_score: 7.5,
    affected_component: 'tokenizer',
    description: 'buffer overflow',
    remediation_status: 'patch_available',
  },
  compliance_violation: {
    violation_id: 'vio-1',
    regulation: 'GDPR',
    requirement: 'Art. 5(1)(c)',
    violation_description: 'PII in prompt logs',
    affected_data_types: ['email', 'name'],
    remediation_required: true,
  },
  auth: { user_id: 'u-1', action: 'login', resource: 'dashboard', success: true },
  privacy: {
    data_type: 'email',
    operation: 'data_access',
    user_consent: true,
    data_subjects: ['u-1'],
    purpose: 'support',
  },
  token_cost: {
    model_id: 'gpt-4',
    request_id: 'req-123',
    prompt_tokens: 100,
    completion_tokens: 250,
    total_tokens: 350,
    cost_per_prompt_token: 0.00003,
    cost_per_completion_token: 0.00006,
    total_cost_usd: 0.018,
    currency: 'USD',
  },
  api_cost: {
    provider: 'openai',
    api_endpoint: '/v1/chat/completions',
    request_count: 1000,
    cost_per_request: 0.002,
    total_cost_usd: 2,
    billing_period: '2025-01',
  },
  resource_consumption: {
    resource_type: 'gpu',
    resource_id: 'gpu-node-3',
    quantity: 2.5,
    unit: 'gpu_hours',
    cost_usd: 7.5,
    utilization_percent: 87,
  },
  budget_alert: {
    budget_id: 'b-1',
    budget_name: 'Q1 inference',
    budget_limit_usd: 10000,
    current_spend_usd: 8200,
    threshold_percent: 80,
    alert_type: 'warning',
  },
  policy_violation: {
    policy_id: 'pol-1',
    policy_name: 'no-pii',
    violation_description: 'email address in output',
    violated_rules: ['pii.email'],
    resource_id: 'chat-api',
    user_id: 'u-1',
    severity: 'medium',
    auto_remediated: false,
  },
  audit_trail: {
    action: 'update',
    actor: 'admin@example.com',
    resource_type: 'model',
    resource_id: 'gpt-4',
    changes: { temperature: { from: 0.7, to: 0.2 }, enabled: true },
    ip_address: '198.51.100.4',
    user_agent: 'curl/8.0',
  },
  compliance_check: {
    check_id: 'chk-1',
    framework: 'SOC2',
    controls_checked: ['CC6.1', 'CC7.2'],
    passed: false,
    findings: [
      { control_id: 'CC6.1', status: 'pass', description: 'access reviewed' },
      { control_id: 'CC7.2', status: 'fail', description: 'no alerting', evidence: 'ticket-42' },
    ],
    score: 50,
  },
  data_lineage: {
    data_asset_id: 'ds-1',
    operation: 'transform',
    source: 's3://raw',
    destination: 's3://curated',
    transformation: 'dedupe',
    lineage_path: ['s3://raw', 'job-7', 's3://curated'],
  },
  custom: { custom_type: 'ab_test', data: { variant: 'B', lift: 0.031, nested: [1, { a: null }] } },
};

export const FAMILY_OF: Record<PayloadKind, string> = {
  latency: 'telemetry',
  throughput: 'telemetry',
  error_rate: 'telemetry',
  token_usage: 'telemetry',
  model_performance: 'telemetry',
  threat: 'security',
  vulnerability: 'security',
  compliance_violation: 'security',
  auth: 'security',
  privacy: 'security',
  token_cost: 'cost',
  api_cost: 'cost',
  resource_consumption: 'cost',
  budget_alert: 'cost',
  policy_violation: 'governance',
  audit_trail: 'governance',
  compliance_check: 'governance',
  data_lineage: 'governance',
  custom: 'custom',
};

export const COMMON = {
  event_id: '6f1c1f0e-8f7e-4b8e-9a55-3d6c2c1d9a10',
  timestamp: '2025-01-20T10:00:00.250+01:00',
  source_module: 'llm-observatory',
  event_type: 'telemetry',
  correlation_id: 'corr-1',
  parent_event_id: null,
  schema_version: '1.0.0',
  severity: 'info',
  environment: 'staging',
  tags: { region: 'us-east-1' },
};

/** The nested envelope (`{common, payload: {type, …}}`). */
export function nested(
  kind: PayloadKind,
  payload = PAYLOADS[kind],
  common: Record<string, unknown> = COMMON,
) {
  return { common, payload: { type: kind, ...payload } };
}

/** The flattened envelope (common fields at the top, `payload: {payload_type, data: {<family>_type, …}}`). */
export function flattened(
  kind: PayloadKind,
  payload = PAYLOADS[kind],
  common: Record<string, unknown> = COMMON,
) {
  const family = FAMILY_OF[kind];
  const data = family === 'custom' ? payload : { [`${family}_type`]: kind, ...payload };
  return { ...common, payload: { payload_type: family, data } };
}

export const OPTIONS: NormalizeOptions = { defaultTenant: 'default' };
export const BOUND: NormalizeOptions = { defaultTenant: 'acme' };

/** A copy of `record` without `keys`. */
export function without<T extends object, K extends keyof T>(record: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

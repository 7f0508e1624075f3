/**
 * The generated events against EVENTS.md, written out by hand here (the processor's validator is
 * developed separately, so this test does not lean on it): exact field names, required fields,
 * enum values and types, for a sample of every kind in both hub envelopes and for the pair.
 */
import { createDemoGenerator } from '../../src/demo/generator';
import type { HubKind, HubWire } from '../../src/demo/wire';
import { MINUTE, T0, hubEvents, unwrap } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const SOURCE_MODULES = [
  'llm-observatory',
  'llm-sentinel',
  'llm-cost-ops',
  'llm-costops',
  'llm-governance-dashboard',
  'llm-registry',
  'llm-policy-engine',
  'llm-analytics-hub',
];
const EVENT_TYPES = ['telemetry', 'security', 'cost', 'governance', 'lifecycle', 'audit', 'alert'];
const SEVERITIES = ['debug', 'info', 'warning', 'error', 'critical'];

type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'string[]' | 'object' | readonly string[];
interface KindSpec {
  family: 'telemetry' | 'security' | 'cost' | 'governance';
  tag: string;
  required: Record<string, FieldType>;
  optional?: Record<string, FieldType>;
}

const LEVELS = ['low', 'medium', 'high', 'critical'] as const;

const KINDS: Record<HubKind, KindSpec> = {
  latency: {
    family: 'telemetry',
    tag: 'telemetry_type',
    required: { model_id: 'string', request_id: 'string', total_latency_ms: 'number' },
    optional: { ttft_ms: 'number', tokens_per_second: 'number', breakdown: 'object' },
  },
  token_usage: {
    family: 'telemetry',
    tag: 'telemetry_type',
    required: {
      model_id: 'string',
      request_id: 'string',
      prompt_tokens: 'integer',
      completion_tokens: 'integer',
      total_tokens: 'integer',
    },
  },
  token_cost: {
    family: 'cost',
    tag: 'cost_type',
    required: {
      model_id: 'string',
      request_id: 'string',
      prompt_tokens: 'integer',
      completion_tokens: 'integer',
      total_tokens: 'integer',
      cost_per_prompt_token: 'number',
      cost_per_completion_token: 'number',
      total_cost_usd: 'number',
      currency: ['USD'],
    },
  },
  budget_alert: {
    family: 'cost',
    tag: 'cost_type',
    required: {
      budget_id: 'string',
      budget_name: 'string',
      budget_limit_usd: 'number',
      current_spend_usd: 'number',
      threshold_percent: 'number',
      alert_type: ['warning', 'critical', 'exceeded'],
    },
  },
  threat: {
    family: 'security',
    tag: 'security_type',
    required: {
      threat_id: 'string',
      threat_type: [
        'prompt_injection',
        'data_exfiltration',
        'model_poisoning',
        'denial_of_service',
        'unauthorized_access',
        'malicious_input',
      ],
      threat_level: LEVELS,
      target_resource: 'string',
      attack_vector: 'string',
      mitigation_status: ['detected', 'blocked', 'mitigated', 'investigating', 'resolved'],
      indicators_of_compromise: 'string[]',
    },
    optional: { source_ip: 'string' },
  },
  policy_violation: {
    family: 'governance',
    tag: 'governance_type',
    required: {
      policy_id: 'string',
      policy_name: 'string',
      violation_description: 'string',
      violated_rules: 'string[]',
      resource_id: 'string',
      severity: LEVELS,
      auto_remediated: 'boolean',
    },
    optional: { user_id: 'string' },
  },
  audit_trail: {
    family: 'governance',
    tag: 'governance_type',
    required: {
      action: 'string',
      actor: 'string',
      resource_type: 'string',
      resource_id: 'string',
      changes: 'object',
    },
    optional: { ip_address: 'string', user_agent: 'string' },
  },
};

function checkType(value: unknown, type: FieldType, where: string): void {
  const ok =
    typeof type !== 'string'
      ? type.includes(value as string)
      : type === 'integer'
        ? Number.isInteger(value) && (value as number) >= 0
        : type === 'number'
          ? typeof value === 'number' && Number.isFinite(value) && value >= 0
          : type === 'string[]'
            ? Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')
            : type === 'object'
              ? value !== null && typeof value === 'object' && !Array.isArray(value)
              : typeof value === type;
  if (!ok) throw new Error(`${where}: ${JSON.stringify(value)} is not ${JSON.stringify(type)}`);
}

function checkFields(data: Record<string, unknown>, spec: KindSpec, where: string): void {
  const allowed = { ...spec.required, ...spec.optional };
  for (const key of Object.keys(data)) {
    if (!(key in allowed)) throw new Error(`${where}: unexpected field '${key}'`);
  }
  for (const [key, type] of Object.entries(spec.required)) {
    if (!(key in data)) throw new Error(`${where}: missing field '${key}'`);
    checkType(data[key], type, `${where}.${key}`);
  }
  for (const [key, type] of Object.entries(spec.optional ?? {})) {
    if (key in data) checkType(data[key], type, `${where}.${key}`);
  }
}

const COMMON: KindSpec = {
  family: 'telemetry',
  tag: '',
  required: {
    event_id: 'string',
    timestamp: 'string',
    source_module: SOURCE_MODULES,
    event_type: EVENT_TYPES,
    schema_version: 'string',
    severity: SEVERITIES,
    environment: 'string',
    tags: 'object',
  },
  optional: { correlation_id: 'string', parent_event_id: 'string' },
};

function checkHubEvent(e: HubWire): void {
  const where = `${e.kind}/${e.envelope}`;
  const body = e.body as unknown as Record<string, unknown>;
  const spec = KINDS[e.kind];
  let common: Record<string, unknown>;
  let data: Record<string, unknown>;
  if (e.envelope === 'nested') {
    expect(Object.keys(body).sort()).toEqual(['common', 'payload']);
    common = body.common as Record<string, unknown>;
    const { type, ...rest } = body.payload as Record<string, unknown>;
    expect(type).toBe(e.kind);
    data = rest;
  } else {
    const { payload, ...rest } = body as { payload: Record<string, unknown> };
    common = rest;
    expect(Object.keys(payload).sort()).toEqual(['data', 'payload_type']);
    expect(payload.payload_type).toBe(spec.family);
    const { [spec.tag]: tag, ...fields } = payload.data as Record<string, unknown>;
    expect(tag).toBe(e.kind);
    data = fields;
  }
  checkFields(common, COMMON, `${where} common`);
  expect(common.event_id).toMatch(UUID);
  expect(common.event_id).toBe(e.eventId);
  expect(common.timestamp).toMatch(RFC3339_UTC);
  expect(Date.parse(common.timestamp as string)).toBe(Math.floor(e.time));
  if (common.correlation_id !== undefined) expect(common.correlation_id).toMatch(UUID);
  if (common.parent_event_id !== undefined) expect(common.parent_event_id).toMatch(UUID);
  const tags = common.tags as Record<string, unknown>;
  expect(tags.tenant_id).toBe(e.tenant);
  for (const v of Object.values(tags)) expect(typeof v).toBe('string');
  checkFields(data, spec, where);
}

describe('wire formats match EVENTS.md', () => {
  const events = createDemoGenerator({
    seed: 'formats',
    startTime: T0,
    incidents: [
      { kind: 'threat-chain', start: T0 + 5 * MINUTE, durationMs: 5 * MINUTE },
      // Three surges: enough budget alerts (and the audit entries after them) for both envelopes.
      { kind: 'cost-surge', tenant: 'acme', start: T0 + 10 * MINUTE, durationMs: 5 * MINUTE },
      { kind: 'cost-surge', tenant: 'globex', start: T0 + 15 * MINUTE, durationMs: 5 * MINUTE },
      { kind: 'cost-surge', tenant: 'initech', start: T0 + 20 * MINUTE, durationMs: 5 * MINUTE },
      { kind: 'error-burst', route: 'chat', start: T0 + 10 * MINUTE, durationMs: 5 * MINUTE },
    ],
  }).next(T0 + 30 * MINUTE);
  const hub = hubEvents(events);

  it.each(Object.keys(KINDS) as HubKind[])('%s in both envelopes', (kind) => {
    for (const envelope of ['nested', 'flattened'] as const) {
      const sample = hub.filter((e) => e.kind === kind && e.envelope === envelope).slice(0, 200);
      expect(sample.length).toBeGreaterThan(0);
      sample.forEach(checkHubEvent);
    }
  });

  it('names the source module and event type of each kind as its module does', () => {
    const seen = new Map<string, Set<string>>();
    for (const e of hub) {
      const { common } = unwrap(e);
      const key = e.kind;
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(`${common.source_module}/${common.event_type}`);
    }
    expect(Object.fromEntries([...seen].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      latency: ['llm-observatory/telemetry'],
      token_usage: ['llm-observatory/telemetry'],
      token_cost: ['llm-cost-ops/cost'],
      budget_alert: ['llm-cost-ops/cost'],
      threat: ['llm-sentinel/security'],
      policy_violation: ['llm-governance-dashboard/governance'],
      audit_trail: ['llm-cost-ops/governance', 'llm-governance-dashboard/governance'],
    });
  });

  it('computes total_cost_usd from the token counts and per-token prices', () => {
    for (const e of hubEvents(events, 'token_cost').slice(0, 500)) {
      const d = unwrap(e).data as Record<string, number>;
      expect(d.total_tokens).toBe(d.prompt_tokens! + d.completion_tokens!);
      expect(d.total_cost_usd).toBeCloseTo(
        d.prompt_tokens! * d.cost_per_prompt_token! + d.completion_tokens! * d.cost_per_completion_token!,
        9,
      );
    }
  });

  it('sends request/response pairs with exactly the StreamLens fields', () => {
    const requests = events.flatMap((e) => (e.channel === 'llm-request' ? [e] : []));
    const responses = events.flatMap((e) => (e.channel === 'llm-response' ? [e] : []));
    expect(requests.length).toBeGreaterThan(100);
    for (const r of requests.slice(0, 500)) {
      checkFields(
        r.body as unknown as Record<string, unknown>,
        {
          family: 'telemetry',
          tag: '',
          required: {
            request_id: 'string',
            tenant_id: 'string',
            route: 'string',
            model: 'string',
            timestamp: 'string',
          },
          optional: { prompt_tokens: 'integer' },
        },
        'llm request',
      );
      expect(r.body.timestamp).toMatch(RFC3339_UTC);
      expect(r.body.tenant_id).toBe(r.tenant);
    }
    const withError = responses.filter((r) => r.body.error !== undefined);
    expect(withError.length).toBeGreaterThan(0);
    for (const r of [...responses.slice(0, 500), ...withError]) {
      checkFields(
        r.body as unknown as Record<string, unknown>,
        {
          family: 'telemetry',
          tag: '',
          required: { request_id: 'string', timestamp: 'string', latency_ms: 'number' },
          optional: { completion_tokens: 'integer', finish_reason: 'string', error: 'string' },
        },
        'llm response',
      );
      expect(r.body.timestamp).toMatch(RFC3339_UTC);
    }
    expect(new Set(responses.map((r) => r.body.finish_reason))).toEqual(
      new Set(['stop', 'length', 'tool_calls', 'content_filter', 'error']),
    );
  });
});

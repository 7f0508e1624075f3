import type { HubEvent } from '../../src/events/model';
import { normalizeHubEvent, PAYLOAD_KINDS, type PayloadKind } from '../../src/events/normalize';
import { BOUND, COMMON, flattened, nested, OPTIONS, PAYLOADS, without } from './fixtures';

function accept(item: unknown, options = OPTIONS): HubEvent {
  const result = normalizeHubEvent(item, options);
  if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.error)}`);
  return result.value;
}

function reject(item: unknown, options = OPTIONS) {
  const result = normalizeHubEvent(item, options);
  if (result.ok) throw new Error('accepted');
  return result.error;
}

describe('every payload kind in both envelopes', () => {
  it('covers every kind of EVENTS.md', () => {
    expect([...PAYLOAD_KINDS].sort()).toEqual(Object.keys(PAYLOADS).sort());
    expect(PAYLOAD_KINDS).toHaveLength(19);
  });

  it.each(PAYLOAD_KINDS)('%s: nested and flattened normalize to the same event', (kind) => {
    const fromNested = accept(nested(kind));
    expect(fromNested.kind).toBe(kind);
    expect(accept(flattened(kind))).toEqual(fromNested);
  });

  it('normalizes the common fields', () => {
    expect(accept(nested('auth'))).toMatchObject({
      eventId: COMMON.event_id,
      time: Date.UTC(2025, 0, 20, 9, 0, 0, 250),
      tenant: 'default',
      sourceModule: 'llm-observatory',
      eventType: 'telemetry',
      severity: 'info',
      environment: 'staging',
      schemaVersion: '1.0.0',
      correlationId: 'corr-1',
      parentEventId: null,
      tags: { region: 'us-east-1' },
      costEstimated: false,
    });
  });
});

describe('the hub README REST example, verbatim', () => {
  const body = `{
    "common": {
      "event_id": "evt_123",
      "timestamp": "2025-01-20T10:00:00Z",
      "source_module": "llm-observatory",
      "event_type": "telemetry",
      "schema_version": "1.0.0",
      "severity": "info",
      "environment": "production",
      "tags": {"region": "us-east-1"}
    },
    "payload": {
      "type": "latency",
      "model_id": "gpt-4",
      "latency_ms": 234.5
    }
  }`;

  it('is accepted with its non-UUID id, latency_ms alias and no request_id', () => {
    expect(accept(JSON.parse(body))).toEqual({
      eventId: 'evt_123',
      time: Date.parse('2025-01-20T10:00:00Z'),
      tenant: 'default',
      sourceModule: 'llm-observatory',
      eventType: 'telemetry',
      kind: 'latency',
      severity: 'info',
      environment: 'production',
      schemaVersion: '1.0.0',
      model: 'gpt-4',
      provider: null,
      route: null,
      correlationId: null,
      parentEventId: null,
      requestId: null,
      latencyMs: 234.5,
      ttftMs: null,
      promptTokens: null,
      completionTokens: null,
      totalTokens: null,
      tokensPerSecond: null,
      costUsd: null,
      costEstimated: false,
      isError: false,
      errorType: null,
      tags: { region: 'us-east-1' },
      attributes: {},
    });
  });
});

describe('extracted columns and attributes', () => {
  it('latency: latency, ttft, tokens/s, request id; breakdown stays in attributes', () => {
    expect(accept(nested('latency'))).toMatchObject({
      model: 'gpt-4',
      requestId: 'req-123',
      latencyMs: 1523.45,
      ttftMs: 234.12,
      tokensPerSecond: 45.6,
      attributes: { breakdown: PAYLOADS.latency.breakdown },
    });
  });

  it('token_usage and token_cost carry tokens; token_cost in USD is a cost', () => {
    expect(accept(nested('token_usage'))).toMatchObject({
      model: 'claude-3',
      requestId: 'req-9',
      promptTokens: 100,
      completionTokens: 250,
      totalTokens: 350,
      costUsd: null,
    });
    const cost = accept(nested('token_cost'));
    expect(cost).toMatchObject({ model: 'gpt-4', totalTokens: 350, costUsd: 0.018, costEstimated: false });
    expect(cost.attributes).toEqual({
      cost_per_prompt_token: 0.00003,
      cost_per_completion_token: 0.00006,
      currency: 'USD',
    });
  });

  it('token_cost in another currency: no cost_usd, the amount stays in attributes', () => {
    const event = accept(nested('token_cost', { ...PAYLOADS.token_cost, currency: 'EUR' }));
    expect(event.costUsd).toBeNull();
    expect(event.attributes).toMatchObject({ total_cost_usd: 0.018, currency: 'EUR' });
    expect(accept(nested('token_cost', { ...PAYLOADS.token_cost, currency: 'usd' })).costUsd).toBe(0.018);
  });

  it('api_cost gives provider and cost; resource_consumption gives cost; budget_alert is not a cost', () => {
    expect(accept(nested('api_cost'))).toMatchObject({ provider: 'openai', costUsd: 2, model: null });
    expect(accept(nested('resource_consumption'))).toMatchObject({ costUsd: 7.5, provider: null });
    const alert = accept(nested('budget_alert'));
    expect(alert.costUsd).toBeNull();
    expect(alert.attributes).toEqual(PAYLOADS.budget_alert);
  });

  it('throughput keeps its window rate in attributes, not in the per-request column', () => {
    const event = accept(nested('throughput'));
    expect(event).toMatchObject({ model: 'gpt-4', tokensPerSecond: null });
    expect(event.attributes).toMatchObject({ tokens_per_second: 980, window_duration_seconds: 60 });
  });

  it('error_rate with failures and failed auth are errors; severity alone is not', () => {
    const errorRate = accept(nested('error_rate'));
    expect(errorRate).toMatchObject({ isError: true, errorType: 'error_rate', model: 'gpt-4' });
    expect(errorRate.attributes).toMatchObject({
      error_rate_percent: 2.5,
      error_breakdown: { timeout: 3, rate_limit: 2 },
    });
    const clean = { ...PAYLOADS.error_rate, failed_requests: 0, error_rate_percent: 0, error_breakdown: {} };
    expect(accept(nested('error_rate', clean)).isError).toBe(false);
    const failedLogin = { ...PAYLOADS.auth, success: false, failure_reason: 'bad password' };
    expect(accept(nested('auth', failedLogin))).toMatchObject({
      isError: true,
      errorType: 'auth_failed',
      attributes: { failure_reason: 'bad password' },
    });
    const critical = accept(nested('threat', PAYLOADS.threat, { ...COMMON, severity: 'critical' }));
    expect(critical).toMatchObject({ severity: 'critical', isError: false, errorType: null });
  });

  it('custom keeps custom_type and data as they came', () => {
    expect(accept(flattened('custom')).attributes).toEqual(PAYLOADS.custom);
  });

  it('policy_violation keeps its own severity scale in attributes, apart from the common severity', () => {
    expect(accept(nested('policy_violation'))).toMatchObject({
      severity: 'info',
      attributes: { severity: 'medium' },
    });
  });
});

describe('aliases and defaults', () => {
  const minimal = { timestamp: '2025-01-20T10:00:00Z', source_module: 'llm-costops', event_type: 'cost' };

  it('llm-costops is llm-cost-ops; defaults for schema_version, severity, environment, tags', () => {
    expect(accept(nested('api_cost', PAYLOADS.api_cost, minimal))).toMatchObject({
      sourceModule: 'llm-cost-ops',
      schemaVersion: '1.0.0',
      severity: 'info',
      environment: 'production',
      tags: {},
    });
  });

  it('optional fields sent as null count as absent', () => {
    const withNulls = { ...minimal, correlation_id: null, severity: null, environment: null, tags: null };
    const latency = { model_id: 'm', request_id: null, latency_ms: 5, ttft_ms: null, breakdown: null };
    expect(accept(nested('latency', latency, withNulls))).toMatchObject({
      severity: 'info',
      environment: 'production',
      tags: {},
      latencyMs: 5,
      ttftMs: null,
      requestId: null,
      attributes: {},
    });
  });

  it('total_latency_ms and latency_ms both fill latencyMs', () => {
    const rest = without(PAYLOADS.latency, 'total_latency_ms');
    expect(accept(flattened('latency', { ...rest, latency_ms: 99 })).latencyMs).toBe(99);
    expect(accept(flattened('latency')).latencyMs).toBe(1523.45);
  });

  it('tenant from tenant_id, from tags.tenant_id, else the default tenant', () => {
    expect(accept(nested('auth', PAYLOADS.auth, { ...minimal, tenant_id: 'acme' })).tenant).toBe('acme');
    expect(accept(flattened('auth', PAYLOADS.auth, { ...minimal, tenant_id: 'acme' })).tenant).toBe('acme');
    const tagged = { ...minimal, tags: { tenant_id: 'globex', route: 'chat' } };
    expect(accept(nested('auth', PAYLOADS.auth, tagged))).toMatchObject({ tenant: 'globex', route: 'chat' });
    expect(accept(nested('auth', PAYLOADS.auth, { ...tagged, tenant_id: 'globex' })).tenant).toBe('globex');
    expect(accept(nested('auth', PAYLOADS.auth, minimal), BOUND).tenant).toBe('acme');
  });

  it('open enums accept values outside the listed ones', () => {
    expect(
      accept(nested('threat', { ...PAYLOADS.threat, threat_type: 'jailbreak' })).attributes.threat_type,
    ).toBe('jailbreak');
    const tpu = { ...PAYLOADS.resource_consumption, resource_type: 'tpu' };
    expect(accept(nested('resource_consumption', tpu)).attributes.resource_type).toBe('tpu');
  });

  it('timestamps: offsets, lower-case separators, sub-millisecond digits', () => {
    const at = (timestamp: string) => accept(nested('auth', PAYLOADS.auth, { ...minimal, timestamp })).time;
    const expected = Date.UTC(2025, 0, 20, 10, 0, 0, 123);
    expect(at('2025-01-20T10:00:00.123456789Z')).toBe(expected);
    expect(at('2025-01-20t05:30:00.123-04:30')).toBe(expected);
    expect(at('2025-01-20 11:00:00.123+01:00')).toBe(expected);
    expect(at('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });
});

describe('generated event ids', () => {
  const anonymous = without(COMMON, 'event_id');

  it('are name-based UUIDs: the same for a re-sent copy in any key order, different for another event', () => {
    const first = accept(nested('latency', PAYLOADS.latency, anonymous)).eventId;
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const reordered = JSON.parse(JSON.stringify(nested('latency', PAYLOADS.latency, anonymous), null, 2));
    const copy = Object.fromEntries(Object.entries(reordered).reverse());
    expect(accept(copy).eventId).toBe(first);
    const other = nested('latency', { ...PAYLOADS.latency, ttft_ms: 1 }, anonymous);
    expect(accept(other).eventId).not.toBe(first);
  });

  it('treat event_id null as absent', () => {
    expect(accept(nested('auth', PAYLOADS.auth, { ...anonymous, event_id: null })).eventId).toMatch(/-5/);
  });
});

describe('precise errors', () => {
  const nest = (kind: PayloadKind, patch: Record<string, unknown>) =>
    nested(kind, { ...PAYLOADS[kind], ...patch });
  const latencyWithoutTotal = without(PAYLOADS.latency, 'total_latency_ms');
  const commonWithoutTimestamp = without(COMMON, 'timestamp');
  const deep = (levels: number) => {
    let value: unknown = 'leaf';
    for (let i = 0; i < levels; i++) value = { a: value };
    return value;
  };

  it.each<[string, unknown, string, string, string]>([
    [
      'wrong type',
      nest('latency', { total_latency_ms: '12' }),
      '/payload/total_latency_ms',
      'must be a number',
      'invalid_field',
    ],
    [
      'wrong type (flattened)',
      flattened('latency', { ...PAYLOADS.latency, total_latency_ms: '12' }),
      '/payload/data/total_latency_ms',
      'must be a number',
      'invalid_field',
    ],
    [
      'nullable type',
      nest('latency', { ttft_ms: 'fast' }),
      '/payload/ttft_ms',
      'must be a number',
      'invalid_field',
    ],
    [
      'integer',
      nest('token_usage', { prompt_tokens: 1.5 }),
      '/payload/prompt_tokens',
      'must be an integer',
      'invalid_field',
    ],
    [
      'negative',
      nest('token_usage', { total_tokens: -1 }),
      '/payload/total_tokens',
      'must be >= 0',
      'invalid_field',
    ],
    [
      'percent > 100',
      nest('error_rate', { error_rate_percent: 101 }),
      '/payload/error_rate_percent',
      'must be <= 100',
      'invalid_field',
    ],
    [
      'missing payload field',
      nested('token_usage', { ...PAYLOADS.token_usage, model_id: undefined }),
      '/payload/model_id',
      'is required',
      'missing_field',
    ],
    [
      'latency without either spelling',
      nested('latency', latencyWithoutTotal),
      '/payload/total_latency_ms',
      'is required (or its alias latency_ms)',
      'missing_field',
    ],
    [
      'latency with both spellings',
      nest('latency', { latency_ms: 3 }),
      '/payload/latency_ms',
      'must not be given together with total_latency_ms',
      'invalid_field',
    ],
    [
      'missing timestamp',
      nested('auth', PAYLOADS.auth, commonWithoutTimestamp),
      '/common/timestamp',
      'is required',
      'missing_field',
    ],
    [
      'missing timestamp (flattened)',
      flattened('auth', PAYLOADS.auth, commonWithoutTimestamp),
      '/timestamp',
      'is required',
      'missing_field',
    ],
    [
      'missing common',
      { payload: { type: 'latency', ...PAYLOADS.latency } },
      '/common',
      'is required',
      'missing_field',
    ],
    ['missing payload', { common: COMMON }, '/payload', 'is required', 'missing_field'],
    [
      'unknown payload field',
      nest('latency', { foo: 1 }),
      '/payload/foo',
      'unknown field "foo"',
      'unknown_field',
    ],
    [
      'unknown common field',
      nested('auth', PAYLOADS.auth, { ...COMMON, region: 'eu' }),
      '/common/region',
      'unknown field "region"',
      'unknown_field',
    ],
    [
      'unknown top-level field',
      { ...nested('auth'), extra: true },
      '/extra',
      'unknown field "extra"',
      'unknown_field',
    ],
    [
      'unknown flattened field',
      { ...flattened('auth'), meta: 1 },
      '/meta',
      'unknown field "meta"',
      'unknown_field',
    ],
    [
      'unknown field in a fixed sub-object',
      nest('latency', { breakdown: { ...(PAYLOADS.latency.breakdown as object), gpu_ms: 1 } }),
      '/payload/breakdown/gpu_ms',
      'unknown field "gpu_ms"',
      'unknown_field',
    ],
    [
      'unknown field in an array item',
      nest('compliance_check', {
        findings: [{ control_id: 'c', status: 'pass', description: 'd', note: 'x' }],
      }),
      '/payload/findings/0/note',
      'unknown field "note"',
      'unknown_field',
    ],
    [
      'bad enum',
      nest('threat', { threat_level: 'severe' }),
      '/payload/threat_level',
      'must be one of: low, medium, high, critical',
      'invalid_field',
    ],
    [
      'bad severity',
      nested('auth', PAYLOADS.auth, { ...COMMON, severity: 'fatal' }),
      '/common/severity',
      'must be one of: debug, info, warning, error, critical',
      'invalid_field',
    ],
    [
      'bad source module',
      nested('auth', PAYLOADS.auth, { ...COMMON, source_module: 'llm-foo' }),
      '/common/source_module',
      'must be one of: llm-observatory, llm-sentinel, llm-cost-ops, llm-governance-dashboard, llm-registry, llm-policy-engine, llm-analytics-hub, llm-costops',
      'invalid_field',
    ],
    [
      'unknown nested kind',
      { common: COMMON, payload: { type: 'latencies' } },
      '/payload/type',
      'must be one of: latency, throughput, error_rate, token_usage, model_performance, threat, vulnerability, compliance_violation, auth, privacy, token_cost, api_cost, resource_consumption, budget_alert, policy_violation, audit_trail, compliance_check, data_lineage, custom',
      'invalid_field',
    ],
    [
      'unknown family',
      { ...COMMON, payload: { payload_type: 'metrics', data: {} } },
      '/payload/payload_type',
      'must be one of: telemetry, security, cost, governance, custom',
      'invalid_field',
    ],
    [
      'kind of another family',
      { ...COMMON, payload: { payload_type: 'telemetry', data: { telemetry_type: 'token_cost' } } },
      '/payload/data/telemetry_type',
      'must be one of: latency, throughput, error_rate, token_usage, model_performance',
      'invalid_field',
    ],
    [
      'missing kind tag',
      { ...COMMON, payload: { payload_type: 'cost', data: PAYLOADS.api_cost } },
      '/payload/data/cost_type',
      'is required',
      'missing_field',
    ],
    [
      'timestamp without zone',
      nested('auth', PAYLOADS.auth, { ...COMMON, timestamp: '2025-01-20T10:00:00' }),
      '/common/timestamp',
      'must be an RFC 3339 date-time with a time zone, e.g. 2025-01-20T10:00:00Z',
      'invalid_field',
    ],
    [
      'impossible date',
      nested('auth', PAYLOADS.auth, { ...COMMON, timestamp: '2025-02-29T10:00:00Z' }),
      '/common/timestamp',
      'must be an RFC 3339 date-time with a time zone, e.g. 2025-01-20T10:00:00Z',
      'invalid_field',
    ],
    [
      'epoch number as timestamp',
      nested('auth', PAYLOADS.auth, { ...COMMON, timestamp: 1737367200000 }),
      '/common/timestamp',
      'must be a string',
      'invalid_field',
    ],
    [
      'empty id',
      nested('auth', PAYLOADS.auth, { ...COMMON, event_id: '' }),
      '/common/event_id',
      'must not be empty',
      'invalid_field',
    ],
    [
      'id too long',
      nest('auth', { user_id: 'u'.repeat(257) }),
      '/payload/user_id',
      'must be at most 256 characters long',
      'invalid_field',
    ],
    [
      'non-string tag',
      nested('auth', PAYLOADS.auth, { ...COMMON, tags: { region: 1 } }),
      '/common/tags/region',
      'must be a string',
      'invalid_field',
    ],
    [
      'non-number custom metric',
      nest('model_performance', { custom_metrics: { bleu: 'high' } }),
      '/payload/custom_metrics/bleu',
      'must be a number',
      'invalid_field',
    ],
    [
      'tenant conflict',
      nested('auth', PAYLOADS.auth, { ...COMMON, tenant_id: 'a', tags: { tenant_id: 'b' } }),
      '/common/tenant_id',
      'conflicts with tags.tenant_id "b"',
      'invalid_field',
    ],
    [
      'JSON pointer escaping',
      nest('latency', { 'a/b~c': 1 }),
      '/payload/a~1b~0c',
      'unknown field "a/b~c"',
      'unknown_field',
    ],
    ['array item', [nested('auth')], '', 'must be a JSON object, got an array', 'unknown_shape'],
    ['string item', 'hello', '', 'must be a JSON object, got a string', 'unknown_shape'],
    ['null item', null, '', 'must be a JSON object, got null', 'unknown_shape'],
    [
      'no envelope',
      { event_id: 'x' },
      '',
      'is not a hub event: expected {common, payload: {type, …}} or common fields with payload {payload_type, data}',
      'unknown_shape',
    ],
    [
      'deep nesting',
      nest('custom', { data: deep(40) }),
      '/payload/data/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a',
      'nests deeper than 32 levels',
      'too_deep',
    ],
    [
      'huge string',
      nest('vulnerability', { description: 'x'.repeat(64 * 1024 + 1) }),
      '/payload/description',
      'must be at most 65536 bytes long',
      'invalid_field',
    ],
    [
      'huge string in UTF-8 bytes',
      nest('vulnerability', { description: 'é'.repeat(40_000) }),
      '/payload/description',
      'must be at most 65536 bytes long',
      'invalid_field',
    ],
  ])('%s', (_name, item, path, reason, code) => {
    expect(reject(item)).toEqual({ path, reason, code });
  });

  it('accepts nesting up to 32 levels and strings up to 64 KiB', () => {
    // root (1) → payload (2) → payload.data, the outermost of deep(30)'s objects (3) → its innermost (32)
    expect(accept(nested('custom', { custom_type: 't', data: deep(30) })).kind).toBe('custom');
    expect(reject(nested('custom', { custom_type: 't', data: deep(31) })).code).toBe('too_deep');
    expect(accept(nest('vulnerability', { description: 'x'.repeat(64 * 1024) })).kind).toBe('vulnerability');
  });

  it('survives hostile depth without exhausting the stack', () => {
    const hostile = nest('custom', { data: deep(200_000) });
    expect(reject(hostile).code).toBe('too_deep');
  });

  it('refuses a "__proto__" field from JSON.parse as unknown, without touching prototypes', () => {
    const item = JSON.parse(
      JSON.stringify(nested('auth')).replace('"user_id"', '"__proto__":{"polluted":1},"user_id"'),
    );
    expect(reject(item)).toEqual({
      path: '/payload/__proto__',
      reason: 'unknown field "__proto__"',
      code: 'unknown_field',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('cuts long field names short in reasons', () => {
    const error = reject(nest('latency', { ['k'.repeat(5000)]: 1 }));
    expect(error.code).toBe('unknown_field');
    expect(error.reason.length).toBeLessThan(130);
  });
});

import type { HubEvent } from '../../src/events/model';
import { tallyEvents } from '../../src/observability/eventTally';
import { HubMetrics, LabelLimiter, OTHER_LABEL_VALUE } from '../../src/observability/metrics';

test('a label keeps its first N distinct values and reports later ones as "other"', () => {
  const limiter = new LabelLimiter(2);
  expect(['gpt-4o', 'claude', 'gpt-4o', 'llama', 'claude'].map((v) => limiter.value(v))).toEqual([
    'gpt-4o',
    'claude',
    'gpt-4o',
    OTHER_LABEL_VALUE,
    'claude',
  ]);
});

test('accepted events feed the GenAI histograms and the spend counter, grouped by their labels', async () => {
  const metrics = new HubMetrics(10);
  const call = (over: Partial<HubEvent>): HubEvent =>
    ({
      eventType: 'telemetry',
      sourceModule: 'llm-observatory',
      model: 'gpt-4o',
      provider: 'openai',
      tenant: 'acme',
      isError: false,
      errorType: null,
      latencyMs: null,
      ttftMs: null,
      promptTokens: null,
      completionTokens: null,
      costUsd: null,
      ...over,
    }) as HubEvent;
  metrics.eventsAccepted(
    tallyEvents([
      call({ latencyMs: 200, ttftMs: 50, promptTokens: 10, completionTokens: 20, costUsd: 0.25 }),
      call({ latencyMs: 400, costUsd: 0.5 }),
      call({ latencyMs: 3000, isError: true, errorType: 'timeout' }),
      call({ model: null, eventType: 'security', sourceModule: 'llm-sentinel' }),
    ]),
  );
  const text = await metrics.registry.metrics();
  const value = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  };
  expect(value('llm_events_received_total{event_type="telemetry",source_module="llm-observatory"}')).toBe(3);
  expect(value('llm_events_received_total{event_type="security",source_module="llm-sentinel"}')).toBe(1);
  const ok = 'gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",tenant="acme",error_type=""';
  expect(value(`gen_ai_client_operation_duration_seconds_count{${ok}}`)).toBe(2);
  expect(value(`gen_ai_client_operation_duration_seconds_sum{${ok}}`)).toBeCloseTo(0.6);
  // Buckets are cumulative: 0.2 s is within 0.32 s, 0.4 s only within 0.64 s and above.
  const bucket = (le: string) => value(`gen_ai_client_operation_duration_seconds_bucket{le="${le}",${ok}}`);
  expect(['0.16', '0.32', '0.64', '81.92', '+Inf'].map(bucket)).toEqual([0, 1, 2, 2, 2]);
  const failed =
    'gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",tenant="acme",error_type="timeout"';
  expect(value(`gen_ai_client_operation_duration_seconds_count{${failed}}`)).toBe(1);
  expect(
    value(
      'gen_ai_server_time_to_first_token_seconds_sum{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"}',
    ),
  ).toBe(0.05);
  expect(
    value(
      'gen_ai_client_token_usage_sum{gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="output"}',
    ),
  ).toBe(20);
  expect(value('llm_cost_usd_total{provider="openai",model="gpt-4o",tenant="acme"}')).toBe(0.75);
});

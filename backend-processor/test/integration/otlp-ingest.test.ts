/** The real OpenTelemetry SDK exports a GenAI span over OTLP/HTTP protobuf; it becomes an event. */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ADMIN_KEY, useDatabaseProcessor } from '../support/processor';

const fixture = useDatabaseProcessor('otlp');

test('an OTLP GenAI span becomes an event with model, tokens and latency', async () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'chat-api',
      'deployment.environment.name': 'staging',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('otlp-ingest-test');
  const start = Date.now() - 2_000;
  const span = tracer.startSpan('chat gpt-4o', {
    kind: SpanKind.CLIENT,
    startTime: start,
    attributes: {
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 480,
      tenant_id: 'acme',
    },
  });
  span.setStatus({ code: SpanStatusCode.OK });
  span.end(start + 1_500);
  const body = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
  const traceId = span.spanContext().traceId;

  const response = await fetch(`${fixture.hub.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${ADMIN_KEY}` },
    body: Buffer.from(body),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/application\/x-protobuf/);

  const rows = await fixture.db.query(
    `SELECT tenant, model, provider, environment, kind, prompt_tokens, completion_tokens, total_tokens, latency_ms, cost_usd
       FROM events WHERE attributes->>'trace_id' = $1`,
    [traceId],
  );
  expect(rows.rows).toEqual([
    expect.objectContaining({
      tenant: 'acme',
      model: 'gpt-4o-2024-08-06',
      provider: 'openai',
      environment: 'staging',
      kind: 'genai_span',
      prompt_tokens: '120',
      completion_tokens: '480',
      total_tokens: '600',
      latency_ms: 1500,
    }),
  ]);
  expect(rows.rows[0].cost_usd).toBeGreaterThan(0);
});

test('an OTLP body that does not decode gets 400 and is kept as a dead letter', async () => {
  const response = await fetch(`${fixture.hub.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: '{"resourceSpans": "nope"}',
  });
  expect(response.status).toBe(400);
  const letters = await fixture.db.query(
    "SELECT count(*) AS n FROM dead_letters WHERE source = 'POST /v1/traces'",
  );
  expect(Number(letters.rows[0].n)).toBeGreaterThanOrEqual(1);
});

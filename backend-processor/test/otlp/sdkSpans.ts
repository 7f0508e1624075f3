/**
 * Spans recorded by the real OpenTelemetry JS SDK, as an instrumented LLM application would emit
 * them: two services (resources), GenAI spans with the current and the deprecated attribute names,
 * non-GenAI spans around them, and two spans with invalid token counts.
 */
import { context, SpanKind, SpanStatusCode, trace, type HrTime, type SpanContext } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

/** 2023-11-14T22:13:20.123456789Z: nanoseconds that do not fit a double, to catch 64-bit mistakes. */
const T0_SECONDS = 1_700_000_000;
const T0_NANOS = 123_456_789;
export const T0_MS = 1_700_000_000_123;

/** T0 plus `ms` milliseconds, as an SDK HrTime. */
export function at(ms: number): HrTime {
  const nanos = T0_NANOS + ms * 1_000_000;
  return [T0_SECONDS + Math.floor(nanos / 1e9), nanos % 1e9];
}

export interface Scenario {
  /** In export order: resource `chat-api` (scopes `chat-api`, `genai`), then resource `batch-worker`. */
  spans: ReadableSpan[];
  /** Trace and span ids (hex) of each span, by its variable name below. */
  ids: Record<SpanName, SpanContext>;
}

type SpanName =
  | 'request'
  | 'agent'
  | 'chat'
  | 'legacy'
  | 'negative'
  | 'timedOut'
  | 'crashed'
  | 'embeddings'
  | 'query'
  | 'wordy';

export function recordScenario(): Scenario {
  const chatExporter = new InMemorySpanExporter();
  const chatApi = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'chat-api',
      'deployment.environment.name': 'staging',
      tenant_id: 'acme',
      'host.name': 'web-1',
    }),
    spanProcessors: [new SimpleSpanProcessor(chatExporter)],
  });
  const app = chatApi.getTracer('chat-api');
  const genai = chatApi.getTracer('@example/genai-instrumentation', '1.2.3');

  const request = app.startSpan('POST /chat', {
    kind: SpanKind.SERVER,
    startTime: at(0),
    attributes: { 'http.route': '/chat', 'http.request.method': 'POST' },
  });
  const inRequest = trace.setSpan(context.active(), request);

  const agent = genai.startSpan(
    'invoke_agent support-bot',
    {
      kind: SpanKind.INTERNAL,
      startTime: at(5),
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.provider.name': 'openai',
        'gen_ai.agent.name': 'support-bot',
      },
    },
    inRequest,
  );
  const chat = genai.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      startTime: at(10),
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.response.id': 'chatcmpl-123',
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 80,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.response.time_to_first_chunk': 0.25,
        'gen_ai.request.temperature': 0.2,
        'server.address': 'api.openai.com',
      },
    },
    trace.setSpan(inRequest, agent),
  );
  chat.end(at(1610));
  agent.end(at(1700));

  // An older instrumentation: gen_ai.system, prompt/completion tokens, no response model.
  const legacy = genai.startSpan(
    'chat claude-3-5-sonnet',
    {
      kind: SpanKind.CLIENT,
      startTime: at(2000),
      attributes: {
        'gen_ai.system': 'anthropic',
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'claude-3-5-sonnet',
        'gen_ai.usage.prompt_tokens': 50,
        'gen_ai.usage.completion_tokens': 10,
        'gen_ai.server.time_to_first_token': 0.4,
        'http.route': '/summarize',
      },
    },
    inRequest,
  );
  legacy.end(at(2500));

  const negative = genai.startSpan(
    'chat gpt-4o',
    {
      startTime: at(3000),
      attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.usage.input_tokens': -5 },
    },
    inRequest,
  );
  negative.end(at(3100));
  request.end(at(4000));

  const workerExporter = new InMemorySpanExporter();
  const worker = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'batch-worker', 'deployment.environment': 'dev' }),
    spanProcessors: [new SimpleSpanProcessor(workerExporter)],
  });
  const jobs = worker.getTracer('batch-worker');

  const timedOut = jobs.startSpan('chat gpt-4o-mini', {
    kind: SpanKind.CLIENT,
    startTime: at(0),
    attributes: {
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'error.type': 'timeout',
    },
  });
  timedOut.setStatus({ code: SpanStatusCode.ERROR, message: 'deadline exceeded' });
  timedOut.end(at(30_000));

  // Only an error status and a recorded exception, no error.type; the span names its own tenant.
  const crashed = jobs.startSpan('chat', {
    startTime: at(100),
    attributes: { 'gen_ai.system': 'openai', 'tenant.id': 'globex' },
  });
  crashed.recordException(new TypeError('fetch failed'), at(150));
  crashed.setStatus({ code: SpanStatusCode.ERROR });
  crashed.end(at(200));

  const embeddings = jobs.startSpan('embeddings embed-v4', {
    kind: SpanKind.CLIENT,
    startTime: at(300),
    attributes: {
      'gen_ai.provider.name': 'cohere',
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.model': 'embed-v4.0',
      'gen_ai.usage.input_tokens': 42,
    },
  });
  embeddings.end(at(340));

  const query = jobs.startSpan('SELECT jobs', {
    startTime: at(400),
    attributes: { 'db.system.name': 'postgresql' },
  });
  query.end(at(410));

  const wordy = jobs.startSpan('chat', {
    startTime: at(500),
    attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.usage.output_tokens': 'many' },
  });
  wordy.end(at(600));

  // The SDK hands spans to the exporter as they end; order each service's spans by start time so
  // the request (and with it the `chat-api` scope) comes first.
  const byStart = (a: ReadableSpan, b: ReadableSpan) =>
    a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1];
  const spans = [
    ...chatExporter.getFinishedSpans().sort(byStart),
    ...workerExporter.getFinishedSpans().sort(byStart),
  ];
  const named = { request, agent, chat, legacy, negative, timedOut, crashed, embeddings, query, wordy };
  const ids = Object.fromEntries(Object.entries(named).map(([name, span]) => [name, span.spanContext()]));
  return { spans, ids: ids as Scenario['ids'] };
}

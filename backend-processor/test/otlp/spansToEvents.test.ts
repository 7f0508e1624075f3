import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { HubEvent } from '../../src/events/model';
import {
  decodeOtlpTraceRequest,
  encodeOtlpTraceResponse,
  spanEventId,
  spansToEvents,
  type SpansToEventsResult,
} from '../../src/events/otlp';
import { recordScenario, T0_MS } from './sdkSpans';

const OPTIONS = { defaultTenant: 'tenant-of-key' };
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const scenario = recordScenario();
const { ids } = scenario;

const encodings = {
  protobuf: { contentType: 'application/x-protobuf', serializer: ProtobufTraceSerializer },
  json: { contentType: 'application/json', serializer: JsonTraceSerializer },
};

function serialize(encoding: keyof typeof encodings, spans: ReadableSpan[] = scenario.spans): Buffer {
  const bytes = encodings[encoding].serializer.serializeRequest(spans);
  if (!bytes) throw new Error('the serializer produced nothing');
  return Buffer.from(bytes);
}

function mapBody(body: Buffer, contentType: string): SpansToEventsResult {
  return spansToEvents(decodeOtlpTraceRequest(body, contentType), OPTIONS);
}

function asUuid(traceId: string): string {
  return traceId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

describe.each(Object.keys(encodings) as (keyof typeof encodings)[])(
  'GenAI spans from the SDK, %s',
  (encoding) => {
    const result = mapBody(serialize(encoding), encodings[encoding].contentType);
    const event = (span: keyof typeof ids): HubEvent => {
      const found = result.events.find((e) => e.attributes.span_id === ids[span].spanId);
      if (!found) throw new Error(`no event for ${span}`);
      return found;
    };

    it('turns GenAI spans into events, ignores the others and rejects invalid token counts precisely', () => {
      expect(result.events.map((e) => e.attributes.span_id)).toEqual(
        [ids.agent, ids.chat, ids.legacy, ids.timedOut, ids.crashed, ids.embeddings].map((c) => c.spanId),
      );
      expect(result.ignoredSpans).toBe(2); // POST /chat and SELECT jobs
      expect(result.rejected).toEqual([
        {
          spanIndex: 4,
          path: '/resourceSpans/0/scopeSpans/1/spans/3/attributes/gen_ai.usage.input_tokens',
          reason: 'must not be negative, got -5',
          code: 'invalid_field',
        },
        {
          spanIndex: 9,
          path: '/resourceSpans/1/scopeSpans/0/spans/4/attributes/gen_ai.usage.output_tokens',
          reason: 'must be an integer, got string',
          code: 'invalid_field',
        },
      ]);
    });

    it('maps the current GenAI attribute names', () => {
      const chat = ids.chat;
      expect(event('chat')).toEqual({
        eventId: spanEventId(chat.traceId, chat.spanId),
        time: T0_MS + 10,
        tenant: 'acme',
        sourceModule: 'llm-observatory',
        eventType: 'telemetry',
        kind: 'genai_span',
        severity: 'info',
        environment: 'staging',
        schemaVersion: '1.0.0',
        model: 'gpt-4o-2024-08-06',
        provider: 'openai',
        route: null,
        correlationId: asUuid(chat.traceId),
        parentEventId: spanEventId(chat.traceId, ids.agent.spanId),
        requestId: 'chatcmpl-123',
        latencyMs: 1600,
        ttftMs: 250,
        promptTokens: 120,
        completionTokens: 80,
        totalTokens: 200,
        tokensPerSecond: 50,
        costUsd: null,
        costEstimated: false,
        isError: false,
        errorType: null,
        tags: {},
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.request.temperature': 0.2,
          'server.address': 'api.openai.com',
          resource: expect.objectContaining({ 'host.name': 'web-1' }),
          span_name: 'chat gpt-4o',
          span_kind: 'client',
          trace_id: chat.traceId,
          span_id: chat.spanId,
          parent_span_id: ids.agent.spanId,
          'service.name': 'chat-api',
          'otel.scope.name': '@example/genai-instrumentation',
        },
      });
      // Extracted resource attributes are not repeated in `attributes.resource`.
      expect(event('chat').attributes.resource).not.toHaveProperty('tenant_id');
      expect(event('chat').attributes.resource).not.toHaveProperty('service.name');
    });

    it('maps the deprecated names: gen_ai.system, prompt/completion tokens, deployment.environment', () => {
      expect(event('legacy')).toMatchObject({
        provider: 'anthropic',
        model: 'claude-3-5-sonnet',
        promptTokens: 50,
        completionTokens: 10,
        totalTokens: 60,
        latencyMs: 500,
        ttftMs: 400,
        tokensPerSecond: 20,
        route: '/summarize',
        time: T0_MS + 2000,
      });
      expect(Object.keys(event('legacy').attributes)).not.toEqual(
        expect.arrayContaining(['gen_ai.system', 'gen_ai.usage.prompt_tokens']),
      );
      expect(event('timedOut').environment).toBe('dev');
    });

    it('links parents and children with deterministic ids', () => {
      const agent = event('agent');
      expect(agent.eventId).toMatch(UUID_V5);
      expect(event('chat').parentEventId).toBe(agent.eventId);
      // The agent's parent is the HTTP span: not an event, but the link still names its would-be id.
      expect(agent.parentEventId).toBe(spanEventId(ids.request.traceId, ids.request.spanId));
      expect(agent.route).toBe('support-bot');
      expect(event('embeddings').parentEventId).toBeNull();
      expect(new Set(result.events.map((e) => e.eventId)).size).toBe(result.events.length);
    });

    it('marks errors from error.type and from an error status with a recorded exception', () => {
      expect(event('timedOut')).toMatchObject({
        isError: true,
        errorType: 'timeout',
        severity: 'error',
        latencyMs: 30_000,
        tenant: 'tenant-of-key',
        promptTokens: null,
        tokensPerSecond: null,
        attributes: expect.objectContaining({ status_message: 'deadline exceeded' }),
      });
      expect(event('crashed')).toMatchObject({ isError: true, errorType: 'TypeError', tenant: 'globex' });
      expect(event('chat')).toMatchObject({ isError: false, severity: 'info' });
    });

    it('leaves totals and rates unknown when output tokens are unknown', () => {
      expect(event('embeddings')).toMatchObject({
        promptTokens: 42,
        completionTokens: null,
        totalTokens: null,
        tokensPerSecond: null,
        latencyMs: 40,
      });
    });
  },
);

// The bodies come from the otlp-transformer serializers, which is what OTLPTraceExporter sends (with
// `content-type: application/x-protobuf`). The exporter itself cannot run under jest: its HTTP
// transport loads `http` with a dynamic import(), which jest's sandbox refuses without
// --experimental-vm-modules.
describe('both encodings', () => {
  it('give the same events for the same spans, and the same again when re-sent', () => {
    const fromProtobuf = mapBody(serialize('protobuf'), 'application/x-protobuf');
    expect(mapBody(serialize('json'), 'application/json; charset=utf-8')).toEqual(fromProtobuf);
    expect(mapBody(serialize('protobuf'), 'application/x-protobuf')).toEqual(fromProtobuf);
  });

  it('encodes a partial success the SDK reads back', () => {
    const body = encodeOtlpTraceResponse({ rejectedSpans: 2, errorMessage: 'two spans rejected' });
    expect(ProtobufTraceSerializer.deserializeResponse(body)).toEqual({
      partialSuccess: { rejectedSpans: 2, errorMessage: 'two spans rejected' },
    });
    expect(encodeOtlpTraceResponse(null)).toHaveLength(0);
  });
});

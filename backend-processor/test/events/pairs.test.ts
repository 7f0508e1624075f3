import { DEFAULT_TENANT, type RequestHalf, type ResponseHalf } from '../../src/events/model';
import {
  joinPair,
  llmCallEventId,
  normalizeRequestHalf,
  normalizeResponseHalf,
} from '../../src/events/pairs';
import { BOUND, OPTIONS, without } from './fixtures';

// The StreamLens examples, verbatim.
const REQUEST = {
  request_id: 'req-123',
  tenant_id: 'acme',
  route: 'chat',
  model: 'gpt-4',
  timestamp: '2025-11-20T10:00:30.000Z',
  prompt_tokens: 100,
};
const RESPONSE = {
  request_id: 'req-123',
  timestamp: '2025-11-20T10:00:31.200Z',
  latency_ms: 1200,
  completion_tokens: 250,
  finish_reason: 'stop',
};

function request(item: unknown, options = OPTIONS): RequestHalf {
  const result = normalizeRequestHalf(item, options);
  if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.error)}`);
  return result.value;
}

function response(item: unknown, options = OPTIONS): ResponseHalf {
  const result = normalizeResponseHalf(item, options);
  if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('request half', () => {
  it('normalizes the StreamLens example', () => {
    expect(request(REQUEST)).toEqual({
      half: 'request',
      requestId: 'req-123',
      tenant: 'acme',
      route: 'chat',
      model: 'gpt-4',
      time: Date.UTC(2025, 10, 20, 10, 0, 30),
      promptTokens: 100,
    });
  });

  it('prompt_tokens is optional', () => {
    const rest = without(REQUEST, 'prompt_tokens');
    expect(request(rest).promptTokens).toBeNull();
    expect(request({ ...REQUEST, prompt_tokens: null }).promptTokens).toBeNull();
  });

  it('tenant_id may be left out only with a tenant-bound key', () => {
    const anonymous = without(REQUEST, 'tenant_id');
    expect(request(anonymous, BOUND).tenant).toBe('acme');
    expect(normalizeRequestHalf(anonymous, { defaultTenant: DEFAULT_TENANT })).toEqual({
      ok: false,
      error: {
        path: '/tenant_id',
        reason: 'is required (the API key is bound to no tenant)',
        code: 'missing_field',
      },
    });
  });

  it.each<[string, unknown, string, string, string]>([
    ['missing model', { ...REQUEST, model: undefined }, '/model', 'is required', 'missing_field'],
    ['missing timestamp', { ...REQUEST, timestamp: undefined }, '/timestamp', 'is required', 'missing_field'],
    [
      'float tokens',
      { ...REQUEST, prompt_tokens: 2.5 },
      '/prompt_tokens',
      'must be an integer',
      'invalid_field',
    ],
    ['unknown field', { ...REQUEST, user: 'bob' }, '/user', 'unknown field "user"', 'unknown_field'],
    [
      'bad timestamp',
      { ...REQUEST, timestamp: 'yesterday' },
      '/timestamp',
      'must be an RFC 3339 date-time with a time zone, e.g. 2025-01-20T10:00:00Z',
      'invalid_field',
    ],
  ])('%s', (_name, item, path, reason, code) => {
    expect(normalizeRequestHalf(item, OPTIONS)).toEqual({ ok: false, error: { path, reason, code } });
  });
});

describe('response half', () => {
  it('normalizes the StreamLens example; the tenant comes only from a bound key', () => {
    expect(response(RESPONSE)).toEqual({
      half: 'response',
      requestId: 'req-123',
      tenant: null,
      time: Date.UTC(2025, 10, 20, 10, 0, 31, 200),
      latencyMs: 1200,
      completionTokens: 250,
      finishReason: 'stop',
      error: null,
    });
    expect(response(RESPONSE, BOUND).tenant).toBe('acme');
  });

  it('reads empty strings (Go zero values) as absent', () => {
    expect(response({ ...RESPONSE, finish_reason: '', error: '' })).toMatchObject({
      finishReason: null,
      error: null,
    });
  });

  it.each<[string, unknown, string, string, string]>([
    [
      'missing latency',
      { ...RESPONSE, latency_ms: undefined },
      '/latency_ms',
      'is required',
      'missing_field',
    ],
    [
      'string latency',
      { ...RESPONSE, latency_ms: '1200' },
      '/latency_ms',
      'must be a number',
      'invalid_field',
    ],
    [
      'tenant in a response',
      { ...RESPONSE, tenant_id: 'acme' },
      '/tenant_id',
      'unknown field "tenant_id"',
      'unknown_field',
    ],
  ])('%s', (_name, item, path, reason, code) => {
    expect(normalizeResponseHalf(item, OPTIONS)).toEqual({ ok: false, error: { path, reason, code } });
  });
});

describe('joinPair', () => {
  it('joins the halves into one llm_call at the request time', () => {
    expect(joinPair(request(REQUEST), response(RESPONSE))).toEqual({
      eventId: llmCallEventId('acme', 'req-123'),
      time: Date.UTC(2025, 10, 20, 10, 0, 30),
      tenant: 'acme',
      sourceModule: 'llm-analytics-hub',
      eventType: 'telemetry',
      kind: 'llm_call',
      severity: 'info',
      environment: 'production',
      schemaVersion: '1.0.0',
      model: 'gpt-4',
      provider: null,
      route: 'chat',
      correlationId: null,
      parentEventId: null,
      requestId: 'req-123',
      latencyMs: 1200,
      ttftMs: null,
      promptTokens: 100,
      completionTokens: 250,
      totalTokens: 350,
      tokensPerSecond: null,
      costUsd: null,
      costEstimated: false,
      isError: false,
      errorType: null,
      tags: {},
      attributes: { finish_reason: 'stop' },
    });
  });

  it('has a deterministic id: tenant + request id (uuid5, known answer from Python)', () => {
    expect(llmCallEventId('acme', 'req-123')).toBe('633a4417-73e4-5c44-8e4b-7d8e766e489a');
    const again = joinPair(request({ ...REQUEST }), response({ ...RESPONSE, latency_ms: 1300 }));
    expect(again.eventId).toBe('633a4417-73e4-5c44-8e4b-7d8e766e489a');
    expect(joinPair(request({ ...REQUEST, tenant_id: 'globex' }), response(RESPONSE)).eventId).not.toBe(
      again.eventId,
    );
  });

  it('an error or finish_reason "error" makes the call an error', () => {
    const failed = joinPair(
      request(REQUEST),
      response({ ...RESPONSE, error: 'timeout', finish_reason: null }),
    );
    expect(failed).toMatchObject({ isError: true, errorType: 'timeout', severity: 'error', attributes: {} });
    const stopped = joinPair(request(REQUEST), response({ ...RESPONSE, finish_reason: 'error' }));
    expect(stopped).toMatchObject({ isError: true, errorType: 'finish_reason_error' });
  });

  it('leaves the total unknown when a part is unknown', () => {
    const noPrompt = without(REQUEST, 'prompt_tokens');
    expect(joinPair(request(noPrompt), response(RESPONSE))).toMatchObject({
      promptTokens: null,
      totalTokens: null,
    });
  });

  it('refuses halves the caller mismatched', () => {
    expect(() => joinPair(request(REQUEST), response({ ...RESPONSE, request_id: 'req-124' }))).toThrow(
      /req-124/,
    );
    const otherTenant = response(RESPONSE, { defaultTenant: 'globex' });
    expect(() => joinPair(request(REQUEST), otherTenant)).toThrow(/tenant/);
  });
});

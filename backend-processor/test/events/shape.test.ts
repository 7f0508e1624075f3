import { detectShape, normalizeAny } from '../../src/events/shape';
import { flattened, nested, OPTIONS } from './fixtures';

const REQUEST = {
  request_id: 'r',
  tenant_id: 't',
  route: 'chat',
  model: 'm',
  timestamp: '2025-01-01T00:00:00Z',
};
const RESPONSE = { request_id: 'r', timestamp: '2025-01-01T00:00:01Z', latency_ms: 10 };

describe('detectShape', () => {
  it.each<[string, unknown, string | null]>([
    ['nested', nested('latency'), 'nested'],
    ['flattened', flattened('latency'), 'flattened'],
    ['flattened custom', flattened('custom'), 'flattened'],
    ['request', REQUEST, 'request'],
    ['request with model only', { request_id: 'r', model: 'm' }, 'request'],
    ['response', RESPONSE, 'response'],
    ['response without latency', { request_id: 'r', completion_tokens: 3 }, 'response'],
    ['otlp', { resourceSpans: [] }, 'otlp'],
    ['nested missing its common', { payload: { type: 'latency' } }, 'nested'],
    ['request_id alone', { request_id: 'r' }, null],
    ['empty object', {}, null],
    ['array', [], null],
    ['string', 'x', null],
    ['null', null, null],
  ])('%s → %s', (_name, item, shape) => {
    expect(detectShape(item)).toBe(shape);
  });
});

describe('normalizeAny', () => {
  it('normalizes each accepted shape', () => {
    const results = [nested('latency'), flattened('token_cost'), REQUEST, RESPONSE].map((item) =>
      normalizeAny(item, OPTIONS),
    );
    expect(
      results.map((result) => result.ok && ('kind' in result.value ? result.value.kind : result.value.half)),
    ).toEqual(['latency', 'token_cost', 'request', 'response']);
  });

  it('gives the precise error of the shape an item claims', () => {
    expect(normalizeAny({ ...REQUEST, route: 5 }, OPTIONS)).toEqual({
      ok: false,
      error: { path: '/route', reason: 'must be a string', code: 'invalid_field' },
    });
  });

  it('sends OTLP to its own endpoint and refuses unknown shapes', () => {
    expect(normalizeAny({ resourceSpans: [] }, OPTIONS)).toEqual({
      ok: false,
      error: {
        path: '',
        reason: 'is an OTLP trace export: send it to /v1/traces (OTLP/HTTP), not as an event',
        code: 'unknown_shape',
      },
    });
    const unknown = normalizeAny({ hello: 'world' }, OPTIONS);
    expect(unknown.ok || unknown.error.code).toBe('unknown_shape');
  });

  it('applies the guard rails before looking at the shape', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(normalizeAny({ ...REQUEST, x: deep }, OPTIONS)).toMatchObject({
      ok: false,
      error: { code: 'too_deep' },
    });
    expect(normalizeAny(42, OPTIONS)).toMatchObject({
      ok: false,
      error: { code: 'unknown_shape', path: '' },
    });
  });
});

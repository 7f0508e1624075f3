/**
 * Property-based tests of the normalizers (fast-check): whatever arrives, they answer — an event or
 * a rejection that says where and why — and never throw; a valid event with any valid field values
 * keeps those values; breaking one field of a valid event is refused at that field.
 */
import fc from 'fast-check';
import type { Normalized, RejectionCode } from '../../src/events/model';
import { normalizeRequestHalf, normalizeResponseHalf } from '../../src/events/pairs';
import { normalizeAny } from '../../src/events/shape';
import { COMMON, OPTIONS, PAYLOADS, flattened, nested } from '../events/fixtures';

const CODES: RejectionCode[] = [
  'unparseable',
  'invalid_field',
  'missing_field',
  'unknown_field',
  'unknown_shape',
  'timestamp_out_of_range',
  'forbidden_tenant',
  'too_deep',
];
const NORMALIZERS = { normalizeAny, normalizeRequestHalf, normalizeResponseHalf };
const KINDS = Object.keys(PAYLOADS) as Array<keyof typeof PAYLOADS>;

/** Either an event, or a rejection with a JSON-pointer-like path, a known code and a reason. */
function wellFormed(result: Normalized<unknown>): boolean {
  if (result.ok) return typeof result.value === 'object' && result.value !== null;
  const { path, code, reason } = result.error;
  return (path === '' || path.startsWith('/')) && CODES.includes(code) && reason.length > 0;
}

/**
 * A valid event of any kind with some of its fields deleted or replaced by any JSON value: these
 * get past the shape detection and reach every field's check.
 */
const corrupted = fc
  .tuple(fc.constantFrom(...KINDS), fc.boolean())
  .chain(([kind, flat]) => {
    const fields = [
      ...Object.keys(COMMON).map((key) => ['common', key]),
      ...Object.keys(PAYLOADS[kind]).map((key) => ['payload', key]),
    ];
    return fc.tuple(
      fc.constant({ kind, flat }),
      fc.subarray(fields, { minLength: 1, maxLength: 3 }),
      fc.array(fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }), { minLength: 3, maxLength: 3 }),
    );
  })
  .map(([{ kind, flat }, chosen, values]) => {
    const common: Record<string, unknown> = { ...COMMON, timestamp: new Date().toISOString() };
    const payload: Record<string, unknown> = { ...PAYLOADS[kind] };
    chosen.forEach(([part, key], i) => {
      const target = part === 'common' ? common : payload;
      if (values[i] === undefined) delete target[key!];
      else target[key!] = values[i];
    });
    return (flat ? flattened : nested)(kind, payload, common);
  });

/** The flat request/response halves with any values. */
const halfLike = fc.record({
  request_id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
  model: fc.jsonValue({ maxDepth: 1 }),
  timestamp: fc.oneof(fc.string(), fc.constant(new Date().toISOString())),
  messages: fc.jsonValue({ maxDepth: 2 }),
});

test.each(Object.entries(NORMALIZERS))('%s answers any JSON value without throwing', (_name, normalize) => {
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue({ maxDepth: 8 }), corrupted, halfLike), (item) =>
      wellFormed(normalize(item, OPTIONS)),
    ),
    { numRuns: 3000 },
  );
});

test('a latency event keeps any valid model, request id and latency it is given', () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s.trim() === s && s.length > 0),
      fc.string({ minLength: 1, maxLength: 64 }),
      fc.double({ min: 0, max: 3_600_000, noNaN: true }),
      fc.boolean(),
      (model, requestId, latency, flat) => {
        const payload = {
          ...PAYLOADS.latency,
          model_id: model,
          request_id: requestId,
          total_latency_ms: latency,
        };
        const result = normalizeAny((flat ? flattened : nested)('latency', payload), OPTIONS);
        return (
          result.ok &&
          'latencyMs' in result.value &&
          'model' in result.value &&
          result.value.model === model &&
          result.value.latencyMs === latency
        );
      },
    ),
    { numRuns: 1000 },
  );
});

test('a number where the schema wants text (or text where it wants a number) is refused at that field', () => {
  const fields = Object.entries(PAYLOADS.latency).filter(
    ([, value]) => typeof value === 'string' || typeof value === 'number',
  );
  fc.assert(
    fc.property(
      fc.constantFrom(...fields),
      fc.oneof(fc.boolean(), fc.array(fc.integer(), { maxLength: 2 })),
      ([field], wrong) => {
        const result = normalizeAny(nested('latency', { ...PAYLOADS.latency, [field]: wrong }), OPTIONS);
        return (
          !result.ok && result.error.path === `/payload/${field}` && result.error.code === 'invalid_field'
        );
      },
    ),
    { numRuns: 200 },
  );
});

test('the corrupted events reach the field checks: some pass, the rest refused as invalid or missing fields', () => {
  const outcomes = new Set(
    fc.sample(corrupted, 2000).map((item) => {
      const result = normalizeAny(item, OPTIONS);
      return result.ok ? 'ok' : result.error.code;
    }),
  );
  expect(outcomes).toContain('ok');
  expect(outcomes).toContain('invalid_field');
  expect(outcomes).toContain('missing_field');
});

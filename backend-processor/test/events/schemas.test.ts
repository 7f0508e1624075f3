import Ajv from 'ajv';
import { FlattenedEventDocument, NestedEventDocument, PAYLOAD_KINDS } from '../../src/events/schemas';
import { flattened, nested, PAYLOADS } from './fixtures';

/**
 * The whole-event schemas published for documentation are built from the same parts as the
 * validators; they must accept what the normalizer accepts (the latency alias rule aside, which
 * only the normalizer checks).
 */
describe('documentation schemas', () => {
  const ajv = new Ajv({ allowUnionTypes: true, strict: true });
  ajv.addFormat('date-time', true);
  const nestedDoc = ajv.compile(NestedEventDocument);
  const flattenedDoc = ajv.compile(FlattenedEventDocument);

  it.each(PAYLOAD_KINDS)('%s: both envelopes match the document schemas', (kind) => {
    expect(nestedDoc(nested(kind))).toBe(true);
    expect(flattenedDoc(flattened(kind))).toBe(true);
  });

  it('rejects an unknown payload field there too', () => {
    expect(nestedDoc(nested('latency', { ...PAYLOADS.latency, foo: 1 }))).toBe(false);
  });
});

import { canonicalJson, EVENT_ID_NAMESPACE, LLM_CALL_NAMESPACE, nameBasedUuid } from '../../src/events/ids';

const DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

describe('nameBasedUuid', () => {
  // Known answers computed with Python: uuid.uuid5(namespace, name).
  it.each([
    [DNS, 'python.org', '886313e1-3b8a-5372-9b90-0c9aee199e5d'],
    [URL, 'https://example.com/é?q=✓', 'da3aac3b-3a23-5e6b-9af5-4293502f289e'],
    [DNS, '', '4ebd0208-8328-5d69-8c44-ec50939c0967'],
    [EVENT_ID_NAMESPACE, '{"a":1,"b":[true,null,"x"]}', 'a724678f-6807-55ec-be4e-d16abca7b66c'],
    [LLM_CALL_NAMESPACE, '["acme","req-123"]', '633a4417-73e4-5c44-8e4b-7d8e766e489a'],
  ])('uuid5(%s, %j) = %s', (namespace, name, expected) => {
    expect(nameBasedUuid(namespace, name)).toBe(expected);
  });

  it('accepts an upper-case namespace and refuses a non-UUID one', () => {
    expect(nameBasedUuid(DNS.toUpperCase(), 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(() => nameBasedUuid('not-a-uuid', 'x')).toThrow(/namespace must be a UUID/);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops whitespace', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: 'é' }], a: null })).toBe('{"a":null,"b":[3,{"a":"é","z":1}]}');
  });

  it('gives the same text for the same value in another key order', () => {
    expect(canonicalJson(JSON.parse('{"x": 1.0, "y": {"q": true, "p": "s"}}'))).toBe(
      canonicalJson({ y: { p: 's', q: true }, x: 1 }),
    );
  });

  it('serializes like JSON.stringify where JSON cannot represent a value', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
});

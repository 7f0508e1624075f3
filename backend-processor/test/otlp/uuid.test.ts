import { nameBasedUuid, UUID_NAMESPACE_DNS, UUID_NAMESPACE_URL } from '../../src/events/ids';
import { OTLP_SPAN_NAMESPACE } from '../../src/events/otlp';

// Expected values from CPython: uuid.uuid5(namespace, name).
describe('nameBasedUuid (UUID version 5)', () => {
  it.each([
    [UUID_NAMESPACE_DNS, 'www.example.com', '2ed6657d-e927-568b-95e1-2665a8aea6a2'], // RFC 9562 appendix A.4
    [UUID_NAMESPACE_DNS, 'python.org', '886313e1-3b8a-5372-9b90-0c9aee199e5d'],
    [UUID_NAMESPACE_URL, 'https://example.com/é', '20ecd233-a9e7-5067-a96f-fd6600ca3fda'], // UTF-8 name
  ])('uuid5(%s, %s) = %s', (namespace, name, expected) => {
    expect(nameBasedUuid(namespace, name)).toBe(expected);
  });

  it('hashes the namespace as bytes, whatever its case', () => {
    expect(nameBasedUuid(UUID_NAMESPACE_DNS.toUpperCase(), 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(nameBasedUuid(UUID_NAMESPACE_DNS, Buffer.from('www.example.com'))).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('derives the span namespace from the URL namespace', () => {
    // uuid.uuid5(uuid.NAMESPACE_URL, 'urn:llm-analytics-hub:otlp-span')
    expect(OTLP_SPAN_NAMESPACE).toBe('bd876d63-8363-5ffa-b1a4-561f8a1a7257');
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => nameBasedUuid('not-a-uuid', 'x')).toThrow('namespace must be a UUID');
  });
});

import { BodyError, parseJsonItems, parseNdjsonItems } from '../../src/http/body';

test('a single event and an array both become items', () => {
  expect(parseJsonItems(Buffer.from('{"a":1}'))).toEqual([{ a: 1 }]);
  expect(parseJsonItems(Buffer.from('[{"a":1},{"b":2}]'))).toEqual([{ a: 1 }, { b: 2 }]);
});

test('any nesting parses (JSON.parse does not recurse): items are bounded by the normalizers', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  expect(parseJsonItems(Buffer.from(`[${deep},{"a":1}]`))).toHaveLength(2);
});

test('invalid UTF-8, not JSON and empty bodies are BodyErrors saying why', () => {
  expect(() => parseJsonItems(Buffer.from([0x5b, 0xff, 0x5d]))).toThrow(/not valid UTF-8/);
  expect(() => parseJsonItems(Buffer.from('{"a":'))).toThrow(BodyError);
  expect(() => parseJsonItems(Buffer.from('[]'))).toThrow(/no events/);
});

test('NDJSON parses line by line: a bad line is reported alone, blank lines are skipped', () => {
  const items = parseNdjsonItems(Buffer.from('{"a":1}\n\n{oops\n{"b":2}\n'));
  expect(items).toEqual([
    { ok: true, value: { a: 1 } },
    { ok: false, reason: expect.stringMatching(/^line 2 is not valid JSON/), raw: '{oops' },
    { ok: true, value: { b: 2 } },
  ]);
});

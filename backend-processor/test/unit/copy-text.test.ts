/** COPY text fields, against the format's documented escapes (the round trip through PostgreSQL is in test/storage). */
import { copyBoolean, copyJson, copyLines, copyNumber, copyText } from '../../src/storage/copyText';

test('null, booleans and numbers', () => {
  expect([null, true, false].map(copyBoolean)).toEqual(['\\N', 't', 'f']);
  expect([null, 0, -1.5, 1e21, 42].map(copyNumber)).toEqual(['\\N', '0', '-1.5', '1e+21', '42']);
  expect(copyText(null)).toBe('\\N');
});

test('text: backslash, newline, carriage return and tab escaped; everything else as is', () => {
  expect(copyText('plain ünïcödé 𝄞')).toBe('plain ünïcödé 𝄞');
  expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
  // Text that reads like the NULL marker stays text.
  expect(copyText('\\N')).toBe('\\\\N');
  expect(copyText('')).toBe('');
});

test('JSON: the text JSON.stringify writes, its backslashes doubled', () => {
  const value = { say: 'a "quote"', lines: 'one\ntwo\ttab', path: 'C:\\dir', lone: '\ud800', null: null };
  const field = copyJson(value);
  expect(field).not.toMatch(/[\n\r\t]/);
  expect(copyLines(`${field}\n`)).toEqual([[JSON.stringify(value)]]);
  expect(copyJson({ plain: 'ünïcödé' })).toBe('{"plain":"ünïcödé"}');
});

test('lines read back: fields unescaped, \\N as null, a line per row', () => {
  const rows = [
    ['a\tb', null, '\\N', 'back\\slash', 'line\nbreak\r', ''],
    ['x', '1.5', 't'],
  ];
  const text = rows.map((fields) => `${fields.map(copyText).join('\t')}\n`).join('');
  expect(copyLines(text)).toEqual(rows);
});

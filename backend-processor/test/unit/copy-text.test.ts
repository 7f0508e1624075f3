/** COPY text fields, against the format's documented escapes (the round trip through PostgreSQL is in test/storage). */
import { copyField, copyLines } from '../../src/storage/copyText';

test('null, booleans and numbers', () => {
  expect([null, undefined, true, false, 0, -1.5, 1e21, 42].map(copyField)).toEqual([
    '\\N',
    '\\N',
    't',
    'f',
    '0',
    '-1.5',
    '1e+21',
    '42',
  ]);
});

test('text: backslash, newline, carriage return and tab escaped; everything else as is', () => {
  expect(copyField('plain ünïcödé 𝄞')).toBe('plain ünïcödé 𝄞');
  expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
  // Text that reads like the NULL marker stays text.
  expect(copyField('\\N')).toBe('\\\\N');
  expect(copyField('')).toBe('');
});

test('lines read back: fields unescaped, \\N as null, a line per row', () => {
  const rows = [
    ['a\tb', null, '\\N', 'back\\slash', 'line\nbreak\r', ''],
    ['x', '1.5', 't'],
  ];
  const text = rows.map((fields) => `${fields.map(copyField).join('\t')}\n`).join('');
  expect(copyLines(text)).toEqual(rows);
});

import { parseTimestamp } from '../../src/events/schemas/primitives';

test('timestamps in toISOString form read as Date reads them, across years 0 to 9999', () => {
  for (let i = 0; i < 20_000; i++) {
    const time = Math.floor(-62_167_219_200_000 + Math.random() * 315_537_897_599_999);
    const text = new Date(time).toISOString();
    expect(parseTimestamp(text)).toBe(time);
  }
});

test('timestamps: known answers, and dates or times that do not exist refused', () => {
  expect(parseTimestamp('2026-11-22T10:00:00.000Z')).toBe(Date.UTC(2026, 10, 22, 10));
  expect(parseTimestamp('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
  expect(parseTimestamp('0099-01-01T00:00:00.000Z')).toBe(new Date('0099-01-01T00:00:00.000Z').getTime());
  // Other RFC 3339 forms: offsets, more or fewer fractional digits, lower case, a space.
  expect(parseTimestamp('2026-11-22T10:00:00.1239+01:30')).toBe(Date.UTC(2026, 10, 22, 8, 30, 0, 123));
  expect(parseTimestamp('2026-11-22t10:00:00z')).toBe(Date.UTC(2026, 10, 22, 10));
  expect(parseTimestamp('2026-11-22 10:00:00.5Z')).toBe(Date.UTC(2026, 10, 22, 10, 0, 0, 500));
  for (const text of [
    '2023-02-29T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-13-01T00:00:00.000Z',
    '2026-00-10T00:00:00.000Z',
    '2026-12-04T24:00:00.000Z',
    '2026-12-04T23:60:00.000Z',
    '2026-12-04T23:59:60.000Z',
    '2026-12-04T23:59:59.000+24:00',
    '2026-12-04T23:59:59.00xZ',
    '2026/12/04T23:59:59.000Z',
    '2026-12-04T23:59:59.000',
    '2026-12-04',
  ]) {
    expect([text, parseTimestamp(text)]).toEqual([text, NaN]);
  }
});

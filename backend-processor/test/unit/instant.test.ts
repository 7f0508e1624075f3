import { QueryError } from '../../src/query/errors';
import { parseInstant } from '../../src/query/sql';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

test.each([
  ['2026-11-22T10:00:00Z', Date.UTC(2026, 10, 22, 10)],
  ['2026-11-22T11:00:00+01:00', Date.UTC(2026, 10, 22, 10)],
  [1_700_000_000_000, 1_700_000_000_000],
  ['1700000000000', 1_700_000_000_000],
  ['now', NOW],
  ['now-15m', NOW - 15 * 60_000],
  ['now-6h', NOW - 6 * 3_600_000],
  ['now-7d', NOW - 7 * 86_400_000],
  ['now-2w', NOW - 14 * 86_400_000],
])('%s is %d', (value, expected) => {
  expect(parseInstant(value, 'from', NOW)).toBe(expected);
});

test.each(['yesterday', 'now+1h', 'now-6x', '', 1e20, '99999999999999999'])(
  '%j is refused, naming the field',
  (value) => {
    expect(() => parseInstant(value, 'from', NOW)).toThrow(QueryError);
    expect(() => parseInstant(value, 'from', NOW)).toThrow(/^from: /);
  },
);

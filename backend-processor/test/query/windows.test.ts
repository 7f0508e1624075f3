/** Zone-aligned bucket boundaries, `auto`, and which rollup tier serves which part of a range. */
import { planTiers } from '../../src/query/tierPlan';
import { tablesFor, type RollupTable } from '../../src/rollups/tables';
import { checkTimeZone, offsetSegments } from '../../src/query/timeZones';
import { bucketBoundaries, resolveBuckets } from '../../src/query/windows';

const iso = (instants: number[]) => instants.map((t) => new Date(t).toISOString());
const at = (text: string) => Date.parse(text);

test('UTC minute buckets hold the range start and reach past its end', () => {
  expect(iso(bucketBoundaries('1m', at('2024-05-01T10:00:30Z'), at('2024-05-01T10:03:00Z'), 'UTC'))).toEqual([
    '2024-05-01T10:00:00.000Z',
    '2024-05-01T10:01:00.000Z',
    '2024-05-01T10:02:00.000Z',
    '2024-05-01T10:03:00.000Z',
  ]);
});

test('1d in America/New_York starts at local midnight, 23 h and 25 h across the DST changes', () => {
  const spring = bucketBoundaries(
    '1d',
    at('2024-03-09T12:00:00Z'),
    at('2024-03-11T12:00:00Z'),
    'America/New_York',
  );
  expect(iso(spring)).toEqual([
    '2024-03-09T05:00:00.000Z',
    '2024-03-10T05:00:00.000Z', // 23 hours: clocks skip 02:00–03:00
    '2024-03-11T04:00:00.000Z',
    '2024-03-12T04:00:00.000Z',
  ]);
  const fall = bucketBoundaries(
    '1d',
    at('2024-11-03T04:00:00Z'),
    at('2024-11-04T06:00:00Z'),
    'America/New_York',
  );
  expect(iso(fall)).toEqual([
    '2024-11-03T04:00:00.000Z',
    '2024-11-04T05:00:00.000Z',
    '2024-11-05T05:00:00.000Z',
  ]);
});

test('1h in America/New_York stays hourly through the repeated hour of a fall-back', () => {
  expect(
    iso(bucketBoundaries('1h', at('2024-11-03T04:00:00Z'), at('2024-11-03T08:00:00Z'), 'America/New_York')),
  ).toEqual([
    '2024-11-03T04:00:00.000Z', // 00:00 EDT
    '2024-11-03T05:00:00.000Z', // 01:00 EDT
    '2024-11-03T06:00:00.000Z', // 01:00 EST, the repeated hour: a bucket of its own
    '2024-11-03T07:00:00.000Z',
    '2024-11-03T08:00:00.000Z',
  ]);
});

test('6h follows the local clock: 00:00–06:00 lasts 7 h on the fall-back day', () => {
  expect(
    iso(bucketBoundaries('6h', at('2024-11-03T04:00:00Z'), at('2024-11-03T12:00:00Z'), 'America/New_York')),
  ).toEqual(['2024-11-03T04:00:00.000Z', '2024-11-03T11:00:00.000Z', '2024-11-03T17:00:00.000Z']);
});

test('weeks start on local Monday, months on the local 1st', () => {
  expect(
    iso(bucketBoundaries('1w', at('2024-03-06T00:00:00Z'), at('2024-03-12T00:00:00Z'), 'Europe/Berlin')),
  ).toEqual(['2024-03-03T23:00:00.000Z', '2024-03-10T23:00:00.000Z', '2024-03-17T23:00:00.000Z']);
  expect(
    iso(bucketBoundaries('1M', at('2024-03-15T00:00:00Z'), at('2024-04-02T00:00:00Z'), 'Europe/Berlin')),
  ).toEqual([
    '2024-02-29T23:00:00.000Z',
    '2024-03-31T22:00:00.000Z', // April starts in summer time
    '2024-04-30T22:00:00.000Z',
  ]);
});

test('clock windows align to a zone with a 45-minute offset', () => {
  // Kathmandu is UTC+05:45: its hours start at :15 UTC.
  expect(
    iso(bucketBoundaries('1h', at('2024-05-01T10:20:00Z'), at('2024-05-01T11:20:00Z'), 'Asia/Kathmandu')),
  ).toEqual(['2024-05-01T10:15:00.000Z', '2024-05-01T11:15:00.000Z', '2024-05-01T12:15:00.000Z']);
});

test('offset transitions are found to the second', () => {
  expect(
    offsetSegments('Australia/Lord_Howe', at('2024-01-01T00:00:00Z'), at('2025-01-01T00:00:00Z')).map(
      (segment) => [new Date(segment.start).toISOString(), segment.offset / 60_000],
    ),
  ).toEqual([
    ['2024-01-01T00:00:00.000Z', 660],
    ['2024-04-06T15:00:00.000Z', 630], // a half-hour DST shift
    ['2024-10-05T15:30:00.000Z', 660],
  ]);
});

test('unknown zones are refused naming the field', () => {
  expect(checkTimeZone('Europe/Paris')).toBe('Europe/Paris');
  expect(() => checkTimeZone('Mars/Olympus_Mons')).toThrow(
    /^timeZone: "Mars\/Olympus_Mons" is not a known IANA/,
  );
});

describe('auto and maxPoints', () => {
  const day = { from: at('2024-05-01T00:00:00Z'), to: at('2024-05-02T00:00:00Z') };

  test('auto picks the smallest window within maxPoints', () => {
    expect(resolveBuckets('auto', day, 'UTC', 1000).window).toBe('5m');
    expect(resolveBuckets('auto', day, 'UTC', 1440).window).toBe('1m');
    expect(resolveBuckets('auto', day, 'UTC', 24).window).toBe('1h');
    // 24 hours from 00:30 touch 25 hourly buckets.
    expect(
      resolveBuckets('auto', { from: day.from + 1_800_000, to: day.to + 1_800_000 }, 'UTC', 24).window,
    ).toBe('6h');
  });

  test('an explicit window giving too many points answers 400 suggesting one', () => {
    expect(() => resolveBuckets('1m', day, 'UTC', 1000)).toThrow(
      'window: "1m" gives more than maxPoints (1000) buckets over this range: use "5m" or wider',
    );
    expect(() => resolveBuckets('1M', { from: 0, to: at('2024-01-01T00:00:00Z') }, 'UTC', 100)).toThrow(
      /^maxPoints:/,
    );
  });
});

describe('tier plan', () => {
  const now = at('2024-06-01T00:00:00Z');
  const summary = (boundaries: number[], tables?: RollupTable[]) =>
    Object.fromEntries(
      planTiers(boundaries, now, tables).ranges.map((r) => [
        r.table.name.replace(/^rollup_/, ''),
        r.starts.map((s, i) => [new Date(s).toISOString(), new Date(r.ends[i]!).toISOString()]),
      ]),
    );

  test('UTC days read the daily tier only, New York days the hourly one', () => {
    expect(
      summary(bucketBoundaries('1d', at('2024-05-01T00:00:00Z'), at('2024-05-03T00:00:00Z'), 'UTC')),
    ).toEqual({
      '1d': [['2024-05-01T00:00:00.000Z', '2024-05-03T00:00:00.000Z']],
    });
    expect(
      summary(
        bucketBoundaries('1d', at('2024-05-01T12:00:00Z'), at('2024-05-02T12:00:00Z'), 'America/New_York'),
      ),
    ).toEqual({ '1h': [['2024-05-01T04:00:00.000Z', '2024-05-03T04:00:00.000Z']] });
  });

  test('a ragged range reads days in the middle, hours and minutes at the edges', () => {
    expect(summary([at('2024-05-01T22:59:00Z'), at('2024-05-04T01:30:00Z')])).toEqual({
      '1d': [['2024-05-02T00:00:00.000Z', '2024-05-04T00:00:00.000Z']],
      '1h': [
        ['2024-05-01T23:00:00.000Z', '2024-05-02T00:00:00.000Z'],
        ['2024-05-04T00:00:00.000Z', '2024-05-04T01:00:00.000Z'],
      ],
      '1m': [
        ['2024-05-01T22:59:00.000Z', '2024-05-01T23:00:00.000Z'],
        ['2024-05-04T01:00:00.000Z', '2024-05-04T01:30:00.000Z'],
      ],
    });
  });

  test('a view reads its 5-minute tier for whole 5 minutes, the full 1-minute tier for the rest', () => {
    const byModel = tablesFor(['model']);
    expect(summary([at('2024-05-01T22:58:00Z'), at('2024-05-02T01:07:00Z')], byModel)).toEqual({
      model_1h: [['2024-05-01T23:00:00.000Z', '2024-05-02T01:00:00.000Z']],
      model_5m: [['2024-05-02T01:00:00.000Z', '2024-05-02T01:05:00.000Z']],
      '1m': [
        ['2024-05-01T22:58:00.000Z', '2024-05-01T23:00:00.000Z'],
        ['2024-05-02T01:05:00.000Z', '2024-05-02T01:07:00.000Z'],
      ],
    });
  });

  test('the smallest view holding every key is read; none holds a tag or source_module', () => {
    const names = (keys: string[]) => tablesFor(keys).map((table) => table.name);
    expect(names(['model'])).toEqual(['rollup_model_1d', 'rollup_model_1h', 'rollup_model_5m', 'rollup_1m']);
    expect(names(['provider', 'tenant'])[0]).toBe('rollup_tenant_model_1d');
    expect(names(['route', 'environment', 'tenant'])[0]).toBe('rollup_tenant_route_1d');
    expect(names(['model', 'route'])).toEqual(['rollup_1d', 'rollup_1h', 'rollup_1m']);
    expect(names(['source_module'])).toEqual(['rollup_1d', 'rollup_1h', 'rollup_1m']);
    expect(names(['tag.region'])).toEqual(['rollup_1d', 'rollup_1h', 'rollup_1m']);
  });

  test('reading a tier before its retention horizon is reported', () => {
    const plan = planTiers(
      bucketBoundaries('5m', at('2024-01-01T00:00:00Z'), at('2024-01-01T01:00:00Z'), 'UTC'),
      now,
    );
    expect(plan.beyondRetention).toEqual([{ tier: '1m', horizon: now - 90 * 86_400_000 }]);
  });
});

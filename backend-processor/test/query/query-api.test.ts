/**
 * The query endpoints over a small data set: tenant isolation, validation answers, and day
 * buckets aligned to a zone across its DST changes.
 */
import { offsetSegments } from '../../src/query/timeZones';
import { ADMIN_KEY, postJson, useDatabaseProcessor } from '../support/processor';
import { sendDataset } from './dataset';

// Raw retention of 400 days: the zone test stores events around DST changes up to ~10 months old.
const fixture = useDatabaseProcessor('query_api', { HUB_RAW_RETENTION_DAYS: '400' });
const TIMESERIES = '/api/v1/query/timeseries';
const TABLE = '/api/v1/query/table';
const HOUR_MS = 3_600_000;
const end = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const recent = { run: 'api', count: 3_000, start: end - 3 * HOUR_MS, end };
let globexKey: string;

beforeAll(async () => {
  await sendDataset(fixture.hub.url, recent, { batchSize: 1_000 });
  const created = await postJson(`${fixture.hub.url}/api/v1/keys`, {
    name: 'globex reader',
    scopes: ['read'],
    tenant: 'globex',
  });
  expect(created.status).toBe(201);
  globexKey = created.body.key;
});

const query = (path: string, body: object, key: string | null = ADMIN_KEY) =>
  postJson(`${fixture.hub.url}${path}`, body, key);

describe('a tenant-bound key sees only its tenant', () => {
  const base = { metric: 'requests', measure: 'count', from: recent.start, to: recent.end, window: '1h' };

  test('grouped by tenant: one series, its own', async () => {
    const admin = await query(TIMESERIES, { ...base, groupBy: ['tenant'] });
    expect(admin.body.series.map((s: any) => s.labels.tenant).sort()).toEqual(['acme', 'globex', 'initech']);
    const bound = await query(TIMESERIES, { ...base, groupBy: ['tenant'] }, globexKey);
    expect(bound.status).toBe(200);
    expect(bound.body.series.map((s: any) => s.labels.tenant)).toEqual(['globex']);
    const globex = admin.body.series.find((s: any) => s.labels.tenant === 'globex');
    expect(bound.body.series[0].points).toEqual(globex.points);
  });

  test.each([
    ['eq another tenant', [{ key: 'tenant', op: 'eq', value: 'acme' }], []],
    ['in several tenants', [{ key: 'tenant', op: 'in', values: ['acme', 'globex'] }], ['globex']],
    ['neq its own tenant', [{ key: 'tenant', op: 'neq', value: 'globex' }], []],
    ['regex matching all', [{ key: 'tenant', op: 'regex', value: '.*' }], ['globex']],
  ])('filtering by %s cannot widen it', async (_, filters, tenants) => {
    const bound = await query(TIMESERIES, { ...base, filters, groupBy: ['tenant'] }, globexKey);
    expect(bound.body.series.map((s: any) => s.labels.tenant)).toEqual(tenants);
    const table = await query(TABLE, { ...base, window: undefined, filters, groupBy: ['tenant'] }, globexKey);
    expect(table.body.rows.map((r: any) => r.labels.tenant)).toEqual(tenants);
  });

  test('ungrouped totals are its tenant only', async () => {
    const bound = await query(
      TABLE,
      { metric: 'requests', measure: 'count', from: recent.start, to: recent.end },
      globexKey,
    );
    const expected = await fixture.count(
      "SELECT count(*) AS n FROM events WHERE tenant = 'globex' AND time >= $1 AND time < $2",
      [new Date(recent.start), new Date(recent.end)],
    );
    expect(bound.body.rows).toEqual([{ labels: {}, value: expected }]);
  });

  test('the read scope is required', async () => {
    const ingestKey = await postJson(`${fixture.hub.url}/api/v1/keys`, {
      name: 'writer',
      scopes: ['ingest'],
    });
    expect((await query(TIMESERIES, base, ingestKey.body.key)).status).toBe(403);
    expect((await query(TIMESERIES, base, null)).status).toBe(401);
  });
});

describe('shape of the answers', () => {
  test('every bucket of the range is a point, null where it had no data', async () => {
    // Two hours on 5-minute boundaries, the second mostly after the data's end.
    const from = Math.floor((recent.end - HOUR_MS) / 300_000) * 300_000;
    const answer = await query(TIMESERIES, {
      metric: 'requests',
      measure: 'count',
      from,
      to: from + 2 * HOUR_MS,
      window: '5m',
    });
    expect(answer.body).toMatchObject({ metric: 'requests', measure: 'count', unit: 'events', window: '5m' });
    const points: Array<[number, number | null]> = answer.body.series[0].points;
    expect(points.map(([time]) => time)).toEqual(Array.from({ length: 24 }, (_, i) => from + i * 300_000));
    const withData = Math.ceil((recent.end - from) / 300_000);
    expect(points.slice(0, withData).every(([, value]) => typeof value === 'number' && value > 0)).toBe(true);
    expect(points.slice(withData).every(([, value]) => value === null)).toBe(true);
  });

  test('a range without data answers empty series and rows, with or without a group-by', async () => {
    const empty = { from: end - 30 * 24 * HOUR_MS, to: end - 29 * 24 * HOUR_MS };
    for (const groupBy of [[], ['model']]) {
      for (const measure of ['p95', 'count']) {
        const series = await query(TIMESERIES, {
          ...empty,
          metric: 'latency_ms',
          measure,
          window: '1h',
          groupBy,
        });
        expect(series.status).toBe(200);
        expect(series.body.series).toEqual([]);
        const table = await query(TABLE, { ...empty, metric: 'latency_ms', measure, groupBy });
        expect(table.body.rows).toEqual([]);
      }
    }
  });

  test('auto picks the window from the range and maxPoints', async () => {
    const base = { metric: 'latency_ms', measure: 'avg', from: recent.start, to: recent.end };
    expect((await query(TIMESERIES, base)).body.window).toBe('1m');
    expect((await query(TIMESERIES, { ...base, maxPoints: 20 })).body.window).toBe('15m');
  });

  test('topN keeps the largest groups and says it cut', async () => {
    const answer = await query(TIMESERIES, {
      metric: 'requests',
      measure: 'sum',
      from: recent.start,
      to: recent.end,
      window: '1h',
      groupBy: ['model', 'route'],
      topN: 5,
    });
    expect(answer.body.series).toHaveLength(5);
    expect(answer.body.truncated).toMatch(
      /^topN: kept the 5 of 12 groups with the largest sum over the range/,
    );
    const totals = answer.body.series.map((s: any) =>
      s.points.reduce((a: number, [, v]: any) => a + (v ?? 0), 0),
    );
    expect(totals).toEqual([...totals].sort((a: number, b: number) => b - a));
    const table = await query(TABLE, {
      metric: 'requests',
      measure: 'sum',
      from: recent.start,
      to: recent.end,
      groupBy: ['model', 'route'],
    });
    expect(table.body.rows).toHaveLength(12);
    expect(table.body.truncated).toBeUndefined();
    expect(table.body.rows.slice(0, 5).map((r: any) => r.value)).toEqual(totals);
  });

  test('rate is per second of each bucket; units follow the measure', async () => {
    const base = { metric: 'cost_usd', from: recent.start, to: recent.end, window: '1h' };
    const sums = await query(TIMESERIES, { ...base, measure: 'sum' });
    const rates = await query(TIMESERIES, { ...base, measure: 'rate' });
    expect(rates.body.unit).toBe('USD/s');
    expect(sums.body.unit).toBe('USD');
    // An edge bucket of the range may hold no cost event at all (a minute or two of it): null in both.
    rates.body.series[0].points.forEach(([, rate]: [number, number | null], i: number) => {
      const sum: number | null = sums.body.series[0].points[i][1];
      if (sum === null) expect(rate).toBeNull();
      else expect(rate).toBeCloseTo(sum / 3600, 12);
    });
    expect(
      rates.body.series[0].points.filter(([, rate]: [number, number | null]) => rate !== null).length,
    ).toBeGreaterThanOrEqual(2);
  });
});

describe('invalid queries answer 400 saying what is wrong', () => {
  const valid = { metric: 'latency_ms', measure: 'p95', from: recent.start, to: recent.end };
  test.each([
    [
      'a measure the metric lacks',
      { metric: 'requests' },
      /^measure: "p95" does not apply to metric "requests" \(it has: count, sum, rate\)$/,
    ],
    [
      'an unknown metric',
      { metric: 'latency' },
      /^body\/metric must be one of latency_ms, ttft_ms, .*audit_events$/,
    ],
    [
      'an unknown window',
      { window: '2m' },
      /^body\/window must be one of 1m, 5m, 15m, 1h, 6h, 1d, 1w, 1M, auto$/,
    ],
    [
      'an unknown time zone',
      { timeZone: 'Mars/Olympus_Mons' },
      /^timeZone: "Mars\/Olympus_Mons" is not a known IANA time zone/,
    ],
    ['from after to', { from: recent.end, to: recent.start }, /^from \(.*\) must be before to$/],
    ['from equal to to', { to: recent.start }, /must be before to/],
    [
      'an unparseable time',
      { from: 'yesterday' },
      /^from: "yesterday" is not an RFC 3339 time, epoch milliseconds or now/,
    ],
    [
      'a time of the wrong type',
      { to: true },
      /^body\/to must be RFC 3339 time, milliseconds since the epoch, or now/,
    ],
    [
      'an unknown dimension',
      { groupBy: ['colour'] },
      /^body\/groupBy\/0 must be a dimension \(tenant, model, .*\) or tag\.<key>/,
    ],
    [
      'an undeclared tag',
      { groupBy: ['model', 'tag.team'] },
      /^groupBy\/1: tag "team" is not a rollup dimension \(HUB_ROLLUP_TAGS=region\)/,
    ],
    [
      'a filter on an undeclared tag',
      { filters: [{ key: 'tag.team', op: 'eq', value: 'a' }] },
      /^filters\/0\/key: tag "team"/,
    ],
    [
      'a filter without its value',
      { filters: [{ key: 'model', op: 'eq' }] },
      /^filters\/0: "eq" needs "value"$/,
    ],
    [
      'an invalid regex',
      { filters: [{ key: 'model', op: 'regex', value: '(' }] },
      /^filters\/0: invalid regular expression/,
    ],
    [
      'too many points for the window',
      { window: '1m', maxPoints: 60 },
      /^window: "1m" gives more than maxPoints \(60\) buckets over this range: use "5m" or wider/,
    ],
    ['a property it does not know', { colour: 'red' }, /^body has an unknown property "colour"$/],
    ['maxPoints out of bounds', { maxPoints: 0 }, /^body\/maxPoints must be >= 1$/],
  ])('%s', async (_, change, message) => {
    const answer = await query(TIMESERIES, { ...valid, ...change });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(message);
  });

  test('a missing field is named', async () => {
    const body: Record<string, unknown> = { ...valid };
    delete body.metric;
    const answer = await query(TABLE, body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('body/metric is required');
  });

  test('tables check the pair too', async () => {
    const answer = await query(TABLE, { ...valid, metric: 'error_rate' });
    expect(answer.body.message).toBe('measure: "p95" does not apply to metric "error_rate" (it has: avg)');
  });
});

/** The last two offset changes of the zone at least a day old and at most 300 days old. */
function recentTransitions(timeZone: string): number[] {
  const now = Date.now();
  return offsetSegments(timeZone, now - 300 * 86_400_000, now - 86_400_000)
    .slice(1)
    .map((segment) => segment.start)
    .slice(-2);
}

test('1d buckets in America/New_York start at local midnight across DST changes', async () => {
  const zone = 'America/New_York';
  const transitions = recentTransitions(zone);
  expect(transitions.length).toBeGreaterThan(0);
  const localClock = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  for (const [t, transition] of transitions.entries()) {
    // Events on the evenings, nights and mornings around the change, the repeated or skipped hour included.
    const offsets = [-30, -26, -20, -5, -1.5, -0.5, 0.25, 0.5, 1.5, 4, 20, 23.5, 25, 30].map(
      (h) => h * HOUR_MS,
    );
    const events = offsets
      .map((offset, i) => ({ time: transition + offset, i }))
      .filter(({ time }) => time < Date.now() - 60_000)
      .map(({ time, i }) => ({
        common: {
          event_id: `dst-${t}-${i}`,
          timestamp: new Date(time).toISOString(),
          source_module: 'llm-observatory',
          event_type: 'telemetry',
          tags: { tenant_id: 'tz' },
        },
        payload: {
          type: 'latency',
          model_id: 'gpt-4o',
          request_id: `dst-${t}-${i}`,
          total_latency_ms: 100 + i,
        },
      }));
    expect((await query('/api/v1/events', events)).status).toBe(200);

    const from = transition - 2 * 86_400_000;
    const to = transition + 2 * 86_400_000;
    const answer = await query(TIMESERIES, {
      metric: 'latency_ms',
      measure: 'sum',
      from,
      to,
      window: '1d',
      timeZone: zone,
      filters: [{ key: 'tenant', op: 'eq', value: 'tz' }],
    });
    expect(answer.status).toBe(200);
    const points: Array<[number, number | null]> = answer.body.series[0].points;
    // Every bucket starts at local midnight; the day of the change lasts 23 or 25 hours.
    for (const [start] of points) expect(localClock.format(start)).toBe('00:00');
    const lengths = points.slice(1).map(([start], i) => (start - points[i]![0]) / HOUR_MS);
    expect(lengths.filter((hours) => hours !== 24)).toHaveLength(1);
    expect([23, 25]).toContain(lengths.find((hours) => hours !== 24));

    // The same days and sums as PostgreSQL's own zone-aware date_trunc over the raw events.
    const raw = await fixture.db.query<{ day: Date; sum: number }>(
      `SELECT date_trunc('day', time, $1) AS day, sum(latency_ms) AS sum FROM events
        WHERE tenant = 'tz' AND event_id LIKE $2 GROUP BY 1 ORDER BY 1`,
      [zone, `dst-${t}-%`],
    );
    const expected = raw.rows.filter((row) => row.day.getTime() >= points[0]![0] && row.day.getTime() < to);
    expect(points.filter(([, value]) => value !== null)).toEqual(
      expected.map((row) => [row.day.getTime(), row.sum]),
    );
  }
});

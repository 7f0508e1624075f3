/**
 * Rollup deltas: recorded by each ingest transaction, merged exactly once however many mergers
 * run, and merged before any rollup read, so an answer counts every acknowledged event.
 */
import { normalizeAny } from '../../src/events/shape';
import type { HubEvent } from '../../src/events/model';
import { partialRows } from '../../src/rollups/partials';
import { decodePartials, encodePartials, mergePendingDeltas } from '../../src/rollups/pendingDeltas';
import { openDatabase } from '../../src/storage/database';
import { ADMIN_KEY, latencyEvent, postJson, useDatabaseProcessor } from '../support/processor';

// The background merge is made rare, so that what the reads merge themselves is seen.
const fixture = useDatabaseProcessor('pending_deltas', {
  HUB_ANOMALY_DETECTION: 'off',
  HUB_FORECAST_INTERVAL_MINUTES: '0',
  HUB_ROLLUP_MERGE_INTERVAL_MS: '3600000',
});

const MINUTE = 60_000;
const base = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
const batchOf = (run: string, first: number, size: number) =>
  Array.from({ length: size }, (_, i) =>
    latencyEvent(`${run}-${first + i}`, {
      tenant: `t${(first + i) % 3}`,
      model: (first + i) % 2 ? 'gpt-4o' : 'claude-sonnet-4',
      latencyMs: 20 + (((first + i) * 7_919) % 3_000),
      time: new Date(base + ((first + i) % 20) * MINUTE).toISOString(),
    }),
  );

const pending = () => fixture.count('SELECT count(*) AS n FROM rollup_deltas');

test('encoded partial rows decode to the same statistics and percentiles', () => {
  const events = batchOf('codec', 0, 500).map((item) => {
    const normalized = normalizeAny(item, { defaultTenant: 'default' });
    if (!normalized.ok) throw new Error(normalized.error.reason);
    return normalized.value as HubEvent;
  });
  const rows = partialRows(events, '1m', []);
  const decoded = decodePartials(encodePartials(rows));
  const keys = ({ bucket, dimensions, tags, counts }: (typeof rows)[number]) => ({
    bucket,
    dimensions,
    tags,
    counts,
  });
  expect(decoded.map(keys)).toEqual(rows.map(keys));
  decoded.forEach((row, r) =>
    row.values.forEach((stats, m) => {
      const original = rows[r]!.values[m];
      if (!original || !stats) return expect(stats).toBe(original);
      const { sketch, ...numbers } = stats;
      const { sketch: originalSketch, ...originalNumbers } = original;
      expect(numbers).toEqual(originalNumbers);
      for (const q of [0, 0.5, 0.95, 1])
        expect(sketch.getValueAtQuantile(q)).toBe(originalSketch.getValueAtQuantile(q));
    }),
  );
});

test('partial rows keep tuples apart even when their values hold the NUL separator', () => {
  const [event] = batchOf('nul', 0, 1).map((item) => {
    const normalized = normalizeAny(item, { defaultTenant: 'default' });
    if (!normalized.ok) throw new Error(normalized.error.reason);
    return normalized.value as HubEvent;
  });
  const rows = partialRows(
    [
      { ...event!, tenant: 'a\u0000b', model: 'c' },
      { ...event!, tenant: 'a', model: 'b\u0000c' },
      { ...event!, tenant: 'a', model: 'b\u0000c' },
    ],
    '1m',
    [],
  );
  expect(rows.map((row) => [row.dimensions.slice(0, 2), row.counts[0]])).toEqual(
    expect.arrayContaining([
      [['a\u0000b', 'c'], 1],
      [['a', 'b\u0000c'], 2],
    ]),
  );
  expect(rows).toHaveLength(2);
});

test('a query right after an acknowledged batch counts it: the read merges the pending deltas first', async () => {
  const run = `read-${Date.now()}`;
  expect((await postJson(`${fixture.hub.url}/api/v1/events`, batchOf(run, 0, 400))).status).toBe(200);
  expect(await pending()).toBe(1);
  const answer = await postJson(
    `${fixture.hub.url}/api/v1/query/table`,
    {
      metric: 'requests',
      measure: 'count',
      groupBy: ['tenant'],
      from: base - MINUTE,
      to: base + 30 * MINUTE,
    },
    ADMIN_KEY,
  );
  expect(answer.status).toBe(200);
  const total = answer.body.rows.reduce((sum: number, row: { value: number }) => sum + row.value, 0);
  expect(total).toBe(400);
  expect(await pending()).toBe(0);
});

test('two processors merging while ingest goes on: every event in every rollup table exactly once', async () => {
  const other = await openDatabase({ url: fixture.databaseUrl, dataDir: '', timescaledb: 'off' });
  try {
    const run = `merge-${Date.now()}`;
    let ingesting = true;
    const mergers = [fixture.hub.processor.db, other].map(async (db) => {
      let merged = 0;
      while (ingesting) merged += await mergePendingDeltas(db);
      return merged + (await mergePendingDeltas(db));
    });
    for (let first = 0; first < 6_000; first += 500) {
      // Each batch twice at once: the second finds the events stored and records no delta for them.
      const batch = batchOf(run, first, 500);
      const answers = await Promise.all(
        [1, 2].map(() => postJson(`${fixture.hub.url}/api/v1/events`, batch)),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
    }
    ingesting = false;
    const merged = await Promise.all(mergers);
    expect(merged[0]! + merged[1]!).toBeGreaterThanOrEqual(12);
    expect(await pending()).toBe(0);
    const stored = await fixture.count('SELECT count(*) AS n FROM events WHERE event_id LIKE $1', [
      `${run}-%`,
    ]);
    expect(stored).toBe(6_000);
    const totals = await fixture.db.query<{ t: string; n: string }>(
      `SELECT 'full' AS t, sum(events) AS n FROM rollup_1m UNION ALL SELECT 'model', sum(events) FROM rollup_model_5m
       UNION ALL SELECT 'tenant_route', sum(events) FROM rollup_tenant_route_1d`,
    );
    // Every event stored in this file so far: the 400 of the previous test and these.
    expect(totals.rows.map((row) => [row.t, Number(row.n)])).toEqual([
      ['full', 6_400],
      ['model', 6_400],
      ['tenant_route', 6_400],
    ]);
  } finally {
    await other.close();
  }
});

/**
 * The event write path: COPY stores every character as sent, and a batch meeting events already
 * stored falls back to the guarded insert, which stores the new ones only and says which they were.
 * (The embedded PGlite's COPY runs in storage-flavors.test.ts: PGlite cannot load inside jest.)
 */
import type { HubEvent } from '../../src/events/model';
import { normalizeAny } from '../../src/events/shape';
import { openDatabase, type Database } from '../../src/storage/database';
import { copyRows, insertEvents } from '../../src/storage/eventStore';
import { migrate } from '../../src/storage/migrate';
import { EventPartitions } from '../../src/storage/retention';
import { createTestDatabase } from '../support/postgres';
import { latencyEvent } from '../support/processor';

/** Text COPY must escape (tab, newline, carriage return, backslash), and text that looks like its markers. */
const AWKWARD = [
  'tab\there',
  'line\nbreak',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\',
  'ünïcödé ✓ 𝄞',
  '',
];

/** The events' times: an event re-built by `eventsOf` is the same event (same id and time). */
const BASE = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;

function eventsOf(run: string, from: number, count: number): HubEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const normalized = normalizeAny(
      latencyEvent(`${run}-${n}`, { latencyMs: 100 + n, time: new Date(BASE + n * 1000).toISOString() }),
      {
        defaultTenant: 'default',
      },
    );
    if (!normalized.ok || 'half' in normalized.value) throw new Error('fixture event did not normalize');
    const awkward = AWKWARD[n % AWKWARD.length]!;
    return {
      ...normalized.value,
      route: awkward,
      tags: { ...normalized.value.tags, note: awkward },
      attributes: { text: awkward, nested: { list: [awkward, n] } },
    };
  });
}

async function storedRows(db: Database, run: string) {
  const result = await db.query<{
    event_id: string;
    route: string;
    tags: unknown;
    attributes: unknown;
    latency_ms: number;
  }>(
    `SELECT event_id, route, tags, attributes, latency_ms FROM events WHERE event_id LIKE $1 ORDER BY event_id`,
    [`${run}-%`],
  );
  return result.rows;
}

const expectedRows = (events: HubEvent[]) =>
  events
    .map((e) => ({
      event_id: e.eventId,
      route: e.route,
      tags: e.tags,
      attributes: e.attributes,
      latency_ms: e.latencyMs,
    }))
    .sort((a, b) => (a.event_id < b.event_id ? -1 : 1));

async function checkWritePath(db: Database): Promise<void> {
  await migrate(db);
  const run = `store-${Date.now()}`;
  const first = eventsOf(run, 0, 40);
  await new EventPartitions(db).ensureFor(first.map((e) => e.time));

  expect(await db.transaction((tx) => insertEvents(tx, [copyRows(first)]))).toBe('all new');
  expect(await storedRows(db, run)).toEqual(expectedRows(first));

  // Two chunks: one stored already, one new but for one event twice in it.
  const ids = (events: HubEvent[]) => events.map((e) => e.eventId).sort();
  const fresh = await db.transaction((tx) =>
    insertEvents(tx, [
      copyRows(eventsOf(run, 20, 20)),
      copyRows([...eventsOf(run, 40, 20), eventsOf(run, 50, 1)[0]!]),
    ]),
  );
  if (fresh === 'all new') throw new Error('stored events were stored again');
  expect(fresh.map(ids)).toEqual([[], ids(eventsOf(run, 40, 20))]);
  // The new events come back as they were encoded.
  expect(fresh[1]).toEqual(expect.arrayContaining(eventsOf(run, 40, 20)));
  expect(await storedRows(db, run)).toEqual(expectedRows(eventsOf(run, 0, 60)));

  // Nothing stored yet, but one event twice in the batch: stored once.
  const repeated = eventsOf(run, 60, 3);
  const once = await db.transaction((tx) => insertEvents(tx, [copyRows([...repeated, repeated[0]!])]));
  expect(once).not.toBe('all new');
  expect((once as HubEvent[][])[0]).toHaveLength(3);
  expect(await storedRows(db, run)).toEqual(expectedRows(eventsOf(run, 0, 63)));
}

test('PostgreSQL: COPY stores awkward text as sent; a batch with stored events falls back to the guard', async () => {
  const database = await createTestDatabase('event_store');
  const db = await openDatabase({ url: database.url, dataDir: '', timescaledb: 'auto' });
  try {
    await checkWritePath(db);
  } finally {
    await db.close();
    await database.drop();
  }
});

/**
 * Each storage flavor: TimescaleDB where the extension is installed (hypertable, compression and
 * retention policies), plain PostgreSQL with daily partitions otherwise, and the embedded PGlite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ROLLUP_TABLES } from '../../src/rollups/tables';
import { EventPartitions } from '../../src/storage/retention';
import { createTestDatabase } from '../support/postgres';
import {
  ADMIN_KEY,
  latencyEvent,
  postJson,
  startChildProcessor,
  startTestProcessor,
  type ChildProcessor,
} from '../support/processor';

async function timescaleInstalled(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'");
  await client.end();
  return result.rowCount === 1;
}

test('PostgreSQL: TimescaleDB hypertable and policies when the extension is there, daily partitions otherwise', async () => {
  const database = await createTestDatabase('flavors');
  const hub = await startTestProcessor({ DATABASE_URL: database.url, HUB_RAW_RETENTION_DAYS: '30' });
  const db = new pg.Pool({ connectionString: database.url });
  try {
    const run = `flavor-${Date.now()}`;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const answer = await postJson(`${hub.url}/api/v1/events`, [
      latencyEvent(`${run}-1`),
      latencyEvent(`${run}-2`, { time: yesterday }),
    ]);
    expect(answer.status).toBe(200);

    if (await timescaleInstalled(database.url)) {
      expect(hub.processor.db.flavor).toBe('timescaledb');
      const hypertable = await db.query(
        "SELECT compression_enabled FROM timescaledb_information.hypertables WHERE hypertable_name = 'events'",
      );
      expect(hypertable.rows).toEqual([{ compression_enabled: true }]);
      const jobs = await db.query(
        "SELECT proc_name FROM timescaledb_information.jobs WHERE hypertable_name = 'events' ORDER BY proc_name",
      );
      expect(jobs.rows.map((row) => row.proc_name)).toEqual(['policy_compression', 'policy_retention']);
      const rollups = await db.query(
        "SELECT hypertable_name FROM timescaledb_information.hypertables WHERE hypertable_name LIKE 'rollup_%' ORDER BY 1",
      );
      expect(rollups.rows.map((row) => row.hypertable_name)).toEqual(['rollup_1d', 'rollup_1h', 'rollup_1m']);
    } else {
      console.log(
        'timescaledb extension not installed here: testing the plain PostgreSQL path (daily partitions)',
      );
      expect(hub.processor.db.flavor).toBe('postgres');
      const partitions = await db.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events' ORDER BY 1`,
      );
      const day = (iso: string) => `events_p${iso.slice(0, 10).replaceAll('-', '')}`;
      expect(partitions.rows.map((row) => row.name)).toEqual(
        expect.arrayContaining([day(yesterday), day(new Date().toISOString())]),
      );
      // Retention drops whole partitions past the window.
      await db.query(
        `CREATE TABLE events_p20000101 PARTITION OF events FOR VALUES FROM ('2000-01-01') TO ('2000-01-02')`,
      );
      const dropped = await new EventPartitions(hub.processor.db).applyRetention(30);
      expect(dropped).toEqual(['events_p20000101']);
    }
    const stored = await db.query('SELECT count(*) AS n FROM events WHERE event_id LIKE $1', [`${run}-%`]);
    expect(Number(stored.rows[0].n)).toBe(2);
  } finally {
    await db.end();
    await hub.stop();
    await database.drop();
  }
});

// No timescaledb package exists for this machine's PostgreSQL: the TimescaleDB branch runs on a
// PGlite build with the extension compiled in (test/support/timescale-processor.cjs).
test('TimescaleDB: hypertables with compression and retention policies; ingest and queries read them', async () => {
  const port = 21_000 + Math.floor(Math.random() * 500);
  const hub = await startChildProcessor(
    {},
    port,
    join(__dirname, '..', 'support', 'timescale-processor.cjs'),
  );
  try {
    const report = JSON.parse(
      hub
        .output()
        .split('\n')
        .find((line) => line.startsWith('{"url"'))!,
    );
    const rollups = ROLLUP_TABLES.map((table) => table.name).sort();
    expect(report.hypertables).toEqual(
      [{ name: 'events', compressed: true }, ...rollups.map((name) => ({ name, compressed: false }))].sort(
        (a, b) => a.name.localeCompare(b.name),
      ),
    );
    expect(report.jobs).toEqual(
      [
        { name: 'events', proc: 'policy_compression' },
        { name: 'events', proc: 'policy_retention' },
        ...rollups.map((name) => ({ name, proc: 'policy_retention' })),
      ].sort((a, b) => a.name.localeCompare(b.name) || a.proc.localeCompare(b.proc)),
    );

    const run = `tsdb-${Date.now()}`;
    const time = new Date(Date.now() - 60_000).toISOString();
    const events = Array.from({ length: 300 }, (_, i) =>
      latencyEvent(`${run}-${i}`, { time, model: i % 3 ? 'gpt-4o' : 'claude-sonnet-4', latencyMs: 100 + i }),
    );
    expect((await postJson(`${hub.url}/api/v1/events`, events)).body).toMatchObject({ accepted: 300 });
    const table = await postJson(`${hub.url}/api/v1/query/table`, {
      metric: 'latency_ms',
      measure: 'count',
      from: 'now-1h',
      to: 'now',
      groupBy: ['model'],
    });
    expect(table.status).toBe(200);
    expect(table.body.rows).toEqual([
      { labels: { model: 'gpt-4o' }, value: 200 },
      { labels: { model: 'claude-sonnet-4' }, value: 100 },
    ]);
    expect(await hub.kill('SIGTERM')).toBe(0);
  } finally {
    await hub.kill('SIGKILL');
  }
});

// PGlite loads its WebAssembly with a dynamic import, which jest's module sandbox refuses; the
// embedded store therefore runs here as the user runs it: the built processor in a process of its own.
test('embedded PGlite: events survive a restart on the same data directory', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-embedded-'));
  // With a worker thread preparing the bodies (the default on more than two cores).
  const env = { HUB_DATA_DIR: dataDir, HUB_LOG_LEVEL: 'info', HUB_INGEST_WORKERS: '1' };
  const port = 20_500 + Math.floor(Math.random() * 500);
  const run = `embedded-${Date.now()}`;
  const time = new Date().toISOString();
  const events = (...ids: number[]) => ids.map((id) => latencyEvent(`${run}-${id}`, { time }));
  let hub: ChildProcessor | null = null;
  try {
    hub = await startChildProcessor(env, port);
    expect(hub.output()).toMatch(/storage: embedded PGlite/);
    // An invalid item is refused with its reason (prepared on the worker thread), the others stored.
    expect(
      (await postJson(`${hub.url}/api/v1/events`, [...events(1, 2), { common: { event_id: 'no-time' } }]))
        .body,
    ).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1, errors: [{ index: 2 }] });
    const garbage = await fetch(`${hub.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: '{"not json',
    });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { message: string }).message).toMatch(/not valid JSON/);
    // Text COPY's special characters are stored as sent.
    const awkward = 'tab\there, line\nbreak, carriage\rreturn, back\\slash, \\N, ünïcödé 𝄞';
    const odd = latencyEvent(`${run}-odd`, { time });
    expect(
      (
        await postJson(`${hub.url}/api/v1/events`, [
          { ...odd, common: { ...odd.common, tags: { ...odd.common.tags, route: awkward } } },
        ])
      ).status,
    ).toBe(200);
    const found = await postJson(`${hub.url}/api/v1/query/events`, {
      from: Date.now() - 3_600_000,
      to: Date.now() + 60_000,
      text: `req-${run}-odd`,
    });
    expect(found.body.events.map((e: { route: string }) => e.route)).toEqual([awkward]);
    expect(await hub.kill('SIGTERM')).toBe(0);

    hub = await startChildProcessor(env, port);
    // Event 1 was stored before the restart: it is recognised as a duplicate.
    expect((await postJson(`${hub.url}/api/v1/events`, events(1, 3))).body).toMatchObject({
      accepted: 2,
      duplicates: 1,
    });
    expect(await hub.kill('SIGTERM')).toBe(0);
  } finally {
    await hub?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

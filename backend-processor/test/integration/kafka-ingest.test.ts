/** Kafka ingest against a real broker and a real PostgreSQL: exactly once, through redelivery and SIGKILL. */
import pg from 'pg';
import { outcomeOf } from '../faults/outcome';
import { createTestTopic, produceEvents, requireKafka } from '../support/kafka';
import { createTestDatabase, waitForCount } from '../support/postgres';
import { latencyEvent, startChildProcessor, startTestProcessor } from '../support/processor';

let brokers: string[];

beforeAll(async () => {
  brokers = await requireKafka();
});

const COUNT = 'SELECT count(*) AS n FROM events WHERE event_id LIKE $1';
const DISTINCT = 'SELECT count(DISTINCT event_id) AS n FROM events WHERE event_id LIKE $1';

test('10,000 events over Kafka are stored exactly once, also when every batch is sent twice', async () => {
  const database = await createTestDatabase('kafka_ingest');
  const topic = await createTestTopic('events');
  const db = new pg.Pool({ connectionString: database.url });
  const hub = await startTestProcessor({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_GROUP_ID: `${topic}-group`,
  });
  try {
    const run = `kafka-${Date.now()}`;
    const events = Array.from({ length: 10_000 }, (_, i) => latencyEvent(`${run}-${i}`));
    for (let i = 0; i < events.length; i += 1000) {
      const batch = events.slice(i, i + 1000);
      await produceEvents(topic, batch);
      await produceEvents(topic, batch);
    }
    expect(await waitForCount(db, COUNT, [`${run}-%`], 10_000)).toBe(10_000);
    // Give the consumer time to process the remaining copies; none may add a row.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(Number((await db.query<{ n: string }>(COUNT, [`${run}-%`])).rows[0]!.n)).toBe(10_000);
    expect(Number((await db.query<{ n: string }>(DISTINCT, [`${run}-%`])).rows[0]!.n)).toBe(10_000);
    const ready = (await (await fetch(`${hub.url}/ready`)).json()) as { checks: Record<string, string> };
    expect(ready.checks.kafka).toBe('ok');
  } finally {
    await hub.stop();
    await db.end();
    await database.drop();
  }
});

test('SIGKILL of the processor in the middle of a Kafka stream, then a restart, leaves every event stored once', async () => {
  const database = await createTestDatabase('kafka_sigkill');
  const topic = await createTestTopic('sigkill');
  const db = new pg.Pool({ connectionString: database.url });
  const env = {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_GROUP_ID: `${topic}-group`,
  };
  const run = `kill-${Date.now()}`;
  const events = Array.from({ length: 20_000 }, (_, i) => latencyEvent(`${run}-${i}`));
  let hub = await startChildProcessor(env, 18_500 + Math.floor(Math.random() * 1000));
  try {
    // Produce while the processor consumes; kill it once part of the stream is stored.
    const producing = produceEvents(topic, events, { batchSize: 250 });
    const partial = await waitForCount(db, COUNT, [`${run}-%`], 3_000);
    expect(partial).toBeGreaterThanOrEqual(3_000);
    await hub.kill('SIGKILL');
    const atKill = Number((await db.query<{ n: string }>(COUNT, [`${run}-%`])).rows[0]!.n);
    expect(atKill).toBeLessThan(events.length);
    await producing;

    hub = await startChildProcessor(env, 19_500 + Math.floor(Math.random() * 400));
    expect(await waitForCount(db, COUNT, [`${run}-%`], events.length)).toBe(events.length);
    expect(Number((await db.query<{ n: string }>(DISTINCT, [`${run}-%`])).rows[0]!.n)).toBe(events.length);
    // SIGTERM is a clean stop: exit code 0.
    expect(await hub.kill('SIGTERM')).toBe(0);
    const outcome = await outcomeOf(
      db,
      'SIGKILL of the processor mid-stream (Kafka)',
      'nothing (the producer is acknowledged by Kafka); the restarted processor reread the uncommitted batches',
      new Set(events.map((event) => event.common.event_id)),
    );
    expect(outcome).toMatchObject({ stored: events.length, lost: 0, doubleCounted: 0 });
  } finally {
    await hub.kill('SIGKILL');
    await db.end();
    await database.drop();
  }
});

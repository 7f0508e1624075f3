/**
 * A PostgreSQL outage during ingest: HTTP answers 503 with Retry-After (never acknowledges and then
 * loses), /ready reports it, and Kafka consumption holds the uncommitted batch until the database
 * is back; afterwards every acknowledged or produced event is stored exactly once.
 */
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pg from 'pg';
import { outcomeOf } from '../faults/outcome';
import { createTestTopic, requireKafka } from '../support/kafka';
import { startPrivatePostgres, type PrivatePostgres } from '../support/postgres';
import {
  ADMIN_KEY,
  latencyEvent,
  postJson,
  startTestProcessor,
  type TestProcessor,
} from '../support/processor';

let server: PrivatePostgres;
let hub: TestProcessor;
let brokers: string[];
let topic: string;

beforeAll(async () => {
  brokers = await requireKafka();
  topic = await createTestTopic('outage');
  server = await startPrivatePostgres(56_000 + Math.floor(Math.random() * 500));
  hub = await startTestProcessor({
    DATABASE_URL: server.url,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_GROUP_ID: `${topic}-group`,
  });
});

afterAll(async () => {
  await hub?.stop();
  await server?.destroy();
});

async function storedCount(prefix: string): Promise<number> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const result = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM events WHERE event_id LIKE $1',
    [`${prefix}%`],
  );
  await client.end();
  return Number(result.rows[0]!.n);
}

test('HTTP gets 503 with Retry-After while the database is down, Kafka waits, and nothing is lost', async () => {
  const run = `outage-${Date.now()}`;
  const time = new Date().toISOString();
  const before = Array.from({ length: 50 }, (_, i) => latencyEvent(`${run}-a${i}`, { time }));
  expect((await postJson(`${hub.url}/api/v1/events`, before)).status).toBe(200);

  await server.stop();
  const during = Array.from({ length: 50 }, (_, i) => latencyEvent(`${run}-b${i}`, { time }));
  const refused = await fetch(`${hub.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify(during),
  });
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('5');
  expect((await fetch(`${hub.url}/ready`)).status).toBe(503);
  expect((await fetch(`${hub.url}/health`)).status).toBe(200);

  const producer = new Kafka({ brokers, logLevel: logLevel.NOTHING }).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const viaKafka = Array.from({ length: 200 }, (_, i) => latencyEvent(`${run}-k${i}`, { time }));
  await producer.send({ topic, messages: viaKafka.map((event) => ({ value: JSON.stringify(event) })) });
  await producer.disconnect();
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  await server.start();
  // The client retries what was refused; the consumer's held batch goes through on its own.
  const deadline = Date.now() + 60_000;
  let retried = await postJson(`${hub.url}/api/v1/events`, during);
  while (retried.status === 503 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    retried = await postJson(`${hub.url}/api/v1/events`, during);
  }
  expect(retried.status).toBe(200);
  while ((await storedCount(`${run}-k`)) < viaKafka.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(await storedCount(`${run}-a`)).toBe(50);
  expect(await storedCount(`${run}-b`)).toBe(50);
  expect(await storedCount(`${run}-k`)).toBe(200);
  expect((await fetch(`${hub.url}/ready`)).status).toBe(200);

  const db = new pg.Pool({ connectionString: server.url });
  const outcome = await outcomeOf(
    db,
    'PostgreSQL restart during ingest (HTTP and Kafka)',
    'HTTP 503 with Retry-After while it was down (the batch re-sent after); Kafka consumption held its batch',
    new Set([...before, ...during, ...viaKafka].map((event) => event.common.event_id)),
  );
  await db.end();
  expect(outcome).toMatchObject({ stored: 300, lost: 0, doubleCounted: 0 });
});

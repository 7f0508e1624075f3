/**
 * The Kafka broker restarts in the middle of a stream: the producer re-sends what failed, the
 * processor's consumer loses the broker and reconnects. Every acknowledged event is stored once,
 * the rollups exact. The broker is the test's own, so the one other tests use stays up.
 */
import { createTestTopic, produceEvents, startPrivateKafka } from '../support/kafka';
import { useTestDatabase, waitForCount } from '../support/postgres';
import { latencyEvent, startTestProcessor } from '../support/processor';
import { outcomeOf } from './outcome';

const EVENTS = 15_000;
const COUNT = 'SELECT count(*) AS n FROM events';

const database = useTestDatabase('fault_broker');
let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
beforeAll(async () => {
  kafka = await startPrivateKafka();
}, 300_000);
afterAll(async () => {
  await kafka?.destroy();
});

test('a broker restart mid-stream: acknowledged events stored once, rollups exact', async () => {
  const topic = await createTestTopic('fault-broker', 3, kafka.brokers);
  const hub = await startTestProcessor({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_GROUP_ID: `${topic}-group`,
    HUB_ANOMALY_DETECTION: 'off',
    // kafkajs logs every failed reconnection as an error while the broker is down: expected here.
    HUB_LOG_LEVEL: 'fatal',
  });
  const run = `broker-${Date.now()}`;
  const events = Array.from({ length: EVENTS }, (_, i) =>
    latencyEvent(`${run}-${i}`, { latencyMs: 100 + (i % 900) }),
  );
  let producerRetries = 0;
  const producing = produceEvents(topic, events, {
    brokers: kafka.brokers,
    batchSize: 250,
    pauseMs: 100,
    onRetry: () => producerRetries++,
  });

  expect(await waitForCount(database.db, COUNT, [], EVENTS / 3)).toBeGreaterThanOrEqual(EVENTS / 3);
  await kafka.stop();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await kafka.start();
  await producing;
  expect(await waitForCount(database.db, COUNT, [], EVENTS, 180_000)).toBe(EVENTS);
  await hub.stop();

  const outcome = await outcomeOf(
    database.db,
    'Kafka broker restart mid-stream',
    `the producer's requests failed while the broker was down (${producerRetries} re-sent); consumption resumed after it came back`,
    new Set(events.map((event) => event.common.event_id)),
  );
  expect(producerRetries).toBeGreaterThan(0);
  expect(outcome).toMatchObject({ stored: EVENTS, lost: 0, doubleCounted: 0 });
}, 400_000);

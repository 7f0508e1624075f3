/**
 * A second processor joins the consumer group in the middle of a Kafka stream and later leaves it:
 * two rebalances while both consume. Every produced event is stored once, the rollups exact.
 */
import { createTestTopic, produceEvents, requireKafka } from '../support/kafka';
import { useTestDatabase, waitForCount } from '../support/postgres';
import { latencyEvent, startTestProcessor } from '../support/processor';
import { outcomeOf } from './outcome';

const EVENTS = 20_000;
const COUNT = 'SELECT count(*) AS n FROM events';

const database = useTestDatabase('fault_group');
beforeAll(() => requireKafka());

test('a second processor joins and leaves the group mid-stream: every event stored once, rollups exact', async () => {
  const topic = await createTestTopic('fault-group', 4);
  const env = {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: (await requireKafka()).join(','),
    KAFKA_TOPIC: topic,
    KAFKA_GROUP_ID: `${topic}-group`,
    HUB_ANOMALY_DETECTION: 'off',
  };
  const run = `group-${Date.now()}`;
  const events = Array.from({ length: EVENTS }, (_, i) =>
    latencyEvent(`${run}-${i}`, { latencyMs: 100 + (i % 900) }),
  );
  const first = await startTestProcessor(env);
  // A stream over ~8 seconds, so that the joins and leaves happen while it flows.
  const producing = produceEvents(topic, events, { batchSize: 250, pauseMs: 100 });

  expect(await waitForCount(database.db, COUNT, [], EVENTS / 4)).toBeGreaterThanOrEqual(EVENTS / 4);
  const second = await startTestProcessor(env);
  expect(await waitForCount(database.db, COUNT, [], EVENTS / 2)).toBeGreaterThanOrEqual(EVENTS / 2);
  await second.stop();
  await producing;
  expect(await waitForCount(database.db, COUNT, [], EVENTS, 120_000)).toBe(EVENTS);
  await first.stop();

  const outcome = await outcomeOf(
    database.db,
    'A second processor joins, then leaves, the consumer group (Kafka)',
    'nothing (the producer is acknowledged by Kafka; consumption paused during the two rebalances)',
    new Set(events.map((event) => event.common.event_id)),
  );
  expect(outcome).toMatchObject({ stored: EVENTS, lost: 0, doubleCounted: 0 });
}, 240_000);

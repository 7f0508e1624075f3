/**
 * The demo generator against the real processor: everything it sends, over HTTP and over Kafka, is
 * accepted (the generator speaks the wire formats the validator enforces), and it reaches storage.
 */
import pg from 'pg';
import { runDemo } from '../../src/demo/run';
import { createTestTopic, requireKafka } from '../support/kafka';
import { createTestDatabase } from '../support/postgres';
import { ADMIN_KEY, startTestProcessor, useDatabaseProcessor } from '../support/processor';

const fixture = useDatabaseProcessor('demo_http');
const quiet = () => undefined;

test('demo traffic over HTTP, incidents included, is accepted in full', async () => {
  const summary = await runDemo({
    url: fixture.hub.url,
    apiKey: ADMIN_KEY,
    seed: 7,
    backfillMs: 20 * 60_000,
    durationMs: 0,
    incidents: [
      { kind: 'threat-chain', at: { offsetMs: -10 * 60_000 }, durationMs: 5 * 60_000, tenant: 'acme' },
      { kind: 'error-burst', at: { offsetMs: -10 * 60_000 }, durationMs: 5 * 60_000, route: 'chat' },
    ],
    log: quiet,
  });
  expect(summary.generated).toBeGreaterThan(100);
  expect(summary).toMatchObject({ rejected: 0, failed: 0 });
  expect(await fixture.count('SELECT count(*) AS n FROM dead_letters')).toBe(0);
  const kinds = await fixture.db.query<{ kind: string }>('SELECT DISTINCT kind FROM events ORDER BY kind');
  expect(kinds.rows.map((row) => row.kind)).toEqual(
    expect.arrayContaining([
      'latency',
      'llm_call',
      'policy_violation',
      'threat',
      'token_cost',
      'token_usage',
    ]),
  );
});

test('demo traffic over Kafka is consumed and stored, with nothing on the dead-letter topic', async () => {
  const brokers = await requireKafka();
  const topic = await createTestTopic('demo');
  const database = await createTestDatabase('demo_kafka');
  const hub = await startTestProcessor({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_GROUP_ID: `${topic}-group`,
  });
  const db = new pg.Pool({ connectionString: database.url });
  try {
    const summary = await runDemo({
      target: 'kafka',
      brokers,
      topic,
      seed: 11,
      backfillMs: 10 * 60_000,
      durationMs: 0,
      log: quiet,
    });
    expect(summary.failed).toBe(0);
    // Pair halves become one event per pair, so the stored count is below the sent count: wait
    // until the consumer's lag is zero instead, then check that nothing was rejected.
    const deadline = Date.now() + 60_000;
    let metrics = '';
    while (Date.now() < deadline) {
      metrics = await (await fetch(`${hub.url}/metrics`)).text();
      const consumed = [...metrics.matchAll(/^llm_metrics_events_consumed_total\{[^}]*\} (\d+)/gm)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
      if (consumed >= summary.generated) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(metrics).not.toMatch(/^llm_events_rejected_total\{/m);
    const stored = await db.query<{ n: string }>('SELECT count(*) AS n FROM events');
    expect(Number(stored.rows[0]!.n)).toBeGreaterThan(summary.generated / 2);
  } finally {
    await db.end();
    await hub.stop();
    await database.drop();
  }
});

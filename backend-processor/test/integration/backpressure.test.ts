/**
 * Backpressure on HTTP ingest, with a real PostgreSQL made slow: while a lock holds the events
 * table, the requests already admitted wait, and those over the in-flight budget are answered 503
 * with Retry-After at once (memory stays bounded). Clients that retry after the lock is gone get
 * everything stored, once.
 */
import pg from 'pg';
import { outcomeOf } from '../faults/outcome';
import { ADMIN_KEY, latencyEvent, useDatabaseProcessor } from '../support/processor';

// 1 MiB of ingest bodies in flight; the batches below are ~90 KiB each.
const fixture = useDatabaseProcessor('backpressure', {
  HUB_INGEST_MAX_IN_FLIGHT_MB: '1',
  HUB_ANOMALY_DETECTION: 'off',
});

const BATCHES = 30;
const PER_BATCH = 300;

function batch(b: number): string {
  return JSON.stringify(Array.from({ length: PER_BATCH }, (_, i) => latencyEvent(`bp-${b}-${i}`)));
}

async function post(body: string) {
  const response = await fetch(`${fixture.hub.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body,
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as any,
  };
}

test('a slow database: the budget is admitted and waits, the rest is shed with 503 + Retry-After, retries store everything once', async () => {
  const bodies = Array.from({ length: BATCHES }, (_, b) => batch(b));
  expect(Buffer.byteLength(bodies[0]!)).toBeGreaterThan(64 * 1024);

  // The slow database: a transaction holding the events table.
  const locker = new pg.Client({ connectionString: fixture.databaseUrl });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');

  const started = Date.now();
  const pending = bodies.map(async (body, b) => ({ b, ...(await post(body)), at: Date.now() - started }));
  // The shed ones answer while the lock is held; give them a moment, then free the table.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const metrics = await (await fetch(`${fixture.hub.url}/metrics`)).text();
  await locker.query('ROLLBACK');
  await locker.end();
  const answers = await Promise.all(pending);

  const shed = answers.filter((a) => a.status === 503);
  const admitted = answers.filter((a) => a.status === 200);
  expect(shed.length + admitted.length).toBe(BATCHES);
  // ~1 MiB of ~90 KiB bodies: about eleven admitted, the rest shed — at once, not after the lock.
  expect(admitted.length).toBeGreaterThanOrEqual(1);
  expect(admitted.length).toBeLessThanOrEqual(13);
  for (const answer of shed) {
    expect(answer.retryAfter).toBe('1');
    expect(answer.body.message).toMatch(/too much ingest in flight .* not acknowledged, retry it/);
    expect(answer.at).toBeLessThan(2000);
  }
  expect(metrics).toMatch(new RegExp(`llm_ingest_shed_total\\{route="/api/v1/events"\\} ${shed.length}\\n`));

  // The clients retry what was shed; now the database keeps up.
  for (const { b } of shed) expect((await post(bodies[b]!)).status).toBe(200);
  const outcome = await outcomeOf(
    fixture.db,
    'A slow database (the events table locked) under HTTP load',
    `${shed.length} of ${BATCHES} requests answered 503 with Retry-After at once (re-sent after); the rest waited`,
    new Set(
      bodies.flatMap((body) =>
        (JSON.parse(body) as Array<{ common: { event_id: string } }>).map((e) => e.common.event_id),
      ),
    ),
  );
  expect(outcome).toMatchObject({ stored: BATCHES * PER_BATCH, lost: 0, doubleCounted: 0 });
}, 60_000);

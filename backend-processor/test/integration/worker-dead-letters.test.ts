/**
 * Bodies prepared on a worker thread move there (their bytes are not copied): what is refused
 * must still be kept as it was received, a body that does not parse and a rejected item alike.
 */
import { useTestDatabase } from '../support/postgres';
import { ADMIN_KEY, latencyEvent, postJson, startChildProcessor } from '../support/processor';

const database = useTestDatabase('worker_dead_letters');

test('on the worker-thread path, an unparseable body and a rejected item are kept byte for byte', async () => {
  const port = 22_000 + Math.floor(Math.random() * 500);
  const hub = await startChildProcessor(
    { DATABASE_URL: database.url, HUB_ANOMALY_DETECTION: 'off', HUB_INGEST_WORKERS: '1' },
    port,
  );
  try {
    const run = `worker-dlq-${Date.now()}`;
    // Large enough to own its buffer on the way in (small bodies share Node's buffer pool).
    const garbage = `{"not json": "${run}${' '.repeat(20_000)}`;
    const refused = await fetch(`${hub.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: garbage,
    });
    expect(refused.status).toBe(400);
    const bad = { common: { event_id: `${run}-no-time` } };
    const mixed = await postJson(`${hub.url}/api/v1/events`, [latencyEvent(`${run}-ok`), bad]);
    expect(mixed.body).toMatchObject({ accepted: 1, rejected: 1, errors: [{ index: 1 }] });

    const kept = await database.db.query<{ code: string; body: Buffer }>(
      `SELECT code, body FROM dead_letters WHERE convert_from(body, 'UTF8') LIKE '%' || $1 || '%' ORDER BY id`,
      [run],
    );
    expect(kept.rows.map((row) => [row.code, row.body.toString()])).toEqual([
      ['body_unparseable', garbage],
      ['missing_field', JSON.stringify(bad)],
    ]);
  } finally {
    await hub.kill('SIGKILL');
  }
});

/**
 * SIGKILL of the processor in the middle of an HTTP stream. The clients are at-least-once senders:
 * a batch is re-sent until it is acknowledged (connection refused or reset while the processor is
 * down, 503 while it starts). After a restart, every acknowledged event is stored once and the
 * rollups equal a clean run's.
 */
import { useTestDatabase } from '../support/postgres';
import { ADMIN_KEY, latencyEvent, startChildProcessor, type ChildProcessor } from '../support/processor';
import { outcomeOf } from './outcome';

const BATCHES = 120;
const PER_BATCH = 250;
const SENDERS = 4;

const database = useTestDatabase('fault_http_sigkill');

test('SIGKILL mid-stream over HTTP, then a restart: acknowledged events stored once, rollups exact', async () => {
  const port = 18_000 + Math.floor(Math.random() * 400);
  // One worker thread prepares the bodies: the threaded path under the same fault.
  const env = { DATABASE_URL: database.url, HUB_ANOMALY_DETECTION: 'off', HUB_INGEST_WORKERS: '1' };
  let hub: ChildProcessor = await startChildProcessor(env, port);
  const run = `http-kill-${Date.now()}`;
  const batches = Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: PER_BATCH }, (_, i) =>
      latencyEvent(`${run}-${b}-${i}`, { latencyMs: 100 + ((b * PER_BATCH + i) % 900) }),
    ),
  );
  const acknowledged = new Set<string>();
  const seen = { refused: 0, unavailable: 0, resent: 0 };

  /** Sends one batch until the processor acknowledges it. */
  async function deliver(batch: (typeof batches)[number]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) seen.resent++;
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
          body: JSON.stringify(batch),
        });
        if (response.status === 200) {
          for (const event of batch) acknowledged.add(event.common.event_id);
          return;
        }
        seen.unavailable++;
      } catch {
        seen.refused++;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  let next = 0;
  const senders = Array.from({ length: SENDERS }, async () => {
    while (next < batches.length) await deliver(batches[next++]!);
  });
  // Kill once a third is acknowledged, restart a moment later on the same port and database.
  while (acknowledged.size < (BATCHES * PER_BATCH) / 3)
    await new Promise((resolve) => setTimeout(resolve, 20));
  await hub.kill('SIGKILL');
  const atKill = acknowledged.size;
  await new Promise((resolve) => setTimeout(resolve, 500));
  hub = await startChildProcessor(env, port);
  await Promise.all(senders);
  await hub.kill('SIGTERM');

  expect(atKill).toBeLessThan(BATCHES * PER_BATCH);
  expect(seen.refused).toBeGreaterThan(0);
  const outcome = await outcomeOf(
    database.db,
    'SIGKILL of the processor mid-stream (HTTP)',
    `connection refused or reset for ${seen.refused} requests while down; ${seen.resent} batches re-sent`,
    acknowledged,
  );
  expect(outcome).toMatchObject({
    acknowledged: BATCHES * PER_BATCH,
    stored: BATCHES * PER_BATCH,
    lost: 0,
    doubleCounted: 0,
  });
}, 180_000);

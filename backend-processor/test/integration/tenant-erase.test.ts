/**
 * Erasing a tenant: its events gone, and the rollups what a clean run without it would hold — the
 * views mixing tenants (p95 by model) included, which are rebuilt rather than subtracted from.
 */
import { ADMIN_KEY, latencyEvent, postJson, useDatabaseProcessor } from '../support/processor';

const erased = useDatabaseProcessor('tenant_erase', { HUB_ANOMALY_DETECTION: 'off' });
const clean = useDatabaseProcessor('tenant_erase_clean', { HUB_ANOMALY_DETECTION: 'off' });

const MINUTE = 60_000;
const now = Date.now();
/** Events of a tenant over the last three hours, on two models, with varied latencies. */
function eventsOf(tenant: string, count: number, seed: number) {
  return Array.from({ length: count }, (_, i) =>
    latencyEvent(`${tenant}-${i}`, {
      tenant,
      model: i % 2 ? 'gpt-4o' : 'claude-sonnet-4',
      latencyMs: 50 + ((i * seed) % 1000),
      time: new Date(now - 5 * MINUTE - ((i * 7_919) % (170 * MINUTE))).toISOString(),
    }),
  );
}
const acme = eventsOf('acme', 1_200, 37);
const globex = eventsOf('globex', 800, 53);

const query = (url: string, body: object) => postJson(`${url}/api/v1/query/timeseries`, body);
const series = (answer: { body: any }) => answer.body.series;

test('an erased tenant leaves the rollups a clean run without it would have', async () => {
  for (const batch of [acme.slice(0, 600), acme.slice(600), globex]) {
    expect((await postJson(`${erased.hub.url}/api/v1/events`, batch)).status).toBe(200);
  }
  expect((await postJson(`${clean.hub.url}/api/v1/events`, globex)).status).toBe(200);

  const answer = await fetch(`${erased.hub.url}/api/v1/tenants/acme`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  expect(answer.status).toBe(200);
  expect(await answer.json()).toMatchObject({ tenant: 'acme', events: 1_200 });
  expect(await erased.count("SELECT count(*) AS n FROM events WHERE tenant = 'acme'")).toBe(0);
  expect(await erased.count("SELECT count(*) AS n FROM rollup_1m WHERE tenant = 'acme'")).toBe(0);
  expect(await erased.count('SELECT count(*) AS n FROM events')).toBe(800);

  const range = { from: now - 4 * 60 * MINUTE, to: now };
  for (const body of [
    // The model view (mixed tenants, rebuilt): p95 and counts at 5-minute and 1-hour windows.
    { metric: 'latency_ms', measure: 'p95', window: '5m', groupBy: ['model'], ...range },
    { metric: 'latency_ms', measure: 'avg', window: '1h', groupBy: ['model'], ...range },
    { metric: 'requests', measure: 'count', window: '1d', groupBy: ['model'], ...range },
    // The tenant views and the full tuple.
    { metric: 'latency_ms', measure: 'p99', window: '5m', groupBy: ['tenant', 'model'], ...range },
    { metric: 'latency_ms', measure: 'max', window: '1m', groupBy: ['severity'], ...range },
  ]) {
    const [left, right] = await Promise.all([query(erased.hub.url, body), query(clean.hub.url, body)]);
    expect(left.status).toBe(200);
    expect({ body, series: series(left) }).toEqual({ body, series: series(right) });
    expect(series(left).length).toBeGreaterThan(0);
  }

  const audit = await erased.db.query("SELECT target, details FROM audit_log WHERE action = 'tenant.erase'");
  expect(audit.rows).toEqual([{ target: 'acme', details: expect.objectContaining({ events: 1_200 }) }]);
});

/** A tenant's events exported as NDJSON for a data-protection request: all of them, only theirs, audited. */
import { ADMIN_KEY, latencyEvent, postJson, useDatabaseProcessor } from '../support/processor';

const fixture = useDatabaseProcessor('tenant_export', { HUB_ANOMALY_DETECTION: 'off' });

test('every event of the tenant, one JSON record a line, across pages; the export is audited', async () => {
  const acme = Array.from({ length: 1_500 }, (_, i) => latencyEvent(`acme-${i}`, { tenant: 'acme' }));
  const globex = Array.from({ length: 10 }, (_, i) => latencyEvent(`globex-${i}`, { tenant: 'globex' }));
  for (const batch of [acme.slice(0, 1000), acme.slice(1000), globex]) {
    expect((await postJson(`${fixture.hub.url}/api/v1/events`, batch)).status).toBe(200);
  }
  const response = await fetch(`${fixture.hub.url}/api/v1/tenants/acme/export`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
  expect(response.headers.get('content-disposition')).toBe('attachment; filename="acme-events.ndjson"');
  const records = (await response.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(records).toHaveLength(1_500);
  expect(new Set(records.map((r) => r.eventId))).toEqual(new Set(acme.map((e) => e.common.event_id)));
  expect(records.every((r) => r.tenant === 'acme' && r.latencyMs === 250)).toBe(true);

  const audit = await fixture.db.query(
    "SELECT actor_name, target, details FROM audit_log WHERE action = 'tenant.export'",
  );
  expect(audit.rows).toEqual([{ actor_name: 'bootstrap', target: 'acme', details: { exported: 1_500 } }]);
});

test('only an admin key may export', async () => {
  const reader = await postJson(`${fixture.hub.url}/api/v1/keys`, { name: 'reader', scopes: ['read'] });
  const response = await fetch(`${fixture.hub.url}/api/v1/tenants/acme/export`, {
    headers: { authorization: `Bearer ${reader.body.key}` },
  });
  expect(response.status).toBe(403);
});

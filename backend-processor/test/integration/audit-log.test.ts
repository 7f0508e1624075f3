/** Admin actions and raw event reads are on record, and the record cannot be changed. */
import { ADMIN_KEY, latencyEvent, postJson, useDatabaseProcessor } from '../support/processor';

const fixture = useDatabaseProcessor('audit_log', { HUB_ANOMALY_DETECTION: 'off' });

test('creating and revoking a key and reading raw events are audited with who, what and when', async () => {
  const created = await postJson(`${fixture.hub.url}/api/v1/keys`, {
    name: 'auditor',
    scopes: ['read'],
    tenant: 'acme',
  });
  expect(created.status).toBe(201);
  await postJson(`${fixture.hub.url}/api/v1/events`, [latencyEvent('audit-1', { tenant: 'acme' })]);
  const search = await postJson(
    `${fixture.hub.url}/api/v1/query/events`,
    { from: 'now-1h', to: 'now', text: 'gpt-4o' },
    created.body.key,
  );
  expect(search.status).toBe(200);
  const revoked = await fetch(`${fixture.hub.url}/api/v1/keys/${created.body.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  expect(revoked.status).toBe(204);

  const { rows } = await fixture.db.query(
    'SELECT actor_name, action, target, details FROM audit_log ORDER BY id',
  );
  expect(rows).toEqual([
    {
      actor_name: 'bootstrap',
      action: 'key.create',
      target: created.body.id,
      details: { name: 'auditor', scopes: ['read'], tenant: 'acme', rateLimitPerMinute: null },
    },
    {
      actor_name: 'auditor',
      action: 'events.read',
      target: 'acme',
      details: { query: { from: 'now-1h', to: 'now', text: 'gpt-4o' }, returned: 1 },
    },
    { actor_name: 'bootstrap', action: 'key.revoke', target: created.body.id, details: {} },
  ]);
});

test.each([
  ['UPDATE audit_log SET action = $$nothing$$', 'UPDATE'],
  ['DELETE FROM audit_log', 'DELETE'],
  ['TRUNCATE audit_log', 'TRUNCATE'],
])('the database refuses %s', async (sql, operation) => {
  await expect(fixture.db.query(sql)).rejects.toThrow(`audit_log is append-only: ${operation} refused`);
});

/** Hostile and careless input gets a 4xx JSON answer, never a crash; keys, scopes and tenants are enforced. */
import { ADMIN_KEY, latencyEvent, postJson, useDatabaseProcessor } from '../support/processor';

const fixture = useDatabaseProcessor('http_garbage', { HUB_BODY_LIMIT_BYTES: String(5 * 1024 * 1024) });

async function send(body: Buffer | string, contentType = 'application/json') {
  const response = await fetch(`${fixture.hub.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${ADMIN_KEY}` },
    body,
  });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: (await response.json()) as any,
  };
}

const garbage: Array<[string, () => Buffer | string, number, RegExp]> = [
  ['not JSON', () => 'this is not json', 400, /not valid JSON/],
  // Kept as a dead letter of zero bytes (it once failed the table's NOT NULL and answered 503).
  ['an empty body', () => '', 400, /not valid JSON/],
  ['truncated JSON', () => '[{"common":', 400, /not valid JSON/],
  ['an empty array', () => '[]', 400, /no events/],
  ['a 10 MB body', () => Buffer.alloc(10 * 1024 * 1024, 'a'), 413, /too large/i],
  // Too deep to write back as JSON for a dead letter by item: refused whole (and kept whole).
  ['deep nesting', () => '['.repeat(100_000) + ']'.repeat(100_000), 400, /nested too deeply/],
  [
    'invalid UTF-8',
    () => Buffer.concat([Buffer.from('[{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]')]),
    400,
    /UTF-8/,
  ],
];

test.each(garbage)('%s gets a %i JSON error', async (_name, body, status, message) => {
  const answer = await send(body());
  expect(answer.status).toBe(status);
  expect(answer.type).toMatch(/application\/json/);
  expect(answer.body.message).toMatch(message);
});

test('wrong types and unknown fields are rejected per item with path and reason (422)', async () => {
  const wrongType = latencyEvent('wrong-type') as any;
  wrongType.common.severity = 7;
  const unknownField = latencyEvent('unknown-field') as any;
  unknownField.payload.colour = 'blue';
  const answer = await postJson(`${fixture.hub.url}/api/v1/events`, [wrongType, unknownField]);
  expect(answer.status).toBe(422);
  expect(answer.body.errors).toEqual([
    expect.objectContaining({ index: 0, path: '/common/severity' }),
    expect.objectContaining({ index: 1, code: 'unknown_field', reason: expect.stringContaining('colour') }),
  ]);
});

test('an item nested deeper than 32 levels is rejected by itself, with its text kept', async () => {
  let deep: unknown = 'bottom';
  for (let level = 0; level < 40; level++) deep = { deeper: deep };
  const tooDeep = latencyEvent('too-deep') as any;
  tooDeep.common.tags = { nested: deep };
  const answer = await postJson(`${fixture.hub.url}/api/v1/events`, [
    latencyEvent('beside-too-deep'),
    tooDeep,
  ]);
  expect(answer.status).toBe(200);
  expect(answer.body.accepted).toBe(1);
  expect(answer.body.errors).toEqual([expect.objectContaining({ index: 1, code: 'too_deep' })]);
  const kept = await fixture.db.query<{ body: Buffer }>(
    "SELECT body FROM dead_letters WHERE reason LIKE '%nests deeper than 32 levels%'",
  );
  expect(kept.rows.map((row) => JSON.parse(row.body.toString()))).toEqual([tooDeep]);
});

test('an unsupported content type gets 415', async () => {
  const answer = await send('a=b', 'application/x-www-form-urlencoded');
  expect(answer.status).toBe(415);
});

test('the processor is still healthy after all of that', async () => {
  expect((await fetch(`${fixture.hub.url}/health`)).status).toBe(200);
  const ok = await postJson(`${fixture.hub.url}/api/v1/events`, latencyEvent(`after-garbage-${Date.now()}`));
  expect(ok.status).toBe(200);
});

describe('API keys', () => {
  async function createKey(scopes: string[], tenant?: string): Promise<string> {
    const answer = await postJson(`${fixture.hub.url}/api/v1/keys`, {
      name: `test ${scopes.join('+')}`,
      scopes,
      tenant,
    });
    expect(answer.status).toBe(201);
    return answer.body.key as string;
  }

  test('no key or an unknown key gets 401', async () => {
    expect((await postJson(`${fixture.hub.url}/api/v1/events`, latencyEvent('no-key'), null)).status).toBe(
      401,
    );
    expect(
      (await postJson(`${fixture.hub.url}/api/v1/events`, latencyEvent('bad-key'), 'llmhub_not_a_key'))
        .status,
    ).toBe(401);
  });

  test('a key without the ingest scope gets 403', async () => {
    const readOnly = await createKey(['read']);
    const answer = await postJson(`${fixture.hub.url}/api/v1/events`, latencyEvent('read-only'), readOnly);
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/ingest/);
  });

  test('a tenant-bound key writes its tenant, and gets 403 for another tenant', async () => {
    const acme = await createKey(['ingest'], 'acme');
    const own = await postJson(
      `${fixture.hub.url}/api/v1/events`,
      latencyEvent(`acme-${Date.now()}`, { tenant: 'acme' }),
      acme,
    );
    expect(own.status).toBe(200);
    const unnamed = await postJson(
      `${fixture.hub.url}/api/v1/events`,
      latencyEvent(`acme-implicit-${Date.now()}`),
      acme,
    );
    expect(unnamed.status).toBe(200);
    const other = await postJson(
      `${fixture.hub.url}/api/v1/events`,
      latencyEvent(`globex-${Date.now()}`, { tenant: 'globex' }),
      acme,
    );
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/globex/);
  });

  test('a revoked key stops working', async () => {
    const created = await postJson(`${fixture.hub.url}/api/v1/keys`, {
      name: 'short-lived',
      scopes: ['ingest'],
    });
    const revoke = await fetch(`${fixture.hub.url}/api/v1/keys/${created.body.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(revoke.status).toBe(204);
    expect(
      (await postJson(`${fixture.hub.url}/api/v1/events`, latencyEvent('revoked'), created.body.key)).status,
    ).toBe(401);
  });

  test('only admin keys manage keys', async () => {
    const ingestOnly = await createKey(['ingest']);
    expect(
      (await postJson(`${fixture.hub.url}/api/v1/keys`, { name: 'x', scopes: ['admin'] }, ingestOnly)).status,
    ).toBe(403);
  });
});

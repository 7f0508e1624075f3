/** HTTP ingest against a real PostgreSQL: exactly-once storage, partial rejection, dead letters, pairs. */
import { gzipSync } from 'node:zlib';
import { ADMIN_KEY, latencyEvent, postJson, useDatabaseProcessor } from '../support/processor';

// A 1 s pair TTL lets the expiry test run without waiting minutes.
const fixture = useDatabaseProcessor('http_ingest', { HUB_PAIR_TTL_SECONDS: '1' });
const { count } = fixture;

test('10,000 events over HTTP are stored exactly once, also when every batch is sent twice', async () => {
  const run = `run-${Date.now()}`;
  const batches = Array.from({ length: 10 }, (_, b) =>
    Array.from({ length: 1000 }, (_, i) => latencyEvent(`${run}-${b * 1000 + i}`, { latencyMs: 100 + i })),
  );
  for (const batch of batches) {
    const first = await postJson(`${fixture.hub.url}/api/v1/events`, batch);
    expect(first).toMatchObject({ status: 200, body: { accepted: 1000, duplicates: 0, rejected: 0 } });
    const again = await postJson(`${fixture.hub.url}/api/v1/events`, batch);
    expect(again).toMatchObject({ status: 200, body: { accepted: 1000, duplicates: 1000, rejected: 0 } });
  }
  expect(await count('SELECT count(*) AS n FROM events WHERE event_id LIKE $1', [`${run}-%`])).toBe(10_000);
  expect(
    await count('SELECT count(DISTINCT event_id) AS n FROM events WHERE event_id LIKE $1', [`${run}-%`]),
  ).toBe(10_000);
});

test('a batch of 100 with one malformed event stores 99, reports the bad one and keeps it as a dead letter', async () => {
  const run = `bad-${Date.now()}`;
  const batch: unknown[] = Array.from({ length: 100 }, (_, i) => latencyEvent(`${run}-${i}`));
  const bad = latencyEvent(`${run}-42`) as { payload: Record<string, unknown> };
  bad.payload.total_latency_ms = 'slow';
  batch[42] = bad;

  const answer = await postJson(`${fixture.hub.url}/api/v1/events`, batch);

  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ accepted: 99, rejected: 1 });
  expect(answer.body.errors).toEqual([
    expect.objectContaining({
      index: 42,
      path: '/payload/total_latency_ms',
      reason: expect.stringMatching(/number/),
    }),
  ]);
  expect(await count('SELECT count(*) AS n FROM events WHERE event_id LIKE $1', [`${run}-%`])).toBe(99);
  const letters = await fixture.db.query<{ item_index: number; path: string; body: Buffer }>(
    "SELECT item_index, path, body FROM dead_letters WHERE convert_from(body, 'UTF8') LIKE '%' || $1 || '%' AND source = 'POST /api/v1/events'",
    [`${run}-42`],
  );
  expect(letters.rows).toHaveLength(1);
  expect(letters.rows[0]).toMatchObject({ item_index: 42, path: '/payload/total_latency_ms' });
  expect(JSON.parse(letters.rows[0]!.body.toString())).toEqual(bad);
});

test('a batch where nothing is valid answers 422', async () => {
  const answer = await postJson(`${fixture.hub.url}/api/v1/events`, [{ hello: 'world' }, 42]);
  expect(answer.status).toBe(422);
  expect(answer.body).toMatchObject({ accepted: 0, rejected: 2 });
  expect(answer.body.errors.map((e: { index: number }) => e.index)).toEqual([0, 1]);
});

test('NDJSON and gzip bodies are accepted; a bad NDJSON line is rejected alone', async () => {
  const run = `nd-${Date.now()}`;
  const lines = [
    JSON.stringify(latencyEvent(`${run}-1`)),
    '{not json',
    JSON.stringify(latencyEvent(`${run}-2`)),
  ];
  const response = await fetch(`${fixture.hub.url}/api/v1/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
      authorization: `Bearer ${ADMIN_KEY}`,
    },
    body: gzipSync(lines.join('\n')),
  });
  const answer = (await response.json()) as {
    accepted: number;
    errors: Array<{ index: number; code: string }>;
  };
  expect(response.status).toBe(200);
  expect(answer.accepted).toBe(2);
  expect(answer.errors).toEqual([expect.objectContaining({ index: 1, code: 'unparseable' })]);
  expect(await count('SELECT count(*) AS n FROM events WHERE event_id LIKE $1', [`${run}-%`])).toBe(2);
});

test('the request/response pair is joined by request_id into one event, once', async () => {
  const requestId = `pair-${Date.now()}`;
  const time = new Date().toISOString();
  const request = {
    request_id: requestId,
    tenant_id: 'acme',
    route: 'chat',
    model: 'gpt-4o',
    timestamp: time,
    prompt_tokens: 100,
  };
  const response = {
    request_id: requestId,
    timestamp: time,
    latency_ms: 1200,
    completion_tokens: 250,
    finish_reason: 'stop',
  };

  expect((await postJson(`${fixture.hub.url}/v1/llm/request`, request)).status).toBe(200);
  expect(await count('SELECT count(*) AS n FROM events WHERE request_id = $1', [requestId])).toBe(0);
  expect((await postJson(`${fixture.hub.url}/v1/llm/response`, response)).status).toBe(200);
  // Re-sent halves change nothing.
  await postJson(`${fixture.hub.url}/v1/llm/response`, response);
  await postJson(`${fixture.hub.url}/v1/llm/request`, request);

  const rows = await fixture.db.query(
    'SELECT tenant, model, route, latency_ms, prompt_tokens, completion_tokens, cost_usd, cost_estimated FROM events WHERE request_id = $1',
    [requestId],
  );
  expect(rows.rows).toEqual([
    {
      tenant: 'acme',
      model: 'gpt-4o',
      route: 'chat',
      latency_ms: 1200,
      prompt_tokens: '100',
      completion_tokens: '250',
      // gpt-4o at $2.50 / $10 per million tokens, estimated from the price dataset.
      cost_usd: expect.closeTo((100 * 2.5 + 250 * 10) / 1e6, 9),
      cost_estimated: true,
    },
  ]);
});

test('an unmatched half expires after the TTL, is counted and kept as a dead letter', async () => {
  const requestId = `lonely-${Date.now()}`;
  const request = {
    request_id: requestId,
    tenant_id: 'acme',
    route: 'chat',
    model: 'gpt-4o',
    timestamp: new Date().toISOString(),
  };
  expect((await postJson(`${fixture.hub.url}/v1/llm/request`, request)).status).toBe(200);
  // The test processor's TTL is 1 s; run the expiry round now instead of waiting for its timer.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const expired = await fixture.hub.processor.housekeeping.expirePairs();

  expect(expired).toEqual([expect.objectContaining({ half: 'request', requestId })]);
  const metrics = await (await fetch(`${fixture.hub.url}/metrics`)).text();
  expect(metrics).toMatch(/llm_pair_halves_expired_total\{half="request"\} [1-9]/);
  const letters = await count(
    "SELECT count(*) AS n FROM dead_letters WHERE code = 'pair_expired' AND reason LIKE '%' || $1 || '%'",
    [requestId],
  );
  expect(letters).toBe(1);
});

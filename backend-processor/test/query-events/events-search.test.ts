/** `POST /api/v1/query/events` against real PostgreSQL: filters, free text, paging, cursors, tenants. */
import { ADMIN_KEY, postJson, useDatabaseProcessor } from '../support/processor';
import { createKey, ingest } from './support';

const fixture = useDatabaseProcessor('events_search');

const TENANTS = ['acme', 'globex', 'initech'];
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'gemini-2.0-flash'];
// LIKE wildcards in the data: a search for "sum_v2" must not match "sumXv2", "50%" not "500".
const ROUTES = ['chat', 'sum_v2', 'sumXv2', '50%off', '500ff'];
const COUNT = 3_000;

interface Generated {
  id: string;
  time: number;
  tenant: string;
  model: string;
  route: string | null;
  customer: string;
  region: string;
  breakdown: boolean;
  tokens: boolean;
}

const run = `es${Date.now().toString(36)}`;
// Whole seconds, six events per second: pages end inside groups of equal times, which the cursor's
// event_id tie-break must handle.
const base = Math.floor((Date.now() - 3 * 3_600_000) / 1000) * 1000;
const generated: Generated[] = Array.from({ length: COUNT }, (_, i) => ({
  id: `${run}-${String(i).padStart(5, '0')}`,
  time: base + Math.floor(i / 6) * 1000,
  tenant: TENANTS[i % 3]!,
  model: MODELS[i % 4]!,
  route: i % 11 === 0 ? null : ROUTES[i % 5]!,
  customer: `cust-${i % 13}`,
  region: i % 2 ? 'eu' : 'us',
  breakdown: i % 50 === 0,
  tokens: i % 10 === 7,
}));

function toEnvelope(e: Generated) {
  const tags: Record<string, string> = { tenant_id: e.tenant, customer: e.customer, region: e.region };
  if (e.route !== null) tags.route = e.route;
  const common = {
    event_id: e.id,
    timestamp: new Date(e.time).toISOString(),
    source_module: 'llm-observatory',
    event_type: 'telemetry',
    environment: 'test',
    tags,
  };
  if (e.tokens) {
    const [prompt, completion] = [100 + (e.time % 900), 20 + (e.time % 300)];
    return {
      common,
      payload: {
        type: 'token_usage',
        model_id: e.model,
        request_id: `req-${e.id}`,
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
      },
    };
  }
  return {
    common,
    payload: {
      type: 'latency',
      model_id: e.model,
      request_id: `req-${e.id}`,
      total_latency_ms: 100 + (e.time % 1000),
      ...(e.breakdown && {
        breakdown: { queue_time_ms: 1, processing_time_ms: 90, network_time_ms: 5, other_ms: 4 },
      }),
    },
  };
}

const range = { from: base, to: base + (COUNT / 6) * 1000 };
const url = () => `${fixture.hub.url}/api/v1/query/events`;

/** Every page of a search, in order; fails on a page that repeats or a cursor loop. */
async function searchAll(body: Record<string, unknown>, key: string = ADMIN_KEY) {
  const events: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1_000; page++) {
    const answer = await postJson(url(), { ...range, ...body, ...(cursor && { cursor }) }, key);
    expect(answer.status).toBe(200);
    events.push(...answer.body.events);
    cursor = answer.body.nextCursor;
    if (cursor === null) return events;
    expect(answer.body.events).toHaveLength((body.limit as number | undefined) ?? 100);
  }
  throw new Error('more than 1000 pages');
}

const ids = (events: any[]) => events.map((event) => event.eventId);
const expectedIds = (match: (e: Generated) => boolean) =>
  generated
    .filter(match)
    .map((e) => e.id)
    .sort();

beforeAll(async () => {
  await ingest(fixture.hub.url, generated.map(toEnvelope));
});

test('pages through every matching event exactly once, newest first, with ties on time', async () => {
  const truth = async (where: string, params: unknown[]) =>
    (
      await fixture.db.query<{ event_id: string }>(
        `SELECT event_id FROM events WHERE ${where} ORDER BY time DESC, event_id DESC`,
        params,
      )
    ).rows.map((row) => row.event_id);

  const all = await searchAll({ limit: 137 });
  expect(ids(all)).toEqual(await truth('event_id LIKE $1', [`${run}-%`]));
  expect(new Set(ids(all)).size).toBe(COUNT);

  const acme = await searchAll({ filters: [{ key: 'tenant', op: 'eq', value: 'acme' }] });
  expect(ids(acme)).toEqual(await truth("event_id LIKE $1 AND tenant = 'acme'", [`${run}-%`]));

  // A page ending exactly at the last match says so: no cursor to an empty page.
  const filters = [{ key: 'tenant', op: 'eq', value: 'acme' }];
  const whole = await postJson(url(), { ...range, limit: COUNT / 3, filters });
  expect(whole.body.events).toHaveLength(COUNT / 3);
  expect(whole.body.nextCursor).toBeNull();
  const halves = await searchAll({ limit: COUNT / 6, filters });
  expect(ids(halves)).toEqual(ids(whole.body.events));
});

test('the time range is from inclusive, to exclusive', async () => {
  const from = base + 10_000;
  const to = base + 20_000;
  const events = await searchAll({ from: new Date(from).toISOString(), to, limit: 1000 });
  expect(ids(events).sort()).toEqual(expectedIds((e) => e.time >= from && e.time < to));
});

test('filters eq, neq, in and regex on columns and on any tag, not only rollup tags', async () => {
  const cases: Array<[unknown[], (e: Generated) => boolean]> = [
    [[{ key: 'model', op: 'eq', value: 'gpt-4o' }], (e) => e.model === 'gpt-4o'],
    [[{ key: 'model', op: 'neq', value: 'gpt-4o' }], (e) => e.model !== 'gpt-4o'],
    [
      [{ key: 'route', op: 'in', values: ['chat', 'sum_v2'] }],
      (e) => e.route === 'chat' || e.route === 'sum_v2',
    ],
    [[{ key: 'model', op: 'regex', value: '^gpt-4o' }], (e) => e.model.startsWith('gpt-4o')],
    [[{ key: 'tag.customer', op: 'eq', value: 'cust-3' }], (e) => e.customer === 'cust-3'],
    [
      [
        { key: 'tag.region', op: 'eq', value: 'eu' },
        { key: 'tenant', op: 'in', values: ['globex', 'initech'] },
        { key: 'model', op: 'neq', value: 'gemini-2.0-flash' },
      ],
      (e) => e.region === 'eu' && e.tenant !== 'acme' && e.model !== 'gemini-2.0-flash',
    ],
  ];
  for (const [filters, match] of cases) {
    const events = await searchAll({ filters, limit: 1000 });
    expect(ids(events).sort()).toEqual(expectedIds(match));
  }
});

test('free text: case-insensitive substring, wildcards literal, chosen fields, tags and attributes', async () => {
  const search = async (text: string, textFields?: string[]) =>
    ids(await searchAll({ text, ...(textFields && { textFields }), limit: 1000 })).sort();

  expect(await search('GPT-4O-MINI')).toEqual(expectedIds((e) => e.model === 'gpt-4o-mini'));
  expect(await search('sum_v2')).toEqual(expectedIds((e) => e.route === 'sum_v2'));
  expect(await search('50%')).toEqual(expectedIds((e) => e.route === '50%off'));
  expect(await search(`req-${run}-00042`)).toEqual([`${run}-00042`]);
  // The default fields do not include tags: a customer id is found only when tags are searched.
  expect(await search('cust-12')).toEqual([]);
  expect(await search('cust-12', ['tags'])).toEqual(expectedIds((e) => e.customer === 'cust-12'));
  expect(await search('processing_time', ['attributes'])).toEqual(expectedIds((e) => e.breakdown));
  expect(await search('claude', ['route'])).toEqual([]);
});

test('rows map to EventRecord: numbers, milliseconds, tags and attributes', async () => {
  const tokens = generated.find((e) => e.tokens)!;
  const answer = await postJson(url(), { ...range, text: `req-${tokens.id}`, textFields: ['request_id'] });
  expect(answer.body.events).toHaveLength(1);
  const { provider, costUsd, ...record } = answer.body.events[0];
  // Provider and estimated cost come from the price table; their values are not this test's business.
  expect([typeof provider, typeof costUsd]).toEqual([
    expect.stringMatching(/string|object/),
    expect.stringMatching(/number|object/),
  ]);
  expect(record).toEqual({
    eventId: tokens.id,
    time: tokens.time,
    tenant: tokens.tenant,
    sourceModule: 'llm-observatory',
    eventType: 'telemetry',
    kind: 'token_usage',
    severity: 'info',
    environment: 'test',
    model: tokens.model,
    route: tokens.route,
    correlationId: null,
    parentEventId: null,
    requestId: `req-${tokens.id}`,
    latencyMs: null,
    ttftMs: null,
    promptTokens: 100 + (tokens.time % 900),
    completionTokens: 20 + (tokens.time % 300),
    totalTokens: 120 + (tokens.time % 900) + (tokens.time % 300),
    isError: false,
    errorType: null,
    tags: expect.objectContaining({ tenant_id: tokens.tenant, customer: tokens.customer }),
    attributes: expect.any(Object),
  });

  const withBreakdown = generated.find((e) => e.breakdown && !e.tokens)!;
  const latency = (await postJson(url(), { ...range, text: `req-${withBreakdown.id}` })).body.events[0];
  expect(latency).toMatchObject({
    latencyMs: 100 + (withBreakdown.time % 1000),
    promptTokens: null,
    attributes: { breakdown: { queue_time_ms: 1, processing_time_ms: 90, network_time_ms: 5, other_ms: 4 } },
  });
});

test('a cursor keeps microsecond times apart: no row lost between events of the same millisecond', async () => {
  // After the generated events, so the other tests' range never sees these.
  const time = range.to + 1234;
  const ms = new Date(time).toISOString().slice(0, 23);
  // Through the API first: it creates the day's partition, which direct INSERTs need.
  const first = {
    common: {
      event_id: 'micro-000',
      timestamp: `${ms}Z`,
      source_module: 'llm-observatory',
      event_type: 'telemetry',
    },
    payload: { type: 'latency', model_id: 'm', total_latency_ms: 1 },
  };
  await ingest(fixture.hub.url, [{ ...first, common: { ...first.common, tenant_id: 'micro' } }]);
  for (const micro of ['100', '200', '300', '400', '500']) {
    await fixture.db.query(
      `INSERT INTO events (time, event_id, tenant, source_module, event_type, kind, severity, environment,
         schema_version, cost_estimated, is_error, tags, attributes)
       VALUES ($1, $2, 'micro', 'llm-observatory', 'telemetry', 'latency', 'info', 'test', '1.0.0', false, false, '{}', '{}')`,
      [`${ms}${micro}Z`, `micro-${micro}`],
    );
  }
  const events = await searchAll({
    from: range.to,
    to: range.to + 60_000,
    filters: [{ key: 'tenant', op: 'eq', value: 'micro' }],
    limit: 2,
  });
  expect(ids(events)).toEqual(['micro-500', 'micro-400', 'micro-300', 'micro-200', 'micro-100', 'micro-000']);
  expect(new Set(events.map((event) => event.time))).toEqual(new Set([time]));
});

test('a tampered or foreign cursor is answered 400', async () => {
  const first = await postJson(url(), { ...range, limit: 10 });
  const cursor: string = first.body.nextCursor;
  expect(typeof cursor).toBe('string');
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const tampered = [
    cursor.slice(0, -3),
    `${cursor}x`,
    `${cursor.slice(0, 5)}!${cursor.slice(6)}`,
    'not a cursor',
    '',
    encode({ time: 1, id: 'x' }),
    encode(['2025-01-01T00:00:00Z', 'x']),
    encode(['2025-02-31T00:00:00.000000Z', 'x']),
    encode(['0000-01-01T00:00:00.000000Z', 'x']),
    encode(['2025-01-01T00:00:00.000000Z', '']),
    encode(['2025-01-01T00:00:00.000000Z', 'x', 'extra']),
  ];
  for (const bad of tampered) {
    const answer = await postJson(url(), { ...range, cursor: bad });
    expect({ bad, status: answer.status }).toEqual({ bad, status: 400 });
    expect(answer.body.message).toMatch(/cursor/);
  }
  const next = await postJson(url(), { ...range, limit: 10, cursor });
  expect(next.status).toBe(200);
  expect(next.body.events[0].eventId).not.toBe(first.body.events[9].eventId);
});

test('invalid searches are answered 400 with what is wrong', async () => {
  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ limit: 0 }, /limit/],
    [{ limit: 1001 }, /limit/],
    [{ page: 2 }, /additional properties|unknown property/],
    [{ textFields: ['tenant'] }, /textFields/],
    [{ text: 'x', textFields: [] }, /textFields/],
    [{ filters: [{ key: 'model', op: 'regex', value: '(' }] }, /regular expression/],
    [{ filters: [{ key: 'model', op: 'in' }] }, /values/],
    [{ filters: [{ key: 'nope', op: 'eq', value: 'x' }] }, /key/],
    [{ from: range.to, to: range.from }, /before/],
    [{ from: 'yesterday' }, /from/],
  ];
  for (const [change, message] of bad) {
    const answer = await postJson(url(), { ...range, ...change });
    expect({ change, status: answer.status }).toEqual({ change, status: 400 });
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message });
  }
});

test('needs a key with the read scope', async () => {
  expect((await postJson(url(), range, null)).status).toBe(401);
  const ingestOnly = await createKey(fixture.hub.url, ['ingest']);
  expect((await postJson(url(), range, ingestOnly)).status).toBe(403);
});

test('a tenant-bound key never sees another tenant’s events, whatever it asks', async () => {
  const acmeKey = await createKey(fixture.hub.url, ['read'], 'acme');
  const acme = await searchAll({ limit: 500 }, acmeKey);
  expect(ids(acme).sort()).toEqual(expectedIds((e) => e.tenant === 'acme'));

  const attempts: Array<Record<string, unknown>> = [
    { filters: [{ key: 'tenant', op: 'eq', value: 'globex' }] },
    { filters: [{ key: 'tenant', op: 'in', values: ['globex', 'initech'] }] },
    { filters: [{ key: 'tenant', op: 'neq', value: 'acme' }] },
    {
      filters: [
        { key: 'tenant', op: 'regex', value: '.*' },
        { key: 'tag.tenant_id', op: 'eq', value: 'globex' },
      ],
    },
    { text: 'globex', textFields: ['tags'] },
  ];
  for (const attempt of attempts) {
    const events = await searchAll({ ...attempt, limit: 1000 }, acmeKey);
    expect(events.filter((event) => event.tenant !== 'acme')).toEqual([]);
  }
  // A cursor taken from an all-tenant search only positions the page: the binding still applies.
  const foreign = await postJson(url(), {
    ...range,
    limit: 5,
    filters: [{ key: 'tenant', op: 'eq', value: 'globex' }],
  });
  const continued = await searchAll({ limit: 1000, cursor: foreign.body.nextCursor }, acmeKey);
  expect(continued.length).toBeGreaterThan(0);
  expect(continued.filter((event) => event.tenant !== 'acme')).toEqual([]);
});

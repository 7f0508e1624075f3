/** `GET /api/v1/metadata/*` against real PostgreSQL: vocabulary, dimension values, tenant isolation. */
import { DIMENSIONS, MEASURES, METRIC_NAMES } from '@llm-hub/query-contract';
import { useDatabaseProcessor } from '../support/processor';
import { createKey, getJson, ingest } from '../query-events/support';

const fixture = useDatabaseProcessor('metadata', { HUB_ROLLUP_TAGS: 'region,team' });

const now = Date.now();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Spec {
  tenant: string;
  model: string;
  region?: string;
  team?: string;
  route?: string;
  ago?: number;
}

const SPECS: Spec[] = [
  { tenant: 'acme', model: 'gpt-4o', region: 'eu', route: 'chat' },
  { tenant: 'acme', model: 'gpt-4o-mini', region: 'eu', team: 'red' },
  { tenant: 'acme', model: 'claude-sonnet-4', team: '' },
  // Older than the default week, within raw retention (30 days).
  { tenant: 'acme', model: 'old-model', ago: 20 * DAY },
  { tenant: 'globex', model: 'gemini-2.0-flash', region: 'us', route: 'search' },
  { tenant: 'globex', model: 'gpt-4o', region: 'ap' },
  // Upper case and an underscore: prefix search is case-insensitive and takes `_` literally.
  { tenant: 'globex', model: 'GPT_special' },
];

function toEnvelope(spec: Spec, i: number) {
  const tags: Record<string, string> = { tenant_id: spec.tenant };
  for (const key of ['region', 'team', 'route'] as const) if (spec[key] !== undefined) tags[key] = spec[key];
  return {
    common: {
      event_id: `md-${now}-${i}`,
      timestamp: new Date(now - (spec.ago ?? HOUR)).toISOString(),
      source_module: 'llm-observatory',
      event_type: 'telemetry',
      tags,
    },
    payload: { type: 'latency', model_id: spec.model, total_latency_ms: 100 + i },
  };
}

const url = (path: string) => `${fixture.hub.url}/api/v1/metadata${path}`;
/** The values of a dimension; query parameters as given (filters JSON-encoded). */
async function values(key: string, params: Record<string, unknown> = {}, apiKey?: string) {
  const search = new URLSearchParams(
    Object.entries(params).map(([name, value]): [string, string] => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
  return getJson(url(`/dimensions/${encodeURIComponent(key)}/values?${search}`), apiKey);
}

beforeAll(async () => {
  // Twice: duplicates must not matter, and each spec is several events in the rollups anyway.
  const events = SPECS.flatMap((spec, i) => [toEnvelope(spec, i), toEnvelope(spec, i + 100)]);
  await ingest(fixture.hub.url, events);
  await ingest(fixture.hub.url, events);
});

test('metrics: every metric of the contract with unit, description and its measures', async () => {
  const answer = await getJson(url('/metrics'));
  expect(answer.status).toBe(200);
  expect(answer.body.map((metric: any) => metric.name)).toEqual(METRIC_NAMES);
  const byName = Object.fromEntries(answer.body.map((metric: any) => [metric.name, metric]));
  expect(byName.latency_ms).toEqual({
    name: 'latency_ms',
    unit: 'ms',
    description: expect.any(String),
    measures: [...MEASURES],
  });
  expect(byName.requests.measures).toEqual(['count', 'sum', 'rate']);
  expect(byName.error_rate).toMatchObject({ unit: 'ratio', measures: ['avg'] });
});

test('dimensions: the dimensions and the declared rollup tags', async () => {
  const answer = await getJson(url('/dimensions'));
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual([...DIMENSIONS, 'tag.region', 'tag.team']);
});

test('values: distinct, sorted, last week by default, none for events without the dimension', async () => {
  expect((await values('model')).body).toEqual([
    'GPT_special',
    'claude-sonnet-4',
    'gemini-2.0-flash',
    'gpt-4o',
    'gpt-4o-mini',
  ]);
  expect((await values('tenant')).body).toEqual(['acme', 'globex']);
  // '' (no route, an empty tag) is "none", not a value.
  expect((await values('route')).body).toEqual(['chat', 'search']);
  expect((await values('tag.region')).body).toEqual(['ap', 'eu', 'us']);
  expect((await values('tag.team')).body).toEqual(['red']);
  expect((await values('source_module')).body).toEqual(['llm-observatory']);
});

test('values: prefix search (case-insensitive, wildcards literal) and limit', async () => {
  expect((await values('model', { prefix: 'GPT-4O' })).body).toEqual(['gpt-4o', 'gpt-4o-mini']);
  expect((await values('model', { prefix: 'gpt_' })).body).toEqual(['GPT_special']);
  expect((await values('model', { prefix: '%' })).body).toEqual([]);
  expect((await values('model', { prefix: '' })).body).toHaveLength(5);
  expect((await values('model', { limit: '2' })).body).toEqual(['GPT_special', 'claude-sonnet-4']);
});

test('values: filters narrow them (models of one tenant) and the range selects the events', async () => {
  const acme = { filters: [{ key: 'tenant', op: 'eq', value: 'acme' }] };
  expect((await values('model', acme)).body).toEqual(['claude-sonnet-4', 'gpt-4o', 'gpt-4o-mini']);
  expect(
    (await values('model', { filters: [{ key: 'tag.region', op: 'in', values: ['us', 'ap'] }] })).body,
  ).toEqual(['gemini-2.0-flash', 'gpt-4o']);

  // 30 days read the hourly rollups, 40 days the daily ones: both see the 20-day-old event.
  for (const days of [30, 40]) {
    const answer = await values('model', {
      ...acme,
      from: String(now - days * DAY),
      to: new Date(now).toISOString(),
    });
    expect(answer.body).toEqual(['claude-sonnet-4', 'gpt-4o', 'gpt-4o-mini', 'old-model']);
  }
  const old = await values('model', { from: String(now - 21 * DAY), to: String(now - 19 * DAY) });
  expect(old.body).toEqual(['old-model']);
});

test('values: bad requests are answered 400 with what is wrong', async () => {
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['nope', {}, /unknown dimension/],
    ['tag.customer', {}, /HUB_ROLLUP_TAGS/],
    ['model', { filters: 'not json' }, /filters: not JSON/],
    [
      'model',
      { filters: [{ key: 'model', op: 'like', value: 'x' }] },
      /filters\/0\/op: must be one of eq, neq/,
    ],
    ['model', { filters: [{ key: 'tag.customer', op: 'eq', value: 'x' }] }, /HUB_ROLLUP_TAGS/],
    ['model', { limit: '0' }, /limit/],
    ['model', { limit: 'ten' }, /limit/],
    ['model', { page: '2' }, /page/],
    ['model', { from: String(now), to: String(now - DAY) }, /before/],
    ['model', { from: 'last week' }, /from/],
  ];
  for (const [key, params, message] of bad) {
    const answer = await values(key, params);
    expect({ key, params, status: answer.status }).toEqual({ key, params, status: 400 });
    expect(answer.body).toMatchObject({ statusCode: 400, message });
  }
  const twice = await getJson(url('/dimensions/model/values?prefix=a&prefix=b'));
  expect(twice.status).toBe(400);
});

test('metadata needs a key with the read scope', async () => {
  for (const path of ['/metrics', '/dimensions', '/dimensions/model/values']) {
    expect((await getJson(url(path), null)).status).toBe(401);
  }
  const ingestOnly = await createKey(fixture.hub.url, ['ingest']);
  expect((await getJson(url('/dimensions/model/values'), ingestOnly)).status).toBe(403);
});

test('a tenant-bound key sees only its own tenant’s values, whatever the filters name', async () => {
  const acmeKey = await createKey(fixture.hub.url, ['read'], 'acme');
  expect((await values('tenant', {}, acmeKey)).body).toEqual(['acme']);
  expect((await values('model', {}, acmeKey)).body).toEqual(['claude-sonnet-4', 'gpt-4o', 'gpt-4o-mini']);
  expect((await values('tag.region', {}, acmeKey)).body).toEqual(['eu']);
  const naming = [
    { filters: [{ key: 'tenant', op: 'eq', value: 'globex' }] },
    { filters: [{ key: 'tenant', op: 'in', values: ['globex'] }] },
    { filters: [{ key: 'tenant', op: 'neq', value: 'acme' }] },
  ];
  for (const params of naming) {
    expect((await values('model', params, acmeKey)).body).toEqual([]);
    expect((await values('tenant', params, acmeKey)).body).toEqual([]);
  }
  expect((await values('model', { prefix: 'ge' }, acmeKey)).body).toEqual([]);
});

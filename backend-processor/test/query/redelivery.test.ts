/**
 * Exactly-once in effect: the same 100,000 events delivered twice, with a processor restart in the
 * middle, answer every query exactly as one clean delivery into another database does.
 */
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { postJson, startTestProcessor, type TestProcessor } from '../support/processor';
import { sendDataset } from './dataset';

const EVENTS = 100_000;
const HOUR_MS = 3_600_000;
const end = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const dataset = { run: 'redelivery', count: EVENTS, start: end - 24 * HOUR_MS, end };
const range = { from: dataset.start, to: end };

const QUERIES: Array<[string, object]> = [
  [
    'timeseries',
    {
      metric: 'latency_ms',
      measure: 'p95',
      window: '1m',
      groupBy: ['model'],
      from: end - 6 * HOUR_MS,
      to: end,
    },
  ],
  [
    'timeseries',
    { metric: 'latency_ms', measure: 'count', window: '15m', groupBy: ['model', 'tag.region'], ...range },
  ],
  ['timeseries', { metric: 'cost_usd', measure: 'sum', window: '1h', groupBy: ['tenant'], ...range }],
  [
    'timeseries',
    {
      metric: 'requests',
      measure: 'rate',
      window: '1d',
      groupBy: ['route'],
      timeZone: 'Asia/Kolkata',
      ...range,
    },
  ],
  [
    'timeseries',
    { metric: 'tokens_per_second', measure: 'stddev', window: '6h', groupBy: ['model'], ...range },
  ],
  ['table', { metric: 'latency_ms', measure: 'p99', groupBy: ['tenant', 'route'], ...range }],
  ['table', { metric: 'total_tokens', measure: 'avg', groupBy: ['model'], ...range }],
  ['table', { metric: 'error_rate', measure: 'avg', groupBy: ['tenant'], ...range }],
];

async function answers(hub: TestProcessor): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const [kind, body] of QUERIES) {
    const answer = await postJson(`${hub.url}/api/v1/query/${kind}`, body);
    expect(answer.status).toBe(200);
    out.push(answer.body);
  }
  return out;
}

/**
 * Where two answers differ: anything but a float differing in its last bits from adding the same
 * rollup rows in another order (PostgreSQL's sum over rows follows their physical order, which
 * differs between two databases); counts, extremes and sketch percentiles must match exactly.
 */
function differences(got: unknown, expected: unknown, path = ''): string[] {
  if (typeof got === 'number' && typeof expected === 'number') {
    const exact = Number.isInteger(got) && Number.isInteger(expected);
    const close = Math.abs(got - expected) <= 1e-12 * Math.abs(expected);
    return got === expected || (!exact && close) ? [] : [`${path}: ${got} instead of ${expected}`];
  }
  if (got !== null && expected !== null && typeof got === 'object' && typeof expected === 'object') {
    const keys = new Set([...Object.keys(got), ...Object.keys(expected)]);
    return [...keys].flatMap((key) =>
      differences(
        (got as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        `${path}/${key}`,
      ),
    );
  }
  return got === expected ? [] : [`${path}: ${JSON.stringify(got)} instead of ${JSON.stringify(expected)}`];
}

test('delivered twice across a restart equals delivered once', async () => {
  const databases: TestDatabase[] = [];
  const hubs: TestProcessor[] = [];
  const start = async (database: TestDatabase) => {
    const hub = await startTestProcessor({ DATABASE_URL: database.url });
    hubs.push(hub);
    return hub;
  };
  try {
    const twice = await createTestDatabase('query_twice');
    const once = await createTestDatabase('query_once');
    databases.push(twice, once);

    // First deliveries in the same batches and order in both databases, so that even floating
    // sums add up in the same order; the second delivery is cut and interleaved differently.
    const first = await start(twice);
    await sendDataset(first.url, dataset, { from: 0, to: 60_000, parallel: 1 });
    await sendDataset(first.url, dataset, { from: 0, to: 30_000, batchSize: 3_333, parallel: 3 });
    await first.stop();
    const second = await start(twice);
    await sendDataset(second.url, dataset, { from: 60_000, to: EVENTS, parallel: 1 });
    await sendDataset(second.url, dataset, { from: 30_000, to: EVENTS, batchSize: 3_333, parallel: 3 });

    const clean = await start(once);
    await sendDataset(clean.url, dataset, { parallel: 1 });

    const expected = await answers(clean);
    expect(differences(await answers(second), expected)).toEqual([]);
    // Not vacuous: the answers hold data.
    expect(JSON.stringify(expected)).toContain('gpt-4o');
  } finally {
    for (const hub of hubs.reverse()) await hub.stop().catch(() => undefined);
    for (const database of databases) await database.drop();
  }
}, 300_000);

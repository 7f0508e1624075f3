/**
 * The correlation graph on generated scenarios whose links are known, through the real processor
 * and PostgreSQL: each kind of link, and the root-cause ranking.
 */
import { runDemo } from '../../src/demo/run';
import { ADMIN_KEY, costEvent, latencyEvent, postJson, useDatabaseProcessor } from '../support/processor';

const fixture = useDatabaseProcessor('correlation', { HUB_ANOMALY_DETECTION: 'off' });

const MINUTE = 60_000;
// Midnight UTC: the demo's traffic (and its random attacks) follows the time of day, so an anchored
// clock gives every run the same events.
const now = Math.floor(Date.now() / 86_400_000) * 86_400_000;
/** Synthetic traffic: 40 minutes, five hours ago (the demo's threat chains fill the last half hour). */
const start = Math.floor((now - 5 * 3_600_000) / MINUTE) * MINUTE;
const MINUTES = 40;
const window = { from: start, to: start + MINUTES * MINUTE };

const burst = (m: number) => m % 7 === 0;
/** Latency of lag-model is high in these minutes; its errors follow two minutes later. */
const slow = (m: number) => (m >= 10 && m < 15) || (m >= 25 && m < 28);
const pattern = (m: number) => 1 + (m % 10) / 10;

async function post(path: string, items: unknown[]) {
  for (let i = 0; i < items.length; i += 1000) {
    const answer = await postJson(`${fixture.hub.url}${path}`, items.slice(i, i + 1000));
    expect(answer.body.errors?.slice(0, 1) ?? []).toEqual([]);
  }
}

async function graph(body: Record<string, unknown>) {
  const answer = await postJson(`${fixture.hub.url}/api/v1/correlations`, body);
  expect(answer.status).toBe(200);
  return answer.body;
}

const edge = (g: any, kind: string, source: string, target: string) =>
  g.edges.find((e: any) => e.detail__kind === kind && e.source === source && e.target === target);

beforeAll(async () => {
  const events: unknown[] = [];
  const requests: unknown[] = [];
  const responses: unknown[] = [];
  for (let m = 0; m < MINUTES; m++) {
    const t = start + m * MINUTE;
    // Temporal: observatory and cost-ops are busy in the same minutes.
    const n = burst(m) ? 11 : 3;
    for (let i = 0; i < n; i++) {
      events.push(
        latencyEvent(`tmp-o-${m}-${i}`, {
          time: new Date(t + i * 1000).toISOString(),
          model: 'temporal-model',
        }),
      );
      events.push(costEvent(`tmp-c-${m}-${i}`, t + i * 1000, { model: 'temporal-model', costUsd: 0.001 }));
    }
    // Cost–performance: cp-model's cost and latency rise and fall together.
    for (let i = 0; i < 3; i++) {
      events.push(
        latencyEvent(`cp-l-${m}-${i}`, {
          time: new Date(t + 20_000 + i).toISOString(),
          model: 'cp-model',
          latencyMs: 1000 * pattern(m),
        }),
      );
      events.push(
        costEvent(`cp-c-${m}-${i}`, t + 20_000 + i, { model: 'cp-model', costUsd: 0.01 * pattern(m) }),
      );
    }
    // Metric lag: lag-model's latency leads its error rate by two minutes.
    for (let i = 0; i < 12; i++) {
      const id = `lag-${m}-${i}`;
      const time = t + 30_000 + i * 1000;
      requests.push({
        request_id: id,
        tenant_id: 'acme',
        route: 'chat',
        model: 'lag-model',
        timestamp: new Date(time).toISOString(),
      });
      responses.push({
        request_id: id,
        timestamp: new Date(time + 500).toISOString(),
        latency_ms: slow(m) ? 4000 : 500,
        ...(slow(m - 2) && i < 6 ? { error: 'upstream_timeout' } : {}),
      });
    }
  }
  await post('/api/v1/events', events);
  await post('/v1/llm/request', requests);
  await post('/v1/llm/response', responses);

  // Anomalies whose order is known: m1's latency first, its error rate two minutes on, m2 later.
  const at = (minutes: number) => new Date(start + minutes * MINUTE);
  for (const [metric, measure, model, score, from, to] of [
    ['latency_ms', 'p95', 'm1', 0.9, 5, 20],
    ['error_rate', 'avg', 'm1', 0.8, 7, 18],
    ['requests', 'count', 'm2', 0.7, 12, 16],
  ] as const) {
    await fixture.db.query(
      `INSERT INTO anomalies (metric, measure, labels, kind, severity, score, peak_at, value, expected, lower, upper, started_at, ended_at)
       VALUES ($1, $2, $3, 'spike', 'high', $4, $5, 10, 1, 0, 2, $5, $6)`,
      [metric, measure, JSON.stringify({ model }), score, at(from), at(to)],
    );
  }

  // Threat chains from the demo generator: prompt injections, each followed by policy violations
  // (parent_event_id = the threat) and an audit entry, all sharing a correlation id.
  await runDemo(
    {
      url: fixture.hub.url,
      apiKey: ADMIN_KEY,
      rate: 2,
      seed: 7,
      backfillMs: 30 * MINUTE,
      durationMs: 0,
      incidents: [
        { kind: 'threat-chain', at: { offsetMs: -25 * MINUTE }, durationMs: 15 * MINUTE, everyMs: 20_000 },
      ],
      log: () => undefined,
    },
    { now: () => now },
  );
});

test('temporal: modules busy in the same minutes are linked, with r near 1', async () => {
  const g = await graph({ ...window, kinds: ['temporal'] });
  const link = edge(g, 'temporal', 'module:llm-cost-ops', 'module:llm-observatory');
  expect(link.detail__strength).toBeGreaterThan(0.95);
  expect(link.detail__evidence).toBe(MINUTES);
});

test('metric lag: latency leads the error rate of the same model by two minutes', async () => {
  const g = await graph({ ...window, kinds: ['metric_lag'] });
  const link = edge(
    g,
    'metric_lag',
    'series:latency_ms p95 (lag-model)',
    'series:error_rate avg (lag-model)',
  );
  expect(link.detail__lag_ms).toBe(2 * MINUTE);
  expect(link.detail__strength).toBeGreaterThan(0.9);
  expect(g.edges.filter((e: any) => e.detail__kind === 'metric_lag')).toHaveLength(1);
});

test('cost–performance: a model whose cost and latency move together', async () => {
  const g = await graph({ ...window, kinds: ['cost_performance'] });
  const link = edge(
    g,
    'cost_performance',
    'series:cost_usd sum (cp-model)',
    'series:latency_ms p95 (cp-model)',
  );
  expect(link.detail__strength).toBeGreaterThan(0.95);
  expect(
    edge(
      g,
      'cost_performance',
      'series:cost_usd sum (temporal-model)',
      'series:latency_ms p95 (temporal-model)',
    ),
  ).toBeUndefined();
});

test('anomaly co-occurrence and root cause: the model whose anomaly came first ranks first', async () => {
  const g = await graph({ ...window, kinds: ['anomaly_cooccurrence'] });
  const first = 'series:latency_ms p95 (m1)';
  expect(edge(g, 'anomaly_cooccurrence', first, 'series:error_rate avg (m1)')).toMatchObject({
    detail__lag_ms: 2 * MINUTE,
    detail__evidence: 1,
  });
  expect(edge(g, 'anomaly_cooccurrence', first, 'series:requests count (m2)')).toBeDefined();
  expect(g.rootCauses.map((r: any) => r.id)).toEqual(['model:m1', 'model:m2']);
  expect(g.nodes.find((n: any) => n.id === 'model:m1')).toMatchObject({ detail__root_cause_rank: 1 });
});

describe('threat chains (demo generator)', () => {
  const recent = { from: now - 30 * MINUTE, to: now };

  test('causal: policy violations are children of the threats that raised them', async () => {
    const g = await graph({ ...recent, kinds: ['causal'] });
    const link = edge(g, 'causal', 'module:llm-sentinel', 'module:llm-governance-dashboard');
    // About 45 attacks (15 minutes, one per 20 s on average), each with its violations.
    expect(link.detail__evidence).toBeGreaterThanOrEqual(25);
    expect(link.detail__strength).toBeGreaterThan(0.5);
    expect(link.detail__lag_ms).toBeGreaterThan(0);
  });

  test('trace: the modules of a chain share its correlation ids', async () => {
    const g = await graph({ ...recent, kinds: ['trace'] });
    const link = edge(g, 'trace', 'module:llm-governance-dashboard', 'module:llm-sentinel');
    // One correlation id per attack: about 45 (a Poisson count; 40 was missed in a CI run).
    expect(link.detail__evidence).toBeGreaterThanOrEqual(25);
    expect(link.detail__strength).toBeGreaterThan(0);
  });

  test('security–compliance: threats are followed by policy violations within seconds', async () => {
    const g = await graph({ ...recent, kinds: ['security_compliance'] });
    const link = edge(g, 'security_compliance', 'module:llm-sentinel', 'module:llm-governance-dashboard');
    expect(link.detail__strength).toBeGreaterThan(0.8);
    expect(link.detail__lag_ms).toBeGreaterThan(0);
    expect(link.detail__lag_ms).toBeLessThan(60_000);
  });
});

test('nodes and edges carry the Node Graph fields; a tenant-bound key is refused', async () => {
  const g = await graph(window);
  for (const node of g.nodes) {
    expect(Object.keys(node)).toEqual(
      expect.arrayContaining([
        'id',
        'title',
        'subtitle',
        'mainstat',
        'secondarystat',
        'arc__anomalous',
        'arc__normal',
      ]),
    );
    expect(node.arc__anomalous + node.arc__normal).toBeCloseTo(1, 9);
  }
  for (const e of g.edges)
    expect(Object.keys(e)).toEqual(
      expect.arrayContaining(['id', 'source', 'target', 'mainstat', 'thickness']),
    );
  const key = await postJson(`${fixture.hub.url}/api/v1/keys`, {
    name: 'acme',
    scopes: ['read'],
    tenant: 'acme',
  });
  expect((await postJson(`${fixture.hub.url}/api/v1/correlations`, window, key.body.key)).status).toBe(403);
});

/** Rollups written with the events equal aggregates over the distinct stored events, duplicates included. */
import { decodeSketch, mergeEncoded } from '../../src/rollups/sketch';
import { postJson, useDatabaseProcessor } from '../support/processor';

const fixture = useDatabaseProcessor('rollup_write');

const MODELS = ['gpt-4o', 'claude-sonnet-4', 'gemini-2.0-flash'];

function event(run: string, i: number, base: number) {
  return {
    common: {
      event_id: `${run}-${i}`,
      timestamp: new Date(base + (i % 180) * 20_000).toISOString(),
      source_module: 'llm-observatory',
      event_type: 'telemetry',
      severity: i % 17 === 0 ? 'error' : 'info',
      tags: { tenant_id: `tenant-${i % 3}`, region: i % 2 ? 'eu' : 'us', route: i % 4 ? 'chat' : 'search' },
    },
    payload: {
      type: 'token_usage',
      model_id: MODELS[i % 3],
      request_id: `req-${i}`,
      prompt_tokens: 100 + ((i * 37) % 900),
      completion_tokens: 20 + ((i * 11) % 400),
      total_tokens: 120 + ((i * 37) % 900) + ((i * 11) % 400),
    },
  };
}

test('1m, 1h and 1d rollups equal SQL over the raw events, also when batches are re-sent', async () => {
  const run = `rw-${Date.now()}`;
  const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
  const events = Array.from({ length: 6_000 }, (_, i) => event(run, i, base));
  for (let i = 0; i < events.length; i += 1_000) {
    const batch = events.slice(i, i + 1_000);
    expect((await postJson(`${fixture.hub.url}/api/v1/events`, batch)).status).toBe(200);
    // Re-sent, overlapping the previous batch: nothing may be counted twice.
    expect(
      (await postJson(`${fixture.hub.url}/api/v1/events`, events.slice(Math.max(0, i - 500), i + 500)))
        .status,
    ).toBe(200);
  }

  for (const [tier, trunc] of [
    ['1m', 'minute'],
    ['1h', 'hour'],
    ['1d', 'day'],
  ] as const) {
    const fromRollups = await fixture.db.query(
      `SELECT bucket, model, sum(events)::int AS n, sum(prompt_tokens_count)::int AS c, sum(prompt_tokens_sum) AS s,
              min(prompt_tokens_min) AS lo, max(prompt_tokens_max) AS hi, sum(prompt_tokens_sumsq) AS sq, sum(errors)::int AS errors
         FROM rollup_${tier} GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const fromEvents = await fixture.db.query(
      `SELECT date_trunc('${trunc}', time) AS bucket, model, count(*)::int AS n, count(prompt_tokens)::int AS c,
              sum(prompt_tokens)::float8 AS s, min(prompt_tokens)::float8 AS lo, max(prompt_tokens)::float8 AS hi,
              sum(prompt_tokens::float8 * prompt_tokens) AS sq, count(*) FILTER (WHERE is_error)::int AS errors
         FROM events WHERE event_id LIKE $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [`${run}-%`],
    );
    expect(fromRollups.rows).toEqual(fromEvents.rows);
  }

  // Percentiles from the merged 1-minute sketches are within 1 % of percentile_cont over the events.
  const sketches = await fixture.db.query<{ sketch: Buffer }>(
    "SELECT prompt_tokens_sketch AS sketch FROM rollup_1m WHERE model = 'gpt-4o'",
  );
  const merged = mergeEncoded(sketches.rows.map((row) => row.sketch));
  const exact = await fixture.db.query<{ p50: number; p95: number; p99: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY prompt_tokens) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY prompt_tokens) AS p95,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY prompt_tokens) AS p99
       FROM events WHERE event_id LIKE $1 AND model = 'gpt-4o'`,
    [`${run}-%`],
  );
  for (const [q, name] of [
    [0.5, 'p50'],
    [0.95, 'p95'],
    [0.99, 'p99'],
  ] as const) {
    const expected = exact.rows[0]![name];
    expect(Math.abs(merged.getValueAtQuantile(q) - expected) / expected).toBeLessThanOrEqual(0.01);
  }
  expect(merged.count).toBe(2_000);
  expect(decodeSketch(sketches.rows[0]!.sketch).count).toBeGreaterThan(0);
});

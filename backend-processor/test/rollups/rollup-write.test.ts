/** Rollups written with the events equal aggregates over the distinct stored events, duplicates included. */
import { ROLLUP_DIMENSIONS, TIERS } from '../../src/rollups/measures';
import { mergePendingDeltas } from '../../src/rollups/pendingDeltas';
import { decodeSketch, mergeEncoded } from '../../src/rollups/sketch';
import { ROLLUP_TABLES } from '../../src/rollups/tables';
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

test('every rollup table (full tuple and views, every tier) equals SQL over the raw events, also when batches are re-sent', async () => {
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

  // What a rollup read does first: merge the deltas the ingest transactions recorded.
  await mergePendingDeltas(fixture.hub.processor.db);
  for (const table of ROLLUP_TABLES) {
    // Grouped by a dimension the table holds; a view's other dimensions are '' and it has no tags.
    const key = table.view && !table.view.dimensions.includes('model') ? 'route' : 'model';
    const width = `${TIERS[table.tier].widthMs / 1000} seconds`;
    const fromRollups = await fixture.db.query(
      `SELECT bucket, ${key}, sum(events)::int AS n, sum(prompt_tokens_count)::int AS c, sum(prompt_tokens_sum) AS s,
              min(prompt_tokens_min) AS lo, max(prompt_tokens_max) AS hi, sum(prompt_tokens_sumsq) AS sq, sum(errors)::int AS errors
         FROM ${table.name} GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const fromEvents = await fixture.db.query(
      `SELECT date_bin('${width}', time, 'epoch') AS bucket, ${key}, count(*)::int AS n, count(prompt_tokens)::int AS c,
              sum(prompt_tokens)::float8 AS s, min(prompt_tokens)::float8 AS lo, max(prompt_tokens)::float8 AS hi,
              sum(prompt_tokens::float8 * prompt_tokens) AS sq, count(*) FILTER (WHERE is_error)::int AS errors
         FROM events WHERE event_id LIKE $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [`${run}-%`],
    );
    expect({ table: table.name, rows: fromRollups.rows }).toEqual({
      table: table.name,
      rows: fromEvents.rows,
    });
    if (table.view) {
      const dropped = ROLLUP_DIMENSIONS.filter((d) => !table.view!.dimensions.includes(d));
      const stray = await fixture.db.query(
        `SELECT count(*)::int AS n FROM ${table.name} WHERE tags <> '{}' OR ${dropped.map((d) => `${d} <> ''`).join(' OR ')}`,
      );
      expect(stray.rows[0].n).toBe(0);
    }
  }

  // Percentiles from the merged 1-minute sketches are within 1 % of percentile_cont over the events.
  const exact = await fixture.db.query<{ p50: number; p95: number; p99: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY prompt_tokens) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY prompt_tokens) AS p95,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY prompt_tokens) AS p99
       FROM events WHERE event_id LIKE $1 AND model = 'gpt-4o'`,
    [`${run}-%`],
  );
  for (const table of ['rollup_1m', 'rollup_model_5m']) {
    const sketches = await fixture.db.query<{ sketch: Buffer }>(
      `SELECT prompt_tokens_sketch AS sketch FROM ${table} WHERE model = 'gpt-4o'`,
    );
    const merged = mergeEncoded(sketches.rows.map((row) => row.sketch));
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
  }
});

/** A real Prometheus scrapes the processor's /metrics; its received counter equals what was sent. */
import { createTestDatabase } from '../support/postgres';
import { startPrometheus } from '../support/prometheus';
import { latencyEvent, postJson, startTestProcessor } from '../support/processor';

test('Prometheus scrapes /metrics and llm_events_received_total equals the events sent', async () => {
  const database = await createTestDatabase('prometheus');
  const hub = await startTestProcessor({ DATABASE_URL: database.url });
  const target = new URL(hub.url).host;
  const prometheus = await startPrometheus({ scrapeTargets: [target], scrapeIntervalSeconds: 1 });
  try {
    const run = `prom-${Date.now()}`;
    const sent = 1_234;
    const events = Array.from({ length: sent }, (_, i) =>
      latencyEvent(`${run}-${i}`, { model: i % 2 ? 'gpt-4o' : 'claude-sonnet-4', latencyMs: 100 + i }),
    );
    for (let i = 0; i < sent; i += 500) {
      expect((await postJson(`${hub.url}/api/v1/events`, events.slice(i, i + 500))).status).toBe(200);
    }
    const received = await prometheus.waitFor(
      'sum(llm_events_received_total{event_type="telemetry",source_module="llm-observatory"})',
      (value) => value === sent,
      30_000,
    );
    expect(received).toBe(sent);
    expect(await prometheus.query('sum(llm_events_stored_total)')).toBe(sent);
    // The GenAI duration histogram counts the same events, split by model.
    expect(await prometheus.query('sum(gen_ai_client_operation_duration_seconds_count)')).toBe(sent);
    expect(await prometheus.query('up')).toBe(1);
  } finally {
    await prometheus.stop();
    await hub.stop();
    await database.drop();
  }
});

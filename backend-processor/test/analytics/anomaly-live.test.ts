/**
 * Live anomaly detection end to end: demo traffic with an injected latency spike on one model goes
 * through the real processor into PostgreSQL; the detectors judge the closed minutes from the
 * rollups; the anomaly appears in the API (also as annotations) and in /metrics.
 */
import { sendLatencySpike } from '../support/demoTraffic';
import { postJson, useDatabaseProcessor } from '../support/processor';

// Driven by the test (judgeClosedMinutes) rather than the minute timer.
const fixture = useDatabaseProcessor('anomaly_live', { HUB_ANOMALY_DETECTION: 'off' });

const MINUTE = 60_000;

test('a latency spike on one model is flagged within two rollup minutes of onset, in the API, /metrics and as the root cause', async () => {
  // The demo's traffic follows the time of day: anchored at today's midnight (UTC), with a fixed
  // seed, every run sends the same events, all inside the detectors' 26-hour warm-up (backfill 2 h),
  // so the test does not depend on when it runs.
  const liveStart = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const onset = liveStart - 25 * MINUTE;
  await sendLatencySpike(fixture.hub.url, { liveStart, onset, seed: 20_261_122 });
  await fixture.hub.processor.anomalies.judgeClosedMinutes();

  const answer = await postJson(`${fixture.hub.url}/api/v1/anomalies`, {
    from: liveStart - 3 * 3_600_000,
    to: liveStart,
    metric: 'latency_ms',
  });
  expect(answer.status).toBe(200);
  const spikes = answer.body.anomalies.filter((a: any) => a.labels.model === 'gpt-4o');
  expect(spikes.length).toBeGreaterThan(0);
  // The episode of the incident: the one nearest its onset.
  const first = spikes.reduce((a: any, b: any) =>
    Math.abs(b.startedAt - onset) < Math.abs(a.startedAt - onset) ? b : a,
  );
  // The minute holding the onset, or one of the two after it.
  expect(first.startedAt).toBeGreaterThanOrEqual(Math.floor(onset / MINUTE) * MINUTE);
  expect(first.startedAt).toBeLessThanOrEqual(onset + 2 * MINUTE);
  expect(first.value).toBeGreaterThan(first.upper);
  expect(['spike', 'level_shift']).toContain(first.kind);
  // No other model's latency went wrong with it. (A one-minute p95 over a few dozen calls has a
  // heavy tail of its own: unrelated single-minute episodes elsewhere are possible, and the
  // root-cause ranking below must see through them.)
  const others = answer.body.anomalies.filter(
    (a: any) => a.labels.model !== 'gpt-4o' && Math.abs(a.startedAt - first.startedAt) <= 2 * MINUTE,
  );
  expect(others).toEqual([]);

  // Narrowed to models: only their episodes.
  const ofModels = await postJson(`${fixture.hub.url}/api/v1/anomalies`, {
    from: liveStart - 3 * 3_600_000,
    to: liveStart,
    models: ['gpt-4o'],
  });
  expect(ofModels.body.anomalies.length).toBeGreaterThan(0);
  expect(new Set(ofModels.body.anomalies.map((a: any) => a.labels.model))).toEqual(new Set(['gpt-4o']));

  const annotation = answer.body.annotations.find((a: any) => a.time === first.startedAt);
  expect(annotation.title).toMatch(/latency_ms p95 \(model=gpt-4o\)/);
  expect(annotation.tags).toEqual(expect.arrayContaining(['anomaly', 'latency_ms', 'gpt-4o']));

  const metrics = await (await fetch(`${fixture.hub.url}/metrics`)).text();
  // Counted with the kind and severity it had when it started.
  expect(metrics).toMatch(
    /llm_anomalies_detected_total\{metric="latency_ms",kind="[a-z_]+",severity="[a-z]+"\} [1-9]\d*\n/,
  );

  // The correlation graph of the incident names the injected cause first.
  const incident = await postJson(`${fixture.hub.url}/api/v1/correlations`, {
    from: onset - 5 * MINUTE,
    to: onset + 20 * MINUTE,
  });
  expect(incident.status).toBe(200);
  expect(incident.body.rootCauses[0]).toMatchObject({ id: 'model:gpt-4o' });

  // Judging again finds nothing new: the episode is neither duplicated nor counted twice.
  await fixture.hub.processor.anomalies.judgeClosedMinutes();
  const again = await postJson(`${fixture.hub.url}/api/v1/anomalies`, {
    from: liveStart - 3 * 3_600_000,
    to: liveStart,
    metric: 'latency_ms',
  });
  expect(again.body.anomalies).toHaveLength(answer.body.anomalies.length);
});

test('a tenant-bound key may not read the anomalies of all tenants', async () => {
  const created = await postJson(`${fixture.hub.url}/api/v1/keys`, {
    name: 'globex reader',
    scopes: ['read'],
    tenant: 'globex',
  });
  const answer = await postJson(
    `${fixture.hub.url}/api/v1/anomalies`,
    { from: 'now-1h', to: 'now' },
    created.body.key,
  );
  expect(answer.status).toBe(403);
  expect(answer.body.message).toMatch(/bound to tenant "globex"/);
});

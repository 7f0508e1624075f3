/**
 * An anomaly alert end to end, on real components: demo traffic with a latency spike goes through
 * the processor into PostgreSQL; the live detectors flag it; Prometheus scrapes the processor and
 * evaluates the repository's rule file; Alertmanager delivers the alert to a webhook in this test;
 * after the spike it resolves. The processor's clock is the test's, so the detectors judge the
 * spike's minutes when the test says, not minutes later: the onset-to-delivery time printed is the
 * pipeline's, from the first judgement that sees the spike.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { sendLatencySpike } from '../support/demoTraffic';
import { startAlertmanager, type TestAlertmanager } from '../support/alertmanager';
import { useDatabaseProcessor } from '../support/processor';
import { startPrometheus, type TestPrometheus } from '../support/prometheus';

const ALERTS = path.resolve(__dirname, '../../../alerts');
const MINUTE = 60_000;
// The demo's traffic follows the time of day; anchored at today's midnight (UTC) with a fixed seed,
// every run sends the same events.
const liveStart = Math.floor(Date.now() / 86_400_000) * 86_400_000;
const onset = liveStart - 25 * MINUTE;
/** HUB_ANOMALY_GRACE_SECONDS: how long after its end a minute is judged. */
const GRACE_MS = 30_000;
let clock = onset - 5 * MINUTE;

const fixture = useDatabaseProcessor(
  'alert_delivery',
  { HUB_ANOMALY_DETECTION: 'off', HUB_ANOMALY_GRACE_SECONDS: String(GRACE_MS / 1000) },
  { now: () => clock },
);
let alertmanager: TestAlertmanager;
let prometheus: TestPrometheus;

/** The Grafana-managed twin of the rule: its SQL, run on the processor's database. */
function grafanaAnomalySql(): string {
  const rules = parse(readFileSync(path.join(ALERTS, 'grafana', 'rules.yaml'), 'utf8'));
  const rule = rules.groups
    .flatMap((g: any) => g.rules)
    .find((r: any) => r.title === 'LLMCriticalAnomalyActive');
  return rule.data.find((q: any) => q.refId === 'A').model.rawSql;
}

beforeAll(async () => {
  alertmanager = await startAlertmanager();
  prometheus = await startPrometheus({
    scrapeTargets: [new URL(fixture.hub.url).host],
    jobName: 'llm-analytics-hub',
    ruleFiles: [path.join(ALERTS, 'prometheus', 'llm-analytics.rules.yml')],
    alertmanagers: [alertmanager.address],
  });
  await sendLatencySpike(fixture.hub.url, { liveStart, onset, seed: 20_261_123 });
  // The detectors learn the level from the history before the spike.
  await fixture.hub.processor.anomalies.judgeClosedMinutes();
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  await alertmanager?.stop();
});

test('a latency spike pages through Prometheus and Alertmanager, and the page resolves after recovery', async () => {
  const active = 'sum(llm_anomaly_active{job="llm-analytics-hub", severity="critical"})';
  expect(await prometheus.waitFor('up{job="llm-analytics-hub"}', (v) => v === 1)).toBe(1);
  expect(
    alertmanager.notifications.filter((n) =>
      n.alerts.some((a) => a.labels.alertname === 'LLMCriticalAnomalyActive'),
    ),
  ).toEqual([]);

  // Minute by minute into the spike, each judged as soon as it is closed (plus the grace period).
  const sql = grafanaAnomalySql();
  const flagged = { minutes: 0, at: 0 };
  for (let minute = 1; minute <= 5 && flagged.at === 0; minute++) {
    clock = onset + minute * MINUTE + GRACE_MS;
    await fixture.hub.processor.anomalies.judgeClosedMinutes();
    const { rows } = await fixture.db.query(sql);
    if (rows.length > 0) {
      // The Grafana-managed rule's query sees it too: one row per metric and model.
      expect(rows).toEqual([{ metric: 'latency_ms', model: 'gpt-4o', active: 1 }]);
      Object.assign(flagged, { minutes: minute, at: Date.now() });
    }
  }
  expect(flagged.minutes).toBeGreaterThan(0);

  const firing = await alertmanager.waitForAlert('LLMCriticalAnomalyActive', 'firing', 90_000);
  const alert = firing.alerts.find((a) => a.labels.alertname === 'LLMCriticalAnomalyActive')!;
  expect(alert.labels).toMatchObject({ severity: 'critical', team: 'llm-platform', metric: 'latency_ms' });
  expect(alert.annotations.summary).toBe('Critical anomaly in latency_ms');
  expect(alert.annotations.dashboard_url).toBe('/d/llm-anomalies/llm-anomalies-and-correlations');
  expect(alert.annotations.runbook).toMatch(/correlation graph/);

  // The spike is over and the latency back to normal for a quarter of an hour.
  clock = liveStart;
  await fixture.hub.processor.anomalies.judgeClosedMinutes();
  const recoveredAt = Date.now();
  expect(await prometheus.waitFor(`${active} or vector(0)`, (v) => v === 0, 60_000)).toBe(0);
  expect((await fixture.db.query(sql)).rows).toEqual([]);
  const resolved = await alertmanager.waitForAlert('LLMCriticalAnomalyActive', 'resolved', 90_000);

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    [
      `latency spike on gpt-4o, onset → flagged: ${flagged.minutes} min of traffic (minutes are judged once closed, + ${GRACE_MS / 1000} s grace)`,
      `flagged → firing webhook: ${seconds(firing.receivedAt - flagged.at)} (scrape 1 s, rule group every 15 s, Alertmanager group_wait 1 s)`,
      `recovered → resolved webhook: ${seconds(resolved.receivedAt - recoveredAt)}`,
    ].join('\n'),
  );
  expect(resolved.receivedAt).toBeGreaterThan(firing.receivedAt);
}, 240_000);

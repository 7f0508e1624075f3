/** The Prometheus rule files, checked and unit-tested by promtool (Prometheus from Debian). */
import { grafanaRules, path, prometheusAlerts, promtool, readYaml } from './repository';

const RULES = path('alerts', 'prometheus');

test('promtool check rules: the rule file is valid', () => {
  expect(promtool(['check', 'rules', 'llm-analytics.rules.yml'], RULES)).toMatch(/SUCCESS: 6 rules found/);
});

test('promtool test rules: every alert fires when it should and not before, with its labels and annotations', () => {
  expect(promtool(['test', 'rules', 'llm-analytics.rules.test.yml'], RULES)).toMatch(/SUCCESS/);
});

test('every alert is tested both firing and quiet, and has the name of its Grafana twin', () => {
  const cases = readYaml('alerts', 'prometheus', 'llm-analytics.rules.test.yml').tests.flatMap(
    (t: any) => t.alert_rule_test,
  );
  const names = [...prometheusAlerts().keys()];
  for (const name of names) {
    const expectations = cases
      .filter((c: any) => c.alertname === name)
      .map((c: any) => c.exp_alerts.length > 0);
    expect({ name, firing: expectations.includes(true), quiet: expectations.includes(false) }).toEqual({
      name,
      firing: true,
      quiet: true,
    });
  }
  expect(names).toEqual(grafanaRules().map(({ rule }) => rule.title));
});

/**
 * docker-compose.yml against the repository it runs: the paths it mounts and builds exist, the
 * plugins it mounts are ours (and only they load unsigned), the environment it sets is what the
 * processor, the demo and the provisioning files read, and the ports and job names agree.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { USAGE } from '../../backend-processor/src/demo/cli';
import { PLUGIN_FOLDERS, PLUGIN_IDS, path, promtool, readJson, readYaml } from './repository';

const compose = readYaml('docker-compose.yml');
const services = compose.services;
const grafana = services.grafana;

/** `./host:/container[:ro]` bind mounts of a service (named volumes left out). */
const binds = (service: any): Array<{ host: string; container: string }> =>
  (service.volumes ?? [])
    .filter((volume: string) => volume.startsWith('./'))
    .map((volume: string) => {
      const [host, container] = volume.split(':');
      return { host: host!, container: container! };
    });
const mountOf = (service: any, host: string) => binds(service).find((bind) => bind.host === host)?.container;

test('every image is pinned to a version', () => {
  for (const [name, service] of Object.entries<any>(services)) {
    if (service.build) continue;
    expect({ name, image: service.image }).toEqual({
      name,
      image: expect.stringMatching(/^[\w./-]+:v?\d[\w.-]*$/),
    });
  }
});

test('every mounted path and build file exists in the repository', () => {
  for (const [name, service] of Object.entries<any>(services)) {
    for (const { host } of binds(service))
      expect({ name, host, exists: existsSync(path(host)) }).toEqual({ name, host, exists: true });
    if (service.build) {
      expect(existsSync(path(service.build.context, service.build.dockerfile))).toBe(true);
    }
  }
});

test('Grafana mounts each plugin’s dist/ as a folder named by its id, and allows exactly those unsigned', () => {
  const allowed = grafana.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',');
  expect([...allowed].sort()).toEqual([...PLUGIN_IDS].sort());
  PLUGIN_FOLDERS.forEach((folder, i) => {
    expect(mountOf(grafana, `./${folder}/dist`)).toBe(`/var/lib/grafana/plugins/${PLUGIN_IDS[i]}`);
  });
  // The plugins' grafanaDependency (>=12.3.0) admits the pinned Grafana.
  const [major, minor] = grafana.image.split(':')[1].split('.').map(Number);
  for (const folder of PLUGIN_FOLDERS) {
    const [, depMajor, depMinor] = /^>=(\d+)\.(\d+)/
      .exec(readJson(folder, 'src', 'plugin.json').dependencies.grafanaDependency)!
      .map(Number);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(depMajor! * 100 + depMinor!);
  }
});

test('Grafana mounts the provisioning, the alerting files and the dashboards where the provider looks', () => {
  expect(mountOf(grafana, './provisioning/datasources')).toBe('/etc/grafana/provisioning/datasources');
  expect(mountOf(grafana, './provisioning/dashboards')).toBe('/etc/grafana/provisioning/dashboards');
  expect(mountOf(grafana, './alerts/grafana')).toBe('/etc/grafana/provisioning/alerting');
  const provider = readYaml('provisioning', 'dashboards', 'llm-analytics.yaml').providers[0];
  expect(mountOf(grafana, './dashboards')).toBe(provider.options.path);
});

test('Grafana’s environment sets every variable the provisioning files read, and they point at the services', () => {
  const files = [
    ...readdirSync(path('provisioning', 'datasources')).map((f) => path('provisioning', 'datasources', f)),
    ...readdirSync(path('alerts', 'grafana')).map((f) => path('alerts', 'grafana', f)),
  ];
  const read = new Set(
    files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!),
    ),
  );
  expect(read.size).toBeGreaterThan(5);
  for (const name of read) expect({ name, set: name in grafana.environment }).toEqual({ name, set: true });
  const env = grafana.environment;
  expect(env.HUB_PROCESSOR_URL).toBe(`http://processor:${services.processor.ports[0].split(':')[1]}`);
  expect(env.HUB_PROMETHEUS_URL).toBe(`http://prometheus:${services.prometheus.ports[0].split(':')[1]}`);
  expect(env.HUB_DB_HOST).toBe('timescaledb:5432');
  expect(env.HUB_DB_NAME).toBe(services.timescaledb.environment.POSTGRES_DB);
  // The read-only role the init script creates.
  const init = readFileSync(path('docker', 'timescaledb', 'grafana-reader.sql'), 'utf8');
  expect(init).toContain(`CREATE ROLE ${env.HUB_DB_READER} LOGIN PASSWORD '${env.HUB_DB_READER_PASSWORD}'`);
  expect(env.HUB_ALERT_WEBHOOK_URL).toMatch(/^http:\/\/alert-sink:8080\//);
});

test('the processor gets only settings it reads, on the port it listens on by default', () => {
  const config = readFileSync(path('backend-processor', 'src', 'config', 'config.ts'), 'utf8');
  const known = new Set([...config.matchAll(/\(env, '([A-Z_]+)'/g)].map((m) => m[1]!));
  expect(known).toContain('HUB_BOOTSTRAP_KEY');
  for (const name of Object.keys(services.processor.environment)) {
    expect({ name, known: known.has(name) }).toEqual({ name, known: true });
  }
  expect(services.processor.ports).toEqual(['8080:8080']);
  expect(config).toMatch(/integer\(env, 'PORT', 8080,/);
  expect(services.processor.environment.DATABASE_URL).toMatch(/@timescaledb:5432\/hub$/);
  expect(services.processor.environment.KAFKA_BROKERS).toBe(
    services.kafka.environment.KAFKA_ADVERTISED_LISTENERS.replace('PLAINTEXT://', ''),
  );
});

test('the demo service runs the demo CLI with options it knows', () => {
  const [node, script, ...options] = services.demo.command;
  expect(node).toBe('node');
  expect(script).toBe('backend-processor/dist/demo/cli.js');
  expect(existsSync(path('backend-processor', 'src', 'demo', 'cli.ts'))).toBe(true);
  for (const option of options) expect(USAGE).toContain(`${option.split('=')[0]} `);
  expect(services.demo.profiles).toEqual(['demo']);
});

test('Prometheus scrapes the processor as the job the rules select, loads the rule files, and alerts Alertmanager', () => {
  const prometheus = readYaml('docker', 'prometheus', 'prometheus.yml');
  const [job] = prometheus.scrape_configs;
  expect(job.static_configs[0].targets).toEqual([`processor:${services.processor.ports[0].split(':')[1]}`]);
  const rules = readFileSync(path('alerts', 'prometheus', 'llm-analytics.rules.yml'), 'utf8');
  expect(new Set([...rules.matchAll(/job="([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set([job.job_name]));
  expect(mountOf(services.prometheus, './alerts/prometheus')).toBe('/etc/prometheus/rules');
  expect(prometheus.rule_files).toEqual(['/etc/prometheus/rules/*.rules.yml']);
  expect(prometheus.alerting.alertmanagers[0].static_configs[0].targets).toEqual([
    `alertmanager:${services.alertmanager.ports[0].split(':')[1]}`,
  ]);
  expect(
    promtool(['check', 'config', '--syntax-only', path('docker', 'prometheus', 'prometheus.yml')]),
  ).toMatch(/SUCCESS/);
});

test('Alertmanager’s configuration is valid (amtool) and sends resolved alerts to the sink', () => {
  const output = execFileSync(
    'amtool',
    ['check-config', path('docker', 'alertmanager', 'alertmanager.yml')],
    { encoding: 'utf8' },
  );
  expect(output).toMatch(/SUCCESS/);
  const config = readYaml('docker', 'alertmanager', 'alertmanager.yml');
  const [webhook] = config.receivers[0].webhook_configs;
  expect(webhook).toEqual({ url: expect.stringMatching(/^http:\/\/alert-sink:8080\//), send_resolved: true });
});

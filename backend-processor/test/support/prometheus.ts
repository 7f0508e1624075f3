/**
 * Prometheus in a test: a private server (Debian's package) scraping the given targets, optionally
 * evaluating rule files and sending alerts to an Alertmanager.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sleep, startDaemon, type Daemon } from './daemon';

const SCRIPT = path.resolve(__dirname, '../../../scripts/services/prometheus.sh');

export interface PrometheusOptions {
  /** host:port targets scraped at /metrics, with job="hub" (or jobName). */
  scrapeTargets: string[];
  jobName?: string;
  /** Scrape (and rule evaluation) interval; default 1 second so tests see samples quickly. */
  scrapeIntervalSeconds?: number;
  /** Sent as `Authorization: Bearer <token>` when scraping scrapeTargets. */
  bearerToken?: string;
  /** Also scrape the Prometheus itself, with job="prometheus". */
  scrapeSelf?: boolean;
  /** Rule files to evaluate (absolute paths). */
  ruleFiles?: string[];
  /** host:port of Alertmanagers to send alerts to. */
  alertmanagers?: string[];
}

export interface TestPrometheus extends Daemon {
  /**
   * Instant query. Returns the value of the single resulting sample (or scalar), null when the result
   * is empty, and throws when the query fails or yields several series (aggregate those: sum, max...).
   */
  query(promql: string): Promise<number | null>;
  /** Polls query(promql) until predicate(value) holds for a non-null value; returns that value. */
  waitFor(promql: string, predicate: (value: number) => boolean, timeoutMs?: number): Promise<number>;
}

let installPromise: Promise<void> | undefined;

/**
 * Makes sure prometheus, promtool and Alertmanager are installed (Debian packages, via
 * scripts/services/prometheus.sh).
 */
export function requirePrometheusBinaries(): Promise<void> {
  installPromise ??= new Promise<void>((resolve, reject) => {
    // 10 minutes: the first call may apt-get install the packages.
    execFile('bash', [SCRIPT, 'install'], { timeout: 600_000 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      installPromise = undefined;
      reject(
        new Error(
          `Prometheus and Alertmanager are required for this test but could not be installed with ` +
            `${SCRIPT} install (it needs root and Debian's packages 'prometheus', 'prometheus-alertmanager'):\n` +
            `${err.message.split('\n')[0]}\n${stderr.trim()}`,
        ),
      );
    });
  });
  return installPromise;
}

/**
 * Starts a private Prometheus on a free loopback port with its own config and data directory (in a
 * temp dir), scraping the given targets, and resolves once /-/ready answers.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<TestPrometheus> {
  await requirePrometheusBinaries();
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const daemon = await startDaemon({
    name: 'Prometheus',
    command: 'prometheus',
    configure: (address, dir) => [
      // JSON is valid YAML: no quoting rules to get wrong.
      writeConfig(path.join(dir, 'prometheus.yml'), configOf(options, interval, address)),
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      '--log.level=warn',
    ],
  });
  return withQueries(daemon);
}

function writeConfig(file: string, config: object): string {
  writeFileSync(file, JSON.stringify(config, null, 2));
  return `--config.file=${file}`;
}

function configOf(options: PrometheusOptions, interval: string, address: string): object {
  const scrapeConfigs: object[] = [];
  if (options.scrapeTargets.length > 0) {
    scrapeConfigs.push({
      job_name: options.jobName ?? 'hub',
      static_configs: [{ targets: options.scrapeTargets }],
      ...(options.bearerToken ? { authorization: { type: 'Bearer', credentials: options.bearerToken } } : {}),
    });
  }
  if (options.scrapeSelf) {
    scrapeConfigs.push({ job_name: 'prometheus', static_configs: [{ targets: [address] }] });
  }
  return {
    // The timeout may not exceed the interval.
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    scrape_configs: scrapeConfigs,
    ...(options.ruleFiles ? { rule_files: options.ruleFiles } : {}),
    ...(options.alertmanagers
      ? { alerting: { alertmanagers: [{ static_configs: [{ targets: options.alertmanagers }] }] } }
      : {}),
  };
}

function withQueries(daemon: Daemon): TestPrometheus {
  const { url } = daemon;

  async function query(promql: string): Promise<number | null> {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
    const body = (await response.json()) as PromResponse;
    if (body.status !== 'success' || !body.data) {
      throw new Error(`query ${promql} failed: ${body.errorType ?? response.status}: ${body.error ?? ''}`);
    }
    const { resultType, result } = body.data;
    if (resultType === 'scalar') return Number((result as [number, string])[1]);
    if (resultType !== 'vector') throw new Error(`query ${promql} returned a ${resultType}, not a number`);
    const samples = result as { metric: Record<string, string>; value: [number, string] }[];
    if (samples.length === 0) return null;
    if (samples.length > 1) {
      const series = samples.map((s) => JSON.stringify(s.metric)).join(', ');
      throw new Error(`query ${promql} returned ${samples.length} series (${series}): aggregate it to one`);
    }
    return Number(samples[0]!.value[1]);
  }

  async function waitFor(
    promql: string,
    predicate: (value: number) => boolean,
    timeoutMs = 30_000,
  ): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    for (;;) {
      try {
        const value = await query(promql);
        if (value !== null && predicate(value)) return value;
        last = `last value ${value}`;
      } catch (err) {
        last = `last error: ${(err as Error).message}`;
      }
      if (Date.now() >= deadline)
        throw new Error(`waitFor(${promql}) timed out after ${timeoutMs} ms (${last})`);
      await sleep(250);
    }
  }

  return { ...daemon, query, waitFor };
}

interface PromResponse {
  status: 'success' | 'error';
  data?: { resultType: 'vector' | 'scalar' | 'matrix' | 'string'; result: unknown };
  errorType?: string;
  error?: string;
}

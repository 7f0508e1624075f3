import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../../scripts/services/prometheus.sh');

export interface PrometheusOptions {
  /** host:port targets scraped at /metrics, with job="hub". */
  scrapeTargets: string[];
  /** Scrape (and rule evaluation) interval; default 1 second so tests see samples quickly. */
  scrapeIntervalSeconds?: number;
  /** Sent as `Authorization: Bearer <token>` when scraping scrapeTargets. */
  bearerToken?: string;
  /** Also scrape the Prometheus itself, with job="prometheus". */
  scrapeSelf?: boolean;
}

export interface TestPrometheus {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /**
   * Instant query. Returns the value of the single resulting sample (or scalar), null when the result
   * is empty, and throws when the query fails or yields several series (aggregate those: sum, max...).
   */
  query(promql: string): Promise<number | null>;
  /** Polls query(promql) until predicate(value) holds for a non-null value; returns that value. */
  waitFor(promql: string, predicate: (value: number) => boolean, timeoutMs?: number): Promise<number>;
  /** Stops the server and deletes its config and data. Safe to call twice. */
  stop(): Promise<void>;
}

let installPromise: Promise<void> | undefined;

/** Makes sure the prometheus binary is installed (Debian package, via scripts/services/prometheus.sh). */
function requirePrometheusBinary(): Promise<void> {
  installPromise ??= new Promise<void>((resolve, reject) => {
    // 10 minutes: the first call may apt-get install prometheus.
    execFile('bash', [SCRIPT, 'install'], { timeout: 600_000 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      installPromise = undefined;
      reject(
        new Error(
          `Prometheus is required for this test but the prometheus binary could not be installed with ` +
            `${SCRIPT} install (it needs root and Debian's package 'prometheus'):\n` +
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
  await requirePrometheusBinary();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hub-prometheus-'));
  try {
    // Another process may take the free port between our check and Prometheus binding it: retry.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const started = await spawnPrometheus(dir, port, options);
      if (started.ok) return handle(started.child, `http://127.0.0.1:${port}`, dir);
      if (!/address already in use/i.test(started.log) || attempt >= 3) {
        throw new Error(`Prometheus did not start: ${started.reason}\n--- its log ---\n${started.log}`);
      }
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

type SpawnResult = { ok: true; child: ChildProcess } | { ok: false; reason: string; log: string };

async function spawnPrometheus(dir: string, port: number, options: PrometheusOptions): Promise<SpawnResult> {
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const address = `127.0.0.1:${port}`;
  const scrapeConfigs: object[] = [];
  if (options.scrapeTargets.length > 0) {
    scrapeConfigs.push({
      job_name: 'hub',
      static_configs: [{ targets: options.scrapeTargets }],
      ...(options.bearerToken ? { authorization: { type: 'Bearer', credentials: options.bearerToken } } : {}),
    });
  }
  if (options.scrapeSelf)
    scrapeConfigs.push({ job_name: 'prometheus', static_configs: [{ targets: [address] }] });
  // JSON is valid YAML: no quoting rules to get wrong. The timeout may not exceed the interval.
  const config = {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    scrape_configs: scrapeConfigs,
  };
  const configFile = path.join(dir, 'prometheus.yml');
  writeFileSync(configFile, JSON.stringify(config, null, 2));

  const logFile = path.join(dir, `prometheus-${port}.log`);
  const logFd = openSync(logFile, 'w');
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const readLog = () => readFileSync(logFile, 'utf8').trim();

  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
  child.once('error', (err) => (exited = `could not be run: ${err.message}`));

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) return { ok: false, reason: exited, log: readLog() };
    try {
      const response = await fetch(`http://${address}/-/ready`);
      if (response.ok) return { ok: true, child };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  return { ok: false, reason: `not ready within 60s on ${address}`, log: readLog() };
}

function handle(child: ChildProcess, url: string, dir: string): TestPrometheus {
  // If a test forgets stop(), do not leave the server running after the jest worker exits.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopped: Promise<void> | undefined;

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

  function stop(): Promise<void> {
    stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  }

  return { url, query, waitFor, stop };
}

interface PromResponse {
  status: 'success' | 'error';
  data?: { resultType: 'vector' | 'scalar' | 'matrix' | 'string'; result: unknown };
  errorType?: string;
  error?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

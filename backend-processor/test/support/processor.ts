/**
 * Runs the real processor for a test: in this process (fast, for most tests) or as a child process
 * from the built dist/ (for crash tests: SIGKILL needs a process of its own).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type HubConfig } from '../../src/config/config';
import { createLogger } from '../../src/observability/logger';
import { startProcessor, type Processor } from '../../src/processor';
import { createTestDatabase } from './postgres';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestProcessor {
  processor: Processor;
  url: string;
  stop(): Promise<void>;
}

/** A processor on a free loopback port with the admin key `ADMIN_KEY`; `now` is its clock. */
export async function startTestProcessor(
  env: Record<string, string> = {},
  options: { now?: () => number } = {},
): Promise<TestProcessor> {
  const config: HubConfig = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    HUB_BOOTSTRAP_KEY: ADMIN_KEY,
    HUB_LOG_LEVEL: 'warn',
    // In this process the sources are TypeScript: no compiled worker to start (the child processors
    // of startChildProcessor run the built one, with workers).
    HUB_INGEST_WORKERS: '0',
    ...env,
  });
  const processor = await startProcessor(config, createLogger(config.logLevel), options);
  return { processor, url: processor.url, stop: () => processor.close() };
}

export interface ChildProcessor {
  child: ChildProcess;
  url: string;
  /** Everything the child printed, for failure messages. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/**
 * Starts `node dist/main.js` (build first: `npm run build`), or another `script` that starts the
 * built processor, and waits until /ready answers 200.
 */
export async function startChildProcessor(
  env: Record<string, string>,
  port: number,
  script = MAIN,
): Promise<ChildProcessor> {
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      HUB_BOOTSTRAP_KEY: ADMIN_KEY,
      HUB_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`processor exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`processor not ready within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    child,
    url,
    output: () => output,
    async kill(signal) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}

/** POSTs JSON with the admin key (or `key`) and returns status and parsed answer. */
export async function postJson(
  url: string,
  body: unknown,
  key: string | null = ADMIN_KEY,
): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A minimal valid hub event (nested envelope, latency payload). */
export function latencyEvent(
  id: string,
  overrides: { tenant?: string; model?: string; latencyMs?: number; time?: string } = {},
) {
  return {
    common: {
      event_id: id,
      timestamp: overrides.time ?? new Date().toISOString(),
      source_module: 'llm-observatory',
      event_type: 'telemetry',
      schema_version: '1.0.0',
      severity: 'info',
      environment: 'test',
      tags: { ...(overrides.tenant ? { tenant_id: overrides.tenant } : {}) },
    },
    payload: {
      type: 'latency',
      model_id: overrides.model ?? 'gpt-4o',
      request_id: `req-${id}`,
      total_latency_ms: overrides.latencyMs ?? 250,
    },
  };
}

export interface DatabaseProcessorFixture {
  /** The running processor (set in beforeAll). */
  hub: TestProcessor;
  /** A pool on the processor's own database, to check what was stored. */
  db: pg.Pool;
  /** That database's URL, for a connection of the test's own. */
  databaseUrl: string;
  /** `count(*)`-style helper: runs `sql` returning one row with column `n`. */
  count(sql: string, params?: unknown[]): Promise<number>;
}

/**
 * For a test file that shares one processor: a fresh PostgreSQL database and a processor on it,
 * started before the file's tests and torn down after them.
 */
export function useDatabaseProcessor(
  prefix: string,
  env: Record<string, string> = {},
  options: { now?: () => number } = {},
): DatabaseProcessorFixture {
  let drop: (() => Promise<void>) | null = null;
  const fixture = {
    async count(sql: string, params: unknown[] = []) {
      const result = await fixture.db.query<{ n: string }>(sql, params);
      return Number(result.rows[0]!.n);
    },
  } as DatabaseProcessorFixture;
  beforeAll(async () => {
    const database = await createTestDatabase(prefix);
    drop = database.drop;
    fixture.hub = await startTestProcessor({ DATABASE_URL: database.url, ...env }, options);
    fixture.db = new pg.Pool({ connectionString: database.url });
    fixture.databaseUrl = database.url;
  });
  afterAll(async () => {
    await fixture.db?.end();
    await fixture.hub?.stop();
    await drop?.();
  });
  return fixture;
}

/** A token_cost event (LLM-CostOps) of `costUsd` for `model` at `time` (ms). */
export function costEvent(id: string, time: number, { model = 'gpt-4o', costUsd = 0.01 } = {}) {
  return {
    common: {
      event_id: id,
      timestamp: new Date(time).toISOString(),
      source_module: 'llm-cost-ops',
      event_type: 'cost',
      severity: 'info',
      tags: { tenant_id: 'acme' },
    },
    payload: {
      type: 'token_cost',
      model_id: model,
      request_id: `req-${id}`,
      prompt_tokens: 100,
      completion_tokens: 50,
      total_tokens: 150,
      cost_per_prompt_token: 0.00005,
      cost_per_completion_token: 0.0001,
      total_cost_usd: costUsd,
      currency: 'USD',
    },
  };
}

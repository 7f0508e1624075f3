/**
 * Ingest benchmark: HTTP ingest into PostgreSQL beside a plain COPY of the same rows into the same
 * table, measured in one run so the ratio holds on a shared, noisy machine.
 *
 *   npm run bench                     # 20 s of HTTP load, 4 connections, batches of 1,000
 *   npm run bench -- --seconds 60 --connections 8
 *
 * The processor runs as a child process (as in production); this process is the load generator.
 * Ends with one JSON line: http_events_per_s, copy_rows_per_s, http_vs_copy, …
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { benchAdminUrl, freshDatabase } from './postgres';

const BENCH_KEY = 'bench-key-0123456789abcdef';
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'gemini-2.0-flash'];

async function startProcessor(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      HUB_BOOTSTRAP_KEY: BENCH_KEY,
      HUB_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`processor exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('processor did not become ready within 60 s');
}

/** A batch of `size` distinct latency events as one JSON array body. */
function makeBatch(batchNumber: number, size: number, runId: string): Buffer {
  const now = Date.now();
  const parts: string[] = [];
  for (let i = 0; i < size; i++) {
    const n = batchNumber * size + i;
    parts.push(
      `{"common":{"event_id":"${runId}-${n}","timestamp":"${new Date(now - (n % 60_000)).toISOString()}",` +
        `"source_module":"llm-observatory","event_type":"telemetry","severity":"info","environment":"bench",` +
        `"tags":{"tenant_id":"tenant-${n % 5}","route":"chat"}},"payload":{"type":"latency","model_id":"${MODELS[n % 4]}",` +
        `"request_id":"req-${n}","total_latency_ms":${(200 + (n % 1000)).toFixed(1)},"ttft_ms":${50 + (n % 100)}}}`,
    );
  }
  return Buffer.from(`[${parts.join(',')}]`);
}

function post(agent: http.Agent, port: number, body: Buffer): Promise<{ status: number; accepted: number }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/events',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${BENCH_KEY}`,
          'content-length': body.length,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const answer = JSON.parse(Buffer.concat(chunks).toString()) as { accepted?: number };
          resolve({ status: response.statusCode ?? 0, accepted: answer.accepted ?? 0 });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function httpLoad(port: number, seconds: number, connections: number, batchSize: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const runId = `bench${Date.now()}`;
  let next = 0;
  let accepted = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const { status, accepted: n } = await post(agent, port, makeBatch(next++, batchSize, runId));
        if (status === 200) accepted += n;
        else failures++;
      }
    }),
  );
  agent.destroy();
  return { accepted, failures, elapsedS: (performance.now() - started) / 1000 };
}

/** Copies the stored rows out, empties the table, and times a plain COPY of them back in. */
async function copyBaseline(
  databaseUrl: string,
  maxRows: number,
): Promise<{ rows: number; elapsedS: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const chunks: Buffer[] = [];
  const out = client.query(copyTo(`COPY (SELECT * FROM events LIMIT ${maxRows}) TO STDOUT`));
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await once(out, 'end');
  const rows = (
    await client.query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT 1 FROM events LIMIT ${maxRows}) s`)
  ).rows[0]!.n;
  await client.query('TRUNCATE events');
  const started = performance.now();
  await pipeline(Readable.from(chunks), client.query(copyFrom('COPY events FROM STDIN')));
  const elapsedS = (performance.now() - started) / 1000;
  await client.end();
  return { rows: Number(rows), elapsedS };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '20' },
      connections: { type: 'string', default: '4' },
      'batch-size': { type: 'string', default: '1000' },
      port: { type: 'string', default: '18080' },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const batchSize = Number(values['batch-size']);
  const port = Number(values.port);

  const databaseUrl = await freshDatabase(benchAdminUrl(), 'hub_bench');
  const processor = await startProcessor(databaseUrl, port);
  console.log(`HTTP load: ${seconds} s, ${connections} keep-alive connections, batches of ${batchSize}`);
  const load = await httpLoad(port, seconds, connections, batchSize);
  processor.kill('SIGTERM');
  await once(processor, 'exit');

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const stored = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
  await db.end();
  const httpPerS = stored / load.elapsedS;
  console.log(
    `HTTP ingest: ${stored} events stored in ${load.elapsedS.toFixed(1)} s = ${Math.round(httpPerS)} events/s (${load.failures} failed requests)`,
  );

  const copy = await copyBaseline(databaseUrl, stored);
  const copyPerS = copy.rows / copy.elapsedS;
  console.log(
    `COPY baseline: ${copy.rows} rows in ${copy.elapsedS.toFixed(2)} s = ${Math.round(copyPerS)} rows/s`,
  );
  console.log(
    JSON.stringify({
      http_events_per_s: Math.round(httpPerS),
      copy_rows_per_s: Math.round(copyPerS),
      http_vs_copy: Number((httpPerS / copyPerS).toFixed(3)),
      events_stored: stored,
      failed_requests: load.failures,
      seconds: Number(load.elapsedS.toFixed(1)),
      connections,
      batch_size: batchSize,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

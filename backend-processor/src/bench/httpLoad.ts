/**
 * HTTP load for the ingest benchmark, from this process over keep-alive connections: as fast as
 * the processor answers (closed loop), or at a fixed rate (open loop: a slow answer does not slow
 * the senders, so latencies are not understated) with freshness probes.
 */
import http from 'node:http';
import { BenchBatches, benchEvent } from './events';
import { BENCH_KEY } from './processorProcess';

interface Answer {
  status: number;
  body: { accepted?: number; events?: unknown[] };
}

function postJson(agent: http.Agent, url: string, path: string, body: Buffer): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: hostname,
        port,
        method: 'POST',
        path,
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
          const text = Buffer.concat(chunks).toString();
          resolve({
            status: response.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Answer['body']) : {},
          });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export interface ClosedLoopResult {
  accepted: number;
  failures: number;
  elapsedS: number;
  /** The next unused event number of the run. */
  next: number;
}

/** `connections` senders, each posting its next batch when the previous one is answered. */
export async function closedLoop(
  url: string,
  options: { runId: string; first: number; seconds: number; connections: number; batchSize: number },
): Promise<ClosedLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const batches = new BenchBatches(options.runId, options.batchSize);
  let next = options.first;
  let accepted = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) {
        const first = next;
        next += options.batchSize;
        const answer = await postJson(agent, url, '/api/v1/events', batches.batch(first));
        if (answer.status === 200) accepted += answer.body.accepted ?? 0;
        else failures++;
      }
    }),
  );
  agent.destroy();
  return { accepted, failures, elapsedS: (performance.now() - started) / 1000, next };
}

export interface OpenLoopResult {
  /** Time from sending a batch to its acknowledgement, ms. */
  ackMs: number[];
  /** Time from sending an event to finding it with the events search, ms. */
  freshnessMs: number[];
  accepted: number;
  failures: number;
  next: number;
}

/**
 * Batches sent at `eventsPerS` whatever the answers, for `seconds`; every `probeEveryMs` one more
 * event whose arrival in the query API is polled for.
 */
export async function openLoop(
  url: string,
  options: {
    runId: string;
    first: number;
    seconds: number;
    eventsPerS: number;
    batchSize: number;
    probeEveryMs: number;
  },
): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const batches = new BenchBatches(options.runId, options.batchSize);
  const result: OpenLoopResult = {
    ackMs: [],
    freshnessMs: [],
    accepted: 0,
    failures: 0,
    next: options.first,
  };
  const inFlight: Array<Promise<void>> = [];
  const intervalMs = (options.batchSize / options.eventsPerS) * 1000;
  const started = performance.now();
  const end = started + options.seconds * 1000;

  const sendBatch = async () => {
    const first = result.next;
    result.next += options.batchSize;
    const sent = performance.now();
    const answer = await postJson(agent, url, '/api/v1/events', batches.batch(first));
    if (answer.status === 200) {
      result.ackMs.push(performance.now() - sent);
      result.accepted += answer.body.accepted ?? 0;
    } else {
      result.failures++;
    }
  };

  const probe = async (n: number) => {
    const sent = performance.now();
    const time = Date.now();
    const body = Buffer.from(`[${benchEvent(options.runId, n, time)}]`);
    const answer = await postJson(agent, url, '/api/v1/events', body);
    if (answer.status !== 200) return void result.failures++;
    const search = Buffer.from(
      JSON.stringify({
        from: time - 1000,
        to: time + 60_000,
        text: `${options.runId}-req-${n}`,
        textFields: ['request_id'],
        limit: 1,
      }),
    );
    for (;;) {
      const found = await postJson(agent, url, '/api/v1/query/events', search);
      if ((found.body.events?.length ?? 0) > 0) return void result.freshnessMs.push(performance.now() - sent);
      if (performance.now() - sent > 30_000) return void result.failures++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  let nextBatchAt = started;
  let nextProbeAt = started;
  while (performance.now() < end) {
    const now = performance.now();
    if (now >= nextBatchAt) {
      inFlight.push(sendBatch());
      nextBatchAt += intervalMs;
    }
    if (now >= nextProbeAt) {
      inFlight.push(probe(result.next++));
      nextProbeAt += options.probeEveryMs;
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, Math.min(nextBatchAt, nextProbeAt) - performance.now())),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  return result;
}

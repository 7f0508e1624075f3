/**
 * A generated, deterministic data set for query tests: LLM calls spread evenly over a time span,
 * from several tenants, models and routes, with per-model lognormal latencies (and a slow tail),
 * time to first token, throughput, and token usage events priced by the processor.
 */
import http from 'node:http';
import { ADMIN_KEY } from '../support/processor';
import { Rng } from '../../src/demo/random';

export const TENANTS = ['acme', 'globex', 'initech'] as const;
export const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'gemini-2.0-flash'] as const;
export const ROUTES = ['chat', 'search', 'summarize'] as const;
export const REGIONS = ['eu', 'us'] as const;

/** Median latency (ms) per model; the spread is lognormal with σ 0.45, 2 % of calls 4× slower. */
const MEDIAN_MS = [900, 350, 1200, 450];

export interface DatasetOptions {
  /** Prefix of the event ids, so two data sets never collide. */
  run: string;
  count: number;
  /** Events are spread evenly over [start, end). */
  start: number;
  end: number;
  seed?: number;
}

/** The events i in [from, to) of the data set, each as one JSON text (nested envelope). */
export function datasetSlice(options: DatasetOptions, from: number, to: number): string[] {
  const step = (options.end - options.start) / options.count;
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    // Seeded per event, so any slice is the same whichever way the set is cut.
    const rng = new Rng(`${options.seed ?? 1}:${i}`);
    const next = () => rng.next();
    const time = Math.floor(options.start + (i + next()) * step);
    const tenant = TENANTS[next() < 0.5 ? 0 : next() < 0.6 ? 1 : 2];
    const m = Math.floor(next() * MODELS.length);
    const route = ROUTES[Math.floor(next() * ROUTES.length)];
    const region = REGIONS[next() < 0.6 ? 0 : 1];
    const common =
      `"common":{"event_id":"${options.run}-${i}","timestamp":"${new Date(time).toISOString()}",` +
      `"source_module":"llm-observatory","event_type":"telemetry","severity":"info","environment":"prod",` +
      `"tags":{"tenant_id":"${tenant}","route":"${route}","region":"${region}"}}`;
    if (next() < 0.85) {
      const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      const slow = next() < 0.02 ? 4 : 1;
      const latency = Math.round(MEDIAN_MS[m]! * Math.exp(0.45 * normal) * slow * 1000) / 1000;
      const ttft = Math.round(latency * (0.15 + 0.2 * next()) * 1000) / 1000;
      const tps = Math.round((20 + 80 * next()) * 100) / 100;
      out.push(
        `{${common},"payload":{"type":"latency","model_id":"${MODELS[m]}","request_id":"r-${options.run}-${i}",` +
          `"total_latency_ms":${latency},"ttft_ms":${ttft},"tokens_per_second":${tps}}}`,
      );
    } else {
      const prompt = 50 + Math.floor(next() * 2000);
      const completion = 10 + Math.floor(next() * 800);
      out.push(
        `{${common},"payload":{"type":"token_usage","model_id":"${MODELS[m]}","request_id":"r-${options.run}-${i}",` +
          `"prompt_tokens":${prompt},"completion_tokens":${completion},"total_tokens":${prompt + completion}}}`,
      );
    }
  }
  return out;
}

/** POSTs a JSON array body to /api/v1/events over a keep-alive agent; resolves with the answer. */
function post(agent: http.Agent, url: URL, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/v1/events',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${ADMIN_KEY}`,
          'content-length': body.length,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Sends events [from, to) of the data set in batches of `batchSize`, `parallel` requests at a
 * time; throws on any answer but 200 or any rejected item.
 */
export async function sendDataset(
  baseUrl: string,
  options: DatasetOptions,
  range: { from?: number; to?: number; batchSize?: number; parallel?: number } = {},
): Promise<void> {
  const url = new URL(baseUrl);
  const from = range.from ?? 0;
  const to = range.to ?? options.count;
  const batchSize = range.batchSize ?? 5_000;
  const parallel = range.parallel ?? 3;
  const agent = new http.Agent({ keepAlive: true, maxSockets: parallel });
  let next = from;
  try {
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < to) {
          const start = next;
          next = Math.min(to, next + batchSize);
          const body = Buffer.from(`[${datasetSlice(options, start, next).join(',')}]`);
          const answer = await post(agent, url, body);
          const parsed = answer.status === 200 ? (JSON.parse(answer.text) as { rejected: number }) : null;
          if (!parsed || parsed.rejected > 0)
            throw new Error(`batch at ${start}: ${answer.status} ${answer.text.slice(0, 500)}`);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
}

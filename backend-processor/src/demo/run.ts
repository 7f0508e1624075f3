/**
 * `runDemo`: drives a demo generator against a sender. First the backfill (history with past
 * timestamps, sent as fast as the processor takes it, so dashboards have data at once), then live
 * traffic in real time until the duration ends or the signal aborts.
 */
import { DEFAULT_TENANTS } from './catalog';
import { createDemoGenerator } from './generator';
import { resolveIncident, type IncidentSpec } from './incidents';
import {
  createHttpSender,
  createKafkaSender,
  sleep,
  type Log,
  type Sender,
  type SenderStats,
} from './senders';
import type { Seed } from './random';

export interface DemoOptions {
  /** Default `http`. */
  target?: 'http' | 'kafka';
  /** Processor base URL for `http`. Default `http://127.0.0.1:8080`. */
  url?: string;
  /** API key for `http` (`Authorization: Bearer`). Default: env HUB_API_KEY; none when unset. */
  apiKey?: string;
  /** Kafka bootstrap brokers for `kafka`. Default `['127.0.0.1:9092']`. */
  brokers?: readonly string[];
  /** Kafka topic. Default `llm-events`. */
  topic?: string;
  /** Average wire events per second over a day. Default 20. */
  rate?: number;
  /** Length of the live phase in ms; runs until aborted when absent. */
  durationMs?: number;
  /** Default: random, and logged so that a run can be replayed. */
  seed?: Seed;
  /** History to send first, in ms before now. Default 0. */
  backfillMs?: number;
  /** Offsets (`at: {offsetMs}`) count from the start of live traffic, so negative ones land in the backfill. */
  incidents?: readonly IncidentSpec[];
  /** Default acme, globex, initech. */
  tenants?: readonly string[];
  /** Hub events per HTTP batch. Default 500. */
  batchSize?: number;
  /** How often live traffic is generated and sent. Default 1000 ms. */
  tickMs?: number;
  /** Progress and problems. Default: stderr. */
  log?: Log;
}

export interface DemoRunContext {
  signal?: AbortSignal;
  /** Overrides the sender built from `target` (tests, or embedding with another transport). */
  sender?: Sender;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
  /** Called once the backfill is sent, as live traffic begins. */
  onLive?: () => void;
}

export interface DemoSummary extends SenderStats {
  seed: Seed;
  /** Events generated (backfill + live). */
  generated: number;
  startTime: number;
  endTime: number;
}

/** Simulated time generated per backfill step. */
const BACKFILL_STEP_MS = 60_000;
const DEFAULT_BATCH_SIZE = 500;

export async function runDemo(options: DemoOptions = {}, context: DemoRunContext = {}): Promise<DemoSummary> {
  const log = options.log ?? ((line: string) => console.error(line));
  const now = context.now ?? Date.now;
  const signal = context.signal;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const tickMs = options.tickMs ?? 1000;
  const backfillMs = options.backfillMs ?? 0;
  const liveStart = now();
  const startTime = liveStart - backfillMs;

  const generator = createDemoGenerator({
    seed,
    startTime,
    tenants: options.tenants ?? DEFAULT_TENANTS,
    rate: options.rate ?? 20,
    incidents: (options.incidents ?? []).map((spec) => resolveIncident(spec, liveStart)),
  });
  const sender = context.sender ?? createSender(options, log);
  let generated = 0;
  const deliver = async (events: ReturnType<typeof generator.next>) => {
    generated += events.length;
    await sender.send(events, signal);
  };

  log(
    `llm-hub-demo: seed ${seed} (pass --seed ${seed} to replay), ${options.rate ?? 20} events/s to ` +
      (options.target === 'kafka'
        ? `kafka ${(options.brokers ?? ['127.0.0.1:9092']).join(',')} topic ${options.topic ?? 'llm-events'}`
        : (options.url ?? 'http://127.0.0.1:8080')),
  );
  try {
    if (backfillMs > 0) {
      const began = now();
      // Steps of simulated time gathered into full batches: at a low rate a step holds only a
      // few events, and each request costs a transaction.
      const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
      let pending: ReturnType<typeof generator.next> = [];
      for (let t = startTime + BACKFILL_STEP_MS; !signal?.aborted; t += BACKFILL_STEP_MS) {
        pending = pending.concat(generator.next(Math.min(t, liveStart)));
        if (pending.length >= batchSize || t >= liveStart) {
          await deliver(pending);
          pending = [];
        }
        if (t >= liveStart) break;
      }
      log(`backfill: ${generated} events over ${formatMs(backfillMs)} sent in ${formatMs(now() - began)}`);
    }

    context.onLive?.();
    const end = options.durationMs === undefined ? Infinity : liveStart + options.durationMs;
    let lastReport = now();
    while (!signal?.aborted && generator.cursor < end) {
      const wake = Math.min(generator.cursor + tickMs, end);
      if (wake > now()) await sleep(wake - now(), signal).catch(() => undefined);
      if (signal?.aborted) break;
      await deliver(generator.next(Math.min(now(), end)));
      if (now() - lastReport >= 60_000) {
        lastReport = now();
        const s = sender.stats;
        log(
          `live: ${generated} generated, ${s.accepted} accepted, ${s.rejected} rejected, ${s.failed} failed`,
        );
      }
    }
  } catch (error) {
    // Aborting cancels in-flight requests; that is the normal way to stop, not a failure.
    if (!signal?.aborted) throw error;
  } finally {
    await sender.close();
  }
  const s = sender.stats;
  log(
    `done: ${generated} events generated, ${s.accepted} accepted, ${s.rejected} rejected, ${s.failed} failed`,
  );
  return { ...s, seed, generated, startTime, endTime: generator.cursor };
}

function createSender(options: DemoOptions, log: Log): Sender {
  if (options.target === 'kafka') {
    return createKafkaSender({
      brokers: options.brokers ?? ['127.0.0.1:9092'],
      topic: options.topic ?? 'llm-events',
      log,
    });
  }
  return createHttpSender({
    url: options.url ?? 'http://127.0.0.1:8080',
    apiKey: options.apiKey ?? process.env.HUB_API_KEY,
    batchSize: options.batchSize,
    log,
  });
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

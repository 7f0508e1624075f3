/**
 * Delivery of generated events to a running processor: over HTTP (the ingest API and the
 * StreamLens pair endpoints) or to a Kafka topic.
 */
import { Kafka, Partitioners, logLevel, type Producer } from 'kafkajs';
import type { HubWire, LlmRequestWire, LlmResponseWire, WireEvent } from './wire';

export interface SenderStats {
  /** Events handed to the transport and answered (accepted or rejected). */
  sent: number;
  accepted: number;
  rejected: number;
  /** Retries after 429/503 or a network error. */
  retries: number;
  /** Events given up on after the last retry. */
  failed: number;
}

export interface Sender {
  /** Sends the events; resolves when each has been answered or given up on. */
  send(events: readonly WireEvent[], signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
  readonly stats: SenderStats;
}

export type Log = (line: string) => void;

/** A refusal no retry can fix (bad API key): the demo stops instead of logging it for every batch. */
export class FatalSendError extends Error {}

export interface HttpSenderOptions {
  /** Base URL of the processor, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Sent as `Authorization: Bearer <key>` when set. */
  apiKey?: string;
  /** Hub events per `POST /api/v1/events` request. Default 500. */
  batchSize?: number;
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** Retries of one request after 429/503 or a network error. Default 6. */
  maxRetries?: number;
  /** First backoff delay when the answer has no Retry-After; doubles per retry. Default 250 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  log?: Log;
}

/** The ingest answer: how many items were taken, and why the others were not. */
interface IngestAnswer {
  accepted?: number;
  rejected?: number;
  errors?: { index?: number; path?: string; reason?: string }[];
}

const RETRY_STATUSES = new Set([429, 503]);
/** Rejections logged per answer; the rest are counted only, so one bad batch cannot flood the log. */
const MAX_LOGGED_REJECTIONS = 5;

export function createHttpSender(options: HttpSenderOptions): Sender {
  const base = options.url.replace(/\/+$/, '');
  const batchSize = options.batchSize ?? 500;
  const concurrency = options.concurrency ?? 8;
  const maxRetries = options.maxRetries ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const log = options.log ?? ((line: string) => console.error(line));
  const stats: SenderStats = { sent: 0, accepted: 0, rejected: 0, retries: 0, failed: 0 };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  /** POSTs one body, retrying on 429/503 and network errors; returns the parsed answer or null when given up. */
  async function post(
    path: string,
    body: unknown,
    count: number,
    signal?: AbortSignal,
  ): Promise<IngestAnswer | null> {
    for (let attempt = 0; ; attempt++) {
      let wait: number | null = null;
      let problem: string;
      try {
        const timeout = AbortSignal.timeout(timeoutMs);
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        const text = await res.text();
        if (res.ok || !RETRY_STATUSES.has(res.status)) {
          if (res.status === 401 || res.status === 403) {
            throw new FatalSendError(
              `${path}: the processor refused the API key (HTTP ${res.status}); pass --key or set HUB_API_KEY`,
            );
          }
          const answer = parseAnswer(text);
          if (!res.ok && !answer?.errors) log(`${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
          return answer ?? (res.ok ? { accepted: count, rejected: 0 } : { accepted: 0, rejected: count });
        }
        wait = retryAfterMs(res.headers.get('retry-after'));
        problem = `HTTP ${res.status}`;
      } catch (error) {
        if (error instanceof FatalSendError || signal?.aborted) throw error;
        problem =
          error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error);
      }
      if (attempt >= maxRetries) {
        log(`${path}: giving up on ${count} event(s) after ${attempt + 1} attempts (${problem})`);
        return null;
      }
      stats.retries++;
      // Without Retry-After: exponential backoff with jitter, so many senders do not retry in step.
      const delay = wait ?? Math.min(maxDelayMs, baseDelayMs * 2 ** attempt) * (0.5 + Math.random() / 2);
      await sleep(delay, signal);
    }
  }

  /** Counts an answer and logs its rejections, naming the event kind so a schema mismatch is easy to see. */
  function record(path: string, answer: IngestAnswer | null, items: readonly WireEvent[]): void {
    if (answer === null) {
      stats.failed += items.length;
      return;
    }
    const errors = answer.errors ?? [];
    const rejected = answer.rejected ?? errors.length;
    stats.sent += items.length;
    stats.rejected += rejected;
    stats.accepted += answer.accepted ?? items.length - rejected;
    for (const e of errors.slice(0, MAX_LOGGED_REJECTIONS)) {
      const item = items[e.index ?? 0];
      log(
        `${path}: rejected ${item ? describe(item) : `item ${e.index}`}: ${e.path || '(item)'} ${e.reason ?? ''}`,
      );
    }
    if (errors.length > MAX_LOGGED_REJECTIONS)
      log(`${path}: … and ${errors.length - MAX_LOGGED_REJECTIONS} more rejections`);
  }

  return {
    stats,
    async send(events, signal) {
      const hub = events.filter((e): e is HubWire => e.channel === 'hub');
      const requests = events.filter((e): e is LlmRequestWire => e.channel === 'llm-request');
      const responses = events.filter((e): e is LlmResponseWire => e.channel === 'llm-response');

      // Every endpoint takes a JSON array, so pair halves travel in batches like hub events.
      const inBatches = (path: string, items: readonly WireEvent[]) => {
        const tasks: Array<() => Promise<void>> = [];
        for (let i = 0; i < items.length; i += batchSize) {
          const batch = items.slice(i, i + batchSize);
          tasks.push(async () =>
            record(
              path,
              await post(
                path,
                batch.map((e) => e.body),
                batch.length,
                signal,
              ),
              batch,
            ),
          );
        }
        return tasks;
      };

      // Responses are only sent once every request of this call was answered: the processor then
      // never sees a response before its request. (Requests of earlier calls were answered already.)
      await runLimited(
        [...inBatches('/api/v1/events', hub), ...inBatches('/v1/llm/request', requests)],
        concurrency,
      );
      await runLimited(inBatches('/v1/llm/response', responses), concurrency);
    },
    async close() {},
  };
}

export interface KafkaSenderOptions {
  brokers: readonly string[];
  topic: string;
  clientId?: string;
  /** Messages per produce request. Default 1000. */
  batchSize?: number;
  log?: Log;
  /** For tests: a ready Kafka client instead of one built from `brokers`. */
  kafka?: Pick<Kafka, 'producer'>;
}

/**
 * Kafka: every body as one JSON message on `topic`, keyed by tenant. One tenant's events land in
 * one partition in order, so a pair's response still follows its request.
 */
export function createKafkaSender(options: KafkaSenderOptions): Sender {
  const log = options.log ?? ((line: string) => console.error(line));
  const batchSize = options.batchSize ?? 1000;
  const kafka =
    options.kafka ??
    new Kafka({
      clientId: options.clientId ?? 'llm-hub-demo',
      brokers: [...options.brokers],
      logLevel: logLevel.WARN,
      logCreator: () => (entry) => log(`kafka: ${entry.log.message}`),
    });
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const stats: SenderStats = { sent: 0, accepted: 0, rejected: 0, retries: 0, failed: 0 };
  let connected: Promise<void> | null = null;

  return {
    stats,
    async send(events) {
      if (events.length === 0) return;
      connected ??= producer.connect();
      await connected;
      for (let i = 0; i < events.length; i += batchSize) {
        const chunk = events.slice(i, i + batchSize);
        // kafkajs retries transient broker errors itself; what still fails is counted, not fatal.
        try {
          await producer.send({
            topic: options.topic,
            messages: chunk.map((e) => ({ key: e.tenant, value: JSON.stringify(e.body) })),
          });
          stats.sent += chunk.length;
          // Kafka gives no per-event verdict: rejections go to the processor's DLQ topic.
          stats.accepted += chunk.length;
        } catch (error) {
          stats.failed += chunk.length;
          log(
            `kafka: could not produce ${chunk.length} event(s): ${error instanceof Error ? error.message : error}`,
          );
        }
      }
    },
    async close() {
      if (connected) await producer.disconnect();
    },
  };
}

function describe(event: WireEvent): string {
  if (event.channel === 'hub') return `${event.kind} (${event.envelope}) ${event.eventId}`;
  return `${event.channel} ${event.body.request_id}`;
}

function parseAnswer(text: string): IngestAnswer | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as IngestAnswer)
      : null;
  } catch {
    return null;
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs tasks with at most `limit` in flight; rejects with the first failure after all settled. */
async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < tasks.length && failure === null) {
      const task = tasks[next++];
      try {
        await task?.();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}

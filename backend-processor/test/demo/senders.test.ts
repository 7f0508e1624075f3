/**
 * The senders against a local node:http server (HTTP) and a stand-in kafkajs client (Kafka): no
 * other network. The server records what arrives, in order, and answers as the test scripts it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Partitioners } from 'kafkajs';
import { createDemoGenerator } from '../../src/demo/generator';
import { FatalSendError, createHttpSender, createKafkaSender, retryAfterMs } from '../../src/demo/senders';
import { runDemo } from '../../src/demo/run';
import type { WireEvent } from '../../src/demo/wire';
import { MINUTE, T0 } from './helpers';

interface Received {
  path: string;
  authorization: string | undefined;
  body: unknown;
  /** When the request arrived and when its answer was sent, ms since the test server started. */
  arrived: number;
  answered: number;
}

type Answer = { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number };

let server: Server;
let url: string;
let received: Received[];
let answer: (path: string, body: unknown, attempt: number) => Answer;
const started = Date.now();

beforeEach(async () => {
  received = [];
  answer = (_path, body) => ({
    status: 200,
    body: { accepted: Array.isArray(body) ? body.length : 1, rejected: 0, errors: [] },
  });
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const arrived = Date.now() - started;
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const path = req.url ?? '';
      const a = answer(path, body, received.filter((r) => r.path === path).length);
      const entry: Received = {
        path,
        authorization: req.headers.authorization,
        body,
        arrived,
        answered: NaN,
      };
      received.push(entry);
      setTimeout(() => {
        entry.answered = Date.now() - started;
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(JSON.stringify(a.body ?? {}));
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function sample(minutes: number): WireEvent[] {
  return createDemoGenerator({ seed: 'senders', startTime: T0, rate: 20 }).next(T0 + minutes * MINUTE);
}

describe('HTTP sender', () => {
  it('batches hub events and pair halves, and sends the API key', async () => {
    const events = sample(3);
    const hub = events.filter((e) => e.channel === 'hub');
    const pairs = events.filter((e) => e.channel !== 'hub');
    const sender = createHttpSender({ url, apiKey: 'secret-key', batchSize: 500, log: () => {} });
    await sender.send(events);

    // Batches go out concurrently, so they may arrive in any order.
    const batches = received.filter((r) => r.path === '/api/v1/events');
    expect(batches.map((b) => (b.body as unknown[]).length).sort((a, b) => b - a)).toEqual(
      Array.from({ length: Math.ceil(hub.length / 500) }, (_, i) => Math.min(500, hub.length - i * 500)),
    );
    const byId = new Map(hub.map((e) => [e.channel === 'hub' ? e.eventId : '', e.body]));
    const posted = batches.flatMap((b) => b.body as Record<string, unknown>[]);
    expect(posted).toHaveLength(hub.length);
    for (const body of posted) {
      const id = (body.event_id ?? (body.common as { event_id: string }).event_id) as string;
      expect(body).toEqual(byId.get(id));
    }
    const halves = received.filter((r) => r.path.startsWith('/v1/llm/')).flatMap((r) => r.body as unknown[]);
    expect(halves).toHaveLength(pairs.length);
    expect(new Set(received.map((r) => r.authorization))).toEqual(new Set(['Bearer secret-key']));
    expect(sender.stats).toMatchObject({
      sent: events.length,
      accepted: events.length,
      rejected: 0,
      failed: 0,
    });
  });

  it('sends no Authorization header without a key', async () => {
    await createHttpSender({ url, log: () => {} }).send(sample(0.2));
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('posts a response only after its request was answered, even when requests are slow', async () => {
    // Requests answer after a random delay: with naive concurrency a response would overtake them.
    answer = (path, body) => ({
      status: 202,
      body: { accepted: (body as unknown[]).length, rejected: 0 },
      delayMs: path === '/v1/llm/request' ? Math.random() * 30 : 0,
    });
    const sender = createHttpSender({ url, concurrency: 8, log: () => {} });
    // Live-like ticks of one second: most pairs start and end within the same tick or the next.
    const gen = createDemoGenerator({ seed: 'pairs', startTime: T0, rate: 40 });
    for (let t = T0 + 1000; t <= T0 + 20_000; t += 1000) await sender.send(gen.next(t));

    const requestAnswered = new Map<string, number>();
    let responses = 0;
    for (const r of received) {
      for (const half of r.body as Array<{ request_id: string }>) {
        if (r.path === '/v1/llm/request') requestAnswered.set(half.request_id, r.answered);
        if (r.path === '/v1/llm/response') {
          responses++;
          expect(requestAnswered.get(half.request_id)).toBeLessThanOrEqual(r.arrived);
        }
      }
    }
    expect(responses).toBeGreaterThan(50);
  });

  it('retries 429 after the Retry-After delay, then delivers', async () => {
    answer = (path, body, attempt) =>
      attempt === 0
        ? { status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow down' } }
        : { status: 200, body: { accepted: (body as unknown[]).length, rejected: 0, errors: [] } };
    const hub = sample(0.2).filter((e) => e.channel === 'hub');
    const sender = createHttpSender({ url, baseDelayMs: 5, log: () => {} });
    await sender.send(hub);
    const [first, second] = received;
    expect(received).toHaveLength(2);
    expect(second!.body).toEqual(first!.body);
    expect(second!.arrived - first!.answered).toBeGreaterThanOrEqual(950);
    expect(sender.stats).toMatchObject({ retries: 1, accepted: hub.length, failed: 0 });
  });

  it('backs off on 503 without Retry-After and gives up after maxRetries', async () => {
    answer = () => ({ status: 503, body: { error: 'not ready' } });
    const logs: string[] = [];
    const hub = sample(0.1).filter((e) => e.channel === 'hub');
    const sender = createHttpSender({ url, maxRetries: 3, baseDelayMs: 20, log: (l) => logs.push(l) });
    await sender.send(hub);
    expect(received).toHaveLength(4);
    const gaps = received.slice(1).map((r, i) => r.arrived - received[i]!.answered);
    // Exponential: 20, 40, 80 ms, each with up to 50 % jitter below.
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    expect(sender.stats).toMatchObject({ retries: 3, failed: hub.length, accepted: 0 });
    expect(logs.join('\n')).toMatch(/giving up on \d+ event\(s\) after 4 attempts \(HTTP 503\)/);
  });

  it('logs rejections with the kind and id of the refused event', async () => {
    answer = (path, body) =>
      path === '/api/v1/events'
        ? {
            status: 200,
            body: {
              accepted: (body as unknown[]).length - 1,
              rejected: 1,
              errors: [{ index: 2, path: '/payload/data/total_cost_usd', reason: 'must be a number' }],
            },
          }
        : { status: 200, body: { accepted: 1, rejected: 0, errors: [] } };
    const hub = sample(0.1).filter((e) => e.channel === 'hub');
    const logs: string[] = [];
    const sender = createHttpSender({ url, log: (l) => logs.push(l) });
    await sender.send(hub);
    const third = hub[2]!;
    expect(third.channel).toBe('hub');
    expect(logs).toEqual([
      `/api/v1/events: rejected ${third.channel === 'hub' ? `${third.kind} (${third.envelope}) ${third.eventId}` : ''}: /payload/data/total_cost_usd must be a number`,
    ]);
    expect(sender.stats).toMatchObject({ rejected: 1, accepted: hub.length - 1 });
  });

  it('stops on a refused API key instead of retrying', async () => {
    answer = () => ({ status: 401, body: { error: 'unauthorized' } });
    const sender = createHttpSender({ url, apiKey: 'wrong', log: () => {} });
    await expect(sender.send(sample(0.1))).rejects.toThrow(FatalSendError);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-20T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Mon, 20 Jan 2025 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});

describe('Kafka sender', () => {
  it('produces each body as JSON keyed by tenant with the default partitioner', async () => {
    const produced: { topic: string; messages: { key?: string | null; value: string | null }[] }[] = [];
    let producerConfig: unknown;
    let connects = 0;
    let disconnected = false;
    const kafka = {
      producer: (config: unknown) => {
        producerConfig = config;
        return {
          connect: async () => void connects++,
          send: async (record: (typeof produced)[number]) => void produced.push(record),
          disconnect: async () => void (disconnected = true),
        };
      },
    } as unknown as Parameters<typeof createKafkaSender>[0]['kafka'];
    const events = sample(2).slice(0, 1500);
    const sender = createKafkaSender({ brokers: ['x:9092'], topic: 'llm-events', batchSize: 400, kafka });
    await sender.send(events.slice(0, 700));
    await sender.send(events.slice(700));
    await sender.close();

    expect(producerConfig).toEqual({ createPartitioner: Partitioners.DefaultPartitioner });
    expect(connects).toBe(1);
    expect(disconnected).toBe(true);
    expect(produced.map((p) => p.messages.length)).toEqual([400, 300, 400, 400]);
    const messages = produced.flatMap((p) => p.messages);
    expect(new Set(produced.map((p) => p.topic))).toEqual(new Set(['llm-events']));
    expect(messages.map((m) => m.key)).toEqual(events.map((e) => e.tenant));
    expect(messages.map((m) => JSON.parse(m.value ?? ''))).toEqual(events.map((e) => e.body));
    expect(sender.stats).toMatchObject({ sent: events.length, failed: 0 });
  });
});

describe('runDemo', () => {
  it('backfills history with past timestamps, then sends live traffic until the duration ends', async () => {
    const logs: string[] = [];
    const summary = await runDemo(
      {
        url,
        seed: 'run',
        rate: 20,
        backfillMs: 10 * MINUTE,
        durationMs: 1500,
        tickMs: 250,
        incidents: [
          // Attacks arrive at random, one per 15 s on average: over 3 minutes, none at all has a
          // chance of e^-12 (over 1 minute it was e^-4, 2 %, and the test failed now and then).
          { kind: 'threat-chain', tenant: 'acme', at: { offsetMs: -6 * MINUTE }, durationMs: 3 * MINUTE },
        ],
        log: (l) => logs.push(l),
      },
      {},
    );
    const liveStart = summary.startTime + 10 * MINUTE;
    const times = received
      .flatMap((r) => (Array.isArray(r.body) ? r.body : [r.body]))
      .map((b) => {
        const body = b as { timestamp?: string; common?: { timestamp: string } };
        return Date.parse(body.timestamp ?? body.common?.timestamp ?? '');
      });
    expect(times.length).toBe(summary.generated);
    expect(Math.min(...times)).toBeLessThan(liveStart - 9 * MINUTE);
    expect(Math.max(...times)).toBeGreaterThan(liveStart + 500);
    expect(Math.max(...times)).toBeLessThanOrEqual(liveStart + 1500);
    expect(summary).toMatchObject({ seed: 'run', accepted: summary.generated, failed: 0, rejected: 0 });
    // The threat chain placed 6 minutes into the past by a negative offset shows up in the backfill.
    const attacks = received
      .flatMap((r) => (Array.isArray(r.body) ? r.body : []))
      .filter((b) => JSON.stringify(b).includes('"source_ip":"203.0.113.'));
    expect(attacks.length).toBeGreaterThan(0);
    expect(logs.some((l) => l.startsWith('backfill: '))).toBe(true);
  });

  it('stops promptly when its signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const began = Date.now();
    const summary = await runDemo({ url, seed: 1, log: () => {} }, { signal: controller.signal });
    expect(Date.now() - began).toBeLessThan(3000);
    expect(summary.generated).toBeGreaterThanOrEqual(0);
  });
});

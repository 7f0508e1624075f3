import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type KafkaMessage,
  type Message,
  type Producer,
} from 'kafkajs';

import type { Rejection } from '../../src/events/model';
import type { IngestContext, IngestOutcome, Ingestor } from '../../src/ingest/ingestor';
import { KafkaIngest, type KafkaBatchStats, type KafkaIngestOptions } from '../../src/ingest/kafka/consumer';
import { decodeValue } from '../../src/ingest/kafka/records';
import { createTestTopic, requireKafka } from '../support/kafka';

/**
 * KafkaIngest against a real broker (scripts/services/kafka.sh). The ingestor here is a stand-in
 * that decodes values, records items and refuses some by a rule: the pipeline behind the seam has its own tests.
 */

interface Item {
  id: string;
  reject?: boolean;
  twoFaults?: boolean;
}

/** Records every item it is given; refuses items with `reject` (and reports two faults for `twoFaults`). */
class RecordingIngestor implements Ingestor {
  readonly seen = new Map<string, number>();
  readonly calls: string[][] = [];
  readonly contexts: IngestContext[] = [];
  /** Throws on these call numbers (1-based) before recording anything, like a database that is down. */
  constructor(private readonly failOnCalls: ReadonlySet<number> = new Set()) {}

  async ingest(values: readonly (Uint8Array | null)[], context: IngestContext): Promise<IngestOutcome> {
    const decoded = values.map((value) => decodeValue(value && Buffer.from(value)));
    const ids = decoded.map((d) => (d.ok ? (d.item as Item).id : '(undecodable)'));
    this.calls.push(ids);
    this.contexts.push(context);
    if (this.failOnCalls.has(this.calls.length)) throw new Error('connection refused (test)');
    const rejected: Rejection[] = [];
    decoded.forEach((d, index) => {
      if (!d.ok) {
        rejected.push({ index, path: '', reason: d.reason, code: 'unparseable' });
        return;
      }
      const item = d.item as Item;
      this.seen.set(item.id, (this.seen.get(item.id) ?? 0) + 1);
      if (item.reject) {
        rejected.push({ index, path: '/reject', reason: 'refused by the test rule', code: 'invalid_field' });
        if (item.twoFaults)
          rejected.push({ index, path: '/id', reason: 'second fault', code: 'invalid_field' });
      }
    });
    const refused = new Set(rejected.map((r) => r.index)).size;
    return { accepted: values.length - refused, duplicates: 0, rejected };
  }
}

const silent = { info: () => {}, warn: () => {}, error: () => {} };

let brokers: string[];
let kafka: Kafka;
let producer: Producer;
let admin: Admin;
const running: KafkaIngest[] = [];

beforeAll(async () => {
  brokers = await requireKafka();
  kafka = new Kafka({ brokers, clientId: 'kafka-ingest-test', logLevel: logLevel.NOTHING });
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});

afterAll(async () => {
  await Promise.all([producer?.disconnect(), admin?.disconnect()]);
});

function ingest(
  options: Omit<KafkaIngestOptions, 'brokers' | 'logger'> & Partial<KafkaIngestOptions>,
): KafkaIngest {
  const consumer = new KafkaIngest({ brokers, logger: silent, ...options });
  running.push(consumer);
  return consumer;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sends to explicit partitions, in order, and returns each message's (partition, offset). */
class PartitionedSender {
  private readonly next = new Map<number, number>();
  constructor(
    private readonly topic: string,
    private readonly partitions: number,
  ) {}

  async send(messages: Message[]): Promise<Array<{ partition: number; offset: number }>> {
    const placed = messages.map((m, i) => {
      const partition = i % this.partitions;
      const offset = this.next.get(partition) ?? 0;
      this.next.set(partition, offset + 1);
      return { message: { ...m, partition }, partition, offset };
    });
    // One send: one produce request, so each partition keeps the order (fresh topic: offsets from 0).
    await producer.send({ topic: this.topic, acks: -1, messages: placed.map((p) => p.message) });
    return placed.map(({ partition, offset }) => ({ partition, offset }));
  }
}

async function committedEqualsEnd(groupId: string, topic: string): Promise<void> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  const byPartition = new Map(committed!.partitions.map((p) => [p.partition, p.offset]));
  for (const end of ends)
    expect({ partition: end.partition, committed: byPartition.get(end.partition) }).toEqual({
      partition: end.partition,
      committed: end.high,
    });
}

async function readAll(topic: string, count: number): Promise<KafkaMessage[]> {
  const messages: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await waitFor(`${count} messages on ${topic}`, () => messages.length >= count);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

const header = (m: KafkaMessage, name: string): string | undefined => m.headers?.[name]?.toString();
const sum = (stats: KafkaBatchStats[], key: keyof KafkaBatchStats): number =>
  stats.reduce((total, s) => total + (s[key] as number), 0);

test('delivers every valid item, dead-letters the bad ones with headers, commits so a restart gets nothing old', async () => {
  const topic = await createTestTopic('kafka-ingest', 3);
  const groupId = `${topic}-group`;
  const sender = new PartitionedSender(topic, 3);

  const items: Item[] = Array.from({ length: 1000 }, (_, i) => ({
    id: `e-${i}`,
    ...(i % 97 === 0 ? { reject: true } : {}),
    ...(i === 97 ? { twoFaults: true } : {}),
  }));
  const valid = await sender.send(items.map((item) => ({ key: item.id, value: JSON.stringify(item) })));
  const bad: Message[] = [
    { key: 'bad-utf8', value: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }, // {"<invalid bytes>"}
    { key: 'bad-json', value: 'not json at all' },
    { key: 'bad-truncated', value: '{"id": "e-x", ' },
    { key: 'bad-empty', value: null },
  ];
  const badPlaced = await sender.send(bad.map((m) => ({ ...m, headers: { origin: 'test' } })));

  const ingestor = new RecordingIngestor();
  const batches: KafkaBatchStats[] = [];
  const lag = new Map<number, number>();
  const consumer = ingest({
    groupId,
    topic,
    ingestor,
    onBatch: (s) => batches.push(s),
    onLag: (_topic, partition, l) => lag.set(partition, l),
  });
  expect(consumer.isReady()).toBe(false);
  await consumer.start();
  await waitFor('the group join', () => consumer.isReady());
  await waitFor('all 1004 messages', () => sum(batches, 'messages') === 1004);

  // Every valid item reached the ingestor exactly once, as Kafka items with no bound tenant.
  expect(ingestor.seen.size).toBe(1000);
  expect([...ingestor.seen.values()].every((n) => n === 1)).toBe(true);
  expect(ingestor.contexts.every((c) => c.source === 'kafka' && c.boundTenant === null)).toBe(true);
  const refused = items.filter((i) => i.reject);
  expect(sum(batches, 'accepted')).toBe(1000 - refused.length);
  expect(sum(batches, 'rejected')).toBe(refused.length);
  expect(sum(batches, 'undecodable')).toBe(bad.length);
  expect([0, 1, 2].map((p) => lag.get(p))).toEqual([0, 0, 0]);

  await consumer.stop();
  expect(consumer.isReady()).toBe(false);
  await committedEqualsEnd(groupId, topic);

  // The dead-letter topic holds each refused item once and each undecodable message, as sent.
  const dlq = await readAll(`${topic}.dlq`, refused.length + bad.length);
  expect(dlq).toHaveLength(refused.length + bad.length);
  const byKey = new Map(dlq.map((m) => [m.key?.toString(), m]));
  for (const [i, m] of bad.entries()) {
    const dead = byKey.get(String(m.key))!;
    expect(dead).toBeDefined();
    expect(dead.value).toEqual(m.value === null ? null : Buffer.from(m.value as string | Buffer));
    expect(header(dead, 'origin')).toBe('test');
    expect(header(dead, 'x-reject-code')).toBe('unparseable');
    expect(header(dead, 'x-reject-path')).toBe('');
    expect(header(dead, 'x-source-topic')).toBe(topic);
    expect(header(dead, 'x-source-partition')).toBe(String(badPlaced[i]!.partition));
    expect(header(dead, 'x-source-offset')).toBe(String(badPlaced[i]!.offset));
  }
  expect(header(byKey.get('bad-utf8')!, 'x-reject-reason')).toMatch(/UTF-8/);
  expect(header(byKey.get('bad-json')!, 'x-reject-reason')).toMatch(/not JSON/);
  expect(header(byKey.get('bad-empty')!, 'x-reject-reason')).toMatch(/no value/);
  for (const item of refused) {
    const index = items.indexOf(item);
    const dead = byKey.get(item.id)!;
    expect(JSON.parse(dead.value!.toString())).toEqual(item);
    expect(header(dead, 'x-reject-code')).toBe('invalid_field');
    expect(header(dead, 'x-reject-path')).toBe('/reject');
    expect(header(dead, 'x-source-partition')).toBe(String(valid[index]!.partition));
    expect(header(dead, 'x-source-offset')).toBe(String(valid[index]!.offset));
  }
  expect(header(byKey.get('e-97')!, 'x-reject-reason')).toBe('refused by the test rule; /id: second fault');

  // A new member of the same group starts at the commits: it sees the new message and nothing old.
  const again = new RecordingIngestor();
  const restarted = ingest({ groupId, topic, ingestor: again });
  await restarted.start();
  await waitFor('the second group join', () => restarted.isReady());
  await producer.send({ topic, messages: [{ key: 'late', value: JSON.stringify({ id: 'late' }) }] });
  await waitFor('the late message', () => again.seen.has('late'));
  await new Promise((resolve) => setTimeout(resolve, 500)); // room for anything old to show up
  expect([...again.seen.keys()]).toEqual(['late']);
});

test('an ingestor that throws gets the same batch again: nothing lost, then committed', async () => {
  const topic = await createTestTopic('kafka-ingest-retry', 3);
  const groupId = `${topic}-group`;
  const ids = Array.from({ length: 300 }, (_, i) => `r-${i}`);
  await new PartitionedSender(topic, 3).send(ids.map((id) => ({ key: id, value: JSON.stringify({ id }) })));

  const ingestor = new RecordingIngestor(new Set([1, 2]));
  const batches: KafkaBatchStats[] = [];
  const warnings: string[] = [];
  const consumer = ingest({
    groupId,
    topic,
    ingestor,
    retry: { initialMs: 50, maxMs: 200 },
    logger: { ...silent, warn: (_fields, message) => warnings.push(message) },
    onBatch: (s) => batches.push(s),
  });
  await consumer.start();
  await waitFor('all 300 messages', () => sum(batches, 'messages') === 300);

  expect([...ingestor.seen.keys()].sort()).toEqual([...ids].sort());
  // Calls 1 and 2 failed; each failed batch came again later, whole (partitions are handled
  // concurrently, so another partition's batch may come in between).
  for (const failed of [ingestor.calls[0]!, ingestor.calls[1]!]) {
    expect(ingestor.calls.slice(2)).toContainEqual(failed);
  }
  expect(batches.reduce((retries, b) => retries + b.attempts - 1, 0)).toBe(2);
  expect(warnings).toHaveLength(2);
  await consumer.stop();
  await committedEqualsEnd(groupId, topic);
});

test('stop() lets the in-flight batch finish and commit; during an outage it leaves the batch uncommitted', async () => {
  const topic = await createTestTopic('kafka-ingest-stop', 1);
  const groupId = `${topic}-group`;
  await new PartitionedSender(topic, 1).send([{ value: JSON.stringify({ id: 's-0' }) }]);

  // A slow store: stop() is called while the batch is being ingested.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow = new RecordingIngestor();
  const slowIngest = slow.ingest.bind(slow);
  let called = false;
  slow.ingest = async (items, context) => {
    called = true;
    await gate;
    return slowIngest(items, context);
  };
  const first = ingest({ groupId, topic, ingestor: slow });
  await first.start();
  await waitFor('the ingest call', () => called);
  const stopping = first.stop();
  setTimeout(release, 300);
  await stopping;
  expect([...slow.seen.keys()]).toEqual(['s-0']);
  await committedEqualsEnd(groupId, topic);

  // A store that stays down: stop() returns without committing, and the message is read again later.
  await producer.send({ topic, messages: [{ value: JSON.stringify({ id: 's-1' }) }] });
  const down = new RecordingIngestor(new Set(Array.from({ length: 1000 }, (_, i) => i + 1)));
  const second = ingest({ groupId, topic, ingestor: down, retry: { initialMs: 100, maxMs: 100 } });
  await second.start();
  await waitFor('a failed ingest', () => down.calls.length >= 2);
  await second.stop();
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  expect(committed!.partitions[0]!.offset).toBe('1');

  const recovered = new RecordingIngestor();
  const third = ingest({ groupId, topic, ingestor: recovered });
  await third.start();
  await waitFor('the redelivered message', () => recovered.seen.has('s-1'));
  expect([...recovered.seen.keys()]).toEqual(['s-1']);
});

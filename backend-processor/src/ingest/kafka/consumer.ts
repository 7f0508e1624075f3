import {
  Kafka,
  Partitioners,
  logLevel as KafkaLogLevel,
  type Consumer,
  type EachBatchPayload,
  type LogEntry,
  type Producer,
} from 'kafkajs';

import type { IngestOutcome, Ingestor } from '../ingestor';
import { deadLetterRecord, groupRejections, type DeadLetter } from './records';

/** pino-style, so the fastify logger can be passed as is. */
export interface KafkaIngestLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface KafkaBatchStats {
  topic: string;
  partition: number;
  /** Messages in the batch. */
  messages: number;
  accepted: number;
  duplicates: number;
  /** Items the ingestor refused. */
  rejected: number;
  /** Messages that were not UTF-8 JSON. Every rejected and undecodable message went to the DLQ. */
  undecodable: number;
  /** Ingest calls for this batch: more than 1 when the store failed and the batch was retried. */
  attempts: number;
  durationMs: number;
}

export interface KafkaIngestOptions {
  brokers: string[];
  groupId: string;
  topic: string;
  ingestor: Ingestor;
  clientId?: string;
  /** Default `<topic>.dlq`. */
  dlqTopic?: string;
  /** Where a group with no committed offset starts; default true (read the whole topic). */
  fromBeginning?: boolean;
  /** kafkajs' own log level; default errors only. */
  logLevel?: KafkaLogLevel;
  logger?: KafkaIngestLogger;
  /** Backoff between ingest attempts while the store fails; default 500 ms doubling to 30 s. */
  retry?: { initialMs?: number; maxMs?: number };
  /** After each committed batch: messages behind the partition's high watermark. */
  onLag?: (topic: string, partition: number, lag: number) => void;
  onBatch?: (stats: KafkaBatchStats) => void;
}

const EMPTY_OUTCOME: IngestOutcome = { accepted: 0, duplicates: 0, rejected: [] };

const consoleLogger: KafkaIngestLogger = {
  info: () => {},
  warn: (fields, message) => console.warn(message, fields),
  error: (fields, message) => console.error(message, fields),
};

/**
 * The Kafka source (ARCHITECTURE "Data flow"): a consumer group on one topic whose messages are JSON
 * items for the `Ingestor`. At-least-once: offsets are committed only after the ingestor has stored
 * the batch and the DLQ has acknowledged its refused messages; a replay is harmless because the store
 * dedups by event id.
 */
/** Partitions whose batches are handled at the same time. */
const PARTITIONS_AT_ONCE = 4;

export class KafkaIngest {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly dlqTopic: string;
  private readonly logger: KafkaIngestLogger;
  private ready = false;
  private started = false;

  constructor(private readonly options: KafkaIngestOptions) {
    this.dlqTopic = options.dlqTopic ?? `${options.topic}.dlq`;
    this.logger = options.logger ?? consoleLogger;
    const kafka = new Kafka({
      brokers: options.brokers,
      clientId: options.clientId ?? 'llm-analytics-hub',
      logLevel: options.logLevel ?? KafkaLogLevel.ERROR,
      logCreator: () => (entry) => this.kafkaLog(entry),
    });
    // maxWaitTimeInMs: an idle fetch returns within 1 s, so stop() does not wait out the 5 s default.
    this.consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 1000 });
    this.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });

    // Ready = a member of the group with an assignment. A crash makes kafkajs restart the consumer
    // (retriable errors) or give up; either way we are not consuming until the next join.
    const { GROUP_JOIN, CRASH, STOP, DISCONNECT } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, (e) => {
      this.ready = true;
      this.logger.info(
        { groupId: e.payload.groupId, assignment: e.payload.memberAssignment },
        'kafka: joined group',
      );
    });
    this.consumer.on(CRASH, (e) => {
      this.ready = false;
      const { error, restart } = e.payload;
      this.logger.error({ err: error.message, restart }, 'kafka: consumer crashed');
    });
    this.consumer.on(STOP, () => (this.ready = false));
    this.consumer.on(DISCONNECT, () => (this.ready = false));
  }

  /** Resolves once the group is joined (or kafkajs has scheduled a restart after a failed join). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [this.options.topic],
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await this.consumer.run({
      // Batches of several partitions in flight at once share database transactions (group commit).
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Lets the in-flight batch finish and commit, leaves the group, disconnects. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.ready = false;
    await this.consumer.disconnect();
    // After the consumer: the in-flight batch may still need the DLQ.
    await this.producer.disconnect();
  }

  isReady(): boolean {
    return this.ready;
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const startedAt = Date.now();

    const values = batch.messages.map((message) => message.value);

    // The store failing (database down) is retried here, inside the handler, with the same items.
    // Why not throw so kafkajs redelivers: kafkajs retries a throwing handler only `retry.retries`
    // times, then crashes the consumer, which leaves and rejoins the group (a rebalance for every
    // member, each outage long enough). Why not pause() + seek: the seek and the timer that resumes
    // race with rebalances and stop(). Waiting here keeps the batch in memory, order intact, and the
    // membership alive through heartbeat(); a rebalance makes heartbeat() throw, which hands the
    // partition back uncommitted (its next owner rereads it), and stop() abandons the batch uncommitted.
    let outcome: IngestOutcome | undefined;
    let attempts = 0;
    while (!outcome) {
      attempts += 1;
      try {
        outcome =
          values.length > 0
            ? await this.options.ingestor.ingest(values, { source: 'kafka', boundTenant: null })
            : EMPTY_OUTCOME;
      } catch (err) {
        this.logger.warn(
          { topic, partition, offset: batch.firstOffset(), attempts, err: (err as Error).message },
          'kafka: ingest failed; retrying the batch',
        );
        if (!(await this.backoff(payload, attempts))) return;
      }
    }

    const dead: DeadLetter[] = [];
    for (const [index, why] of groupRejections(outcome.rejected)) {
      const message = batch.messages[index];
      if (message) dead.push({ message, ...why });
      else
        this.logger.error({ topic, partition, index }, 'kafka: ingestor rejected an item index out of range');
    }
    const undecodable = dead.filter((dl) => dl.code === 'unparseable').length;
    if (dead.length > 0) {
      // acks -1: the refused messages are on the DLQ's in-sync replicas before their offsets are committed.
      await this.producer.send({
        topic: this.dlqTopic,
        acks: -1,
        messages: dead.map((dl) => deadLetterRecord(dl, topic, partition)),
      });
    }

    const last = batch.messages[batch.messages.length - 1];
    if (last) payload.resolveOffset(last.offset);
    // With autoCommit off, commitOffsetsIfNecessary() alone never commits: pass the offsets explicitly.
    await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
    await payload.heartbeat();

    this.options.onLag?.(topic, partition, Math.max(0, Number(batch.offsetLag())));
    this.options.onBatch?.({
      topic,
      partition,
      messages: batch.messages.length,
      accepted: outcome.accepted,
      duplicates: outcome.duplicates,
      rejected: dead.length - undecodable,
      undecodable,
      attempts,
      durationMs: Date.now() - startedAt,
    });
  }

  /** Waits before the next attempt; false when the consumer is stopping and the batch should be left. */
  private async backoff(payload: EachBatchPayload, attempts: number): Promise<boolean> {
    const initial = this.options.retry?.initialMs ?? 500;
    const max = this.options.retry?.maxMs ?? 30_000;
    const until = Date.now() + Math.min(max, initial * 2 ** (attempts - 1));
    while (Date.now() < until) {
      if (!payload.isRunning() || payload.isStale()) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
      // kafkajs heartbeats only when asked: keep the session alive (throttled to heartbeatInterval).
      await payload.heartbeat();
    }
    return payload.isRunning() && !payload.isStale();
  }

  private kafkaLog({ level, namespace, log }: LogEntry): void {
    const { message, ...fields } = log;
    const at =
      level === KafkaLogLevel.ERROR || level === KafkaLogLevel.NOTHING
        ? 'error'
        : level === KafkaLogLevel.WARN
          ? 'warn'
          : 'info';
    this.logger[at]({ ...fields, namespace }, `kafkajs: ${message}`);
  }
}

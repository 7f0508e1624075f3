/** Kafka for the ingest benchmark: a topic preloaded with the benchmark's events before consumption. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { benchEvent } from './events';

const KAFKA_SH = join(__dirname, '..', '..', '..', 'scripts', 'services', 'kafka.sh');

/** Bootstrap address of the benchmark's broker: BENCH_KAFKA_BROKERS, or the project's local broker. */
export function benchBrokers(): string {
  if (process.env.BENCH_KAFKA_BROKERS) return process.env.BENCH_KAFKA_BROKERS;
  execFileSync('bash', [KAFKA_SH, 'start'], { stdio: 'inherit' });
  return execFileSync('bash', [KAFKA_SH, 'brokers'], { encoding: 'utf8' }).trim();
}

/** Creates `topic` with `partitions` and writes `count` events to it, one per message. */
export async function preloadTopic(
  brokers: string,
  options: { topic: string; partitions: number; count: number; runId: string; first: number },
): Promise<void> {
  const kafka = new Kafka({ clientId: 'hub-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: options.topic, numPartitions: options.partitions }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const now = Date.now();
  const chunk = 5_000;
  for (let sent = 0; sent < options.count; sent += chunk) {
    const messages = [];
    for (let n = sent; n < Math.min(options.count, sent + chunk); n++) {
      const number = options.first + n;
      messages.push({ key: String(number), value: benchEvent(options.runId, number, now - (n % 60_000)) });
    }
    await producer.send({ topic: options.topic, acks: 1, compression: CompressionTypes.None, messages });
  }
  await producer.disconnect();
}

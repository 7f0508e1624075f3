import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Kafka, Partitioners, logLevel } from 'kafkajs';

const SCRIPT = path.resolve(__dirname, '../../../scripts/services/kafka.sh');

let brokersPromise: Promise<string[]> | undefined;

/**
 * Brokers of a real Kafka for integration tests: HUB_TEST_KAFKA_BROKERS (comma-separated) when set
 * and reachable, else the one-node broker `scripts/services/kafka.sh start` runs (fetched from Maven
 * Central the first time). Throws with the script's own explanation when neither is available.
 */
export function requireKafka(): Promise<string[]> {
  brokersPromise ??= findKafka();
  return brokersPromise;
}

async function findKafka(): Promise<string[]> {
  let note = '';
  const fromEnv = process.env.HUB_TEST_KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (fromEnv && fromEnv.length > 0) {
    const problem = await unreachable(fromEnv);
    if (!problem) return fromEnv;
    note = `HUB_TEST_KAFKA_BROKERS=${fromEnv.join(',')} is not reachable (${problem}), so a local broker was tried. `;
  }

  let stdout: string;
  try {
    stdout = await run('bash', [SCRIPT, 'start']);
  } catch (err) {
    throw new Error(
      `${note}Kafka is required for this test and could not be started with ${SCRIPT} start ` +
        `(it needs java 17+ and mvn with access to Maven Central the first time, and a free port ` +
        `HUB_TEST_KAFKA_PORT, default 59092; or point HUB_TEST_KAFKA_BROKERS at a running Kafka 3.x):\n` +
        (err as Error).message,
    );
  }
  const brokers = stdout.trim().split('\n').pop()?.trim().split(',').filter(Boolean) ?? [];
  const problem = brokers.length > 0 ? await unreachable(brokers) : 'the script printed no broker address';
  if (problem)
    throw new Error(
      `${note}${SCRIPT} start succeeded but Kafka at ${brokers.join(',')} is not usable: ${problem}`,
    );
  return brokers;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // 10 minutes: the first start downloads ~50 MB of jars.
    execFile(cmd, args, { timeout: 600_000, maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message.split('\n')[0]}\n${stderr.trim()}`));
      else resolve(stdout);
    });
  });
}

/** Why the brokers cannot be used, or null when a metadata request works. */
async function unreachable(brokers: string[]): Promise<string | null> {
  const admin = testKafka(brokers, { connectionTimeout: 3000, retry: { retries: 1 } }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

function testKafka(brokers: string[], extra: Partial<ConstructorParameters<typeof Kafka>[0]> = {}): Kafka {
  return new Kafka({ brokers, clientId: 'hub-test', logLevel: logLevel.NOTHING, ...extra });
}

/** Creates a topic with a unique name (so tests never see each other's messages) and returns it. */
export async function createTestTopic(prefix: string, partitions = 3, brokers?: string[]): Promise<string> {
  brokers ??= await requireKafka();
  const safe = prefix.replace(/[^a-zA-Z0-9._-]/g, '-');
  const topic = `${safe}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const admin = testKafka(brokers).admin();
  try {
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/**
 * Sends events to `topic`, one per message, `batchSize` a request, with `pauseMs` between requests
 * (a stream rather than a preload); resolves once all are acknowledged (acks from all replicas).
 */
export async function produceEvents(
  topic: string,
  events: readonly unknown[],
  options: { batchSize?: number; pauseMs?: number; brokers?: string[]; onRetry?: () => void } = {},
): Promise<void> {
  const { batchSize = 500, pauseMs = 0 } = options;
  const brokers = options.brokers ?? (await requireKafka());
  const producer = testKafka(brokers, { retry: { retries: 2, maxRetryTime: 1000 } }).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += batchSize) {
      const messages = events
        .slice(i, i + batchSize)
        .map((event, j) => ({ key: String((i + j) % 7), value: JSON.stringify(event) }));
      // At least once, like a real producer: a request that failed (broker gone) is sent again.
      for (;;) {
        try {
          await producer.send({ topic, messages });
          break;
        } catch (error) {
          if (!options.onRetry) throw error;
          options.onRetry();
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * A broker of the test's own (scripts/services/kafka.sh with a private services directory and
 * port), which the test may stop and start again: the shared broker other tests use stays up.
 */
export async function startPrivateKafka(): Promise<{
  brokers: string[];
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hub-kafka-'));
  const port = 59_200 + 2 * Math.floor(Math.random() * 300);
  const env = { ...process.env, HUB_SERVICES_DIR: dir, HUB_TEST_KAFKA_PORT: String(port) };
  const script = (command: string) =>
    new Promise<void>((resolve, reject) =>
      execFile('bash', [SCRIPT, command], { env, timeout: 600_000 }, (err, _stdout, stderr) =>
        err ? reject(new Error(`kafka.sh ${command}: ${err.message}\n${stderr}`)) : resolve(),
      ),
    );
  await script('start');
  return {
    brokers: [`127.0.0.1:${port}`],
    stop: () => script('stop'),
    start: () => script('start'),
    async destroy() {
      await script('stop');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

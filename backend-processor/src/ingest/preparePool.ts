/**
 * Where request bodies are prepared (preparation.ts): on worker threads when HUB_INGEST_WORKERS is
 * above 0, so that parsing, normalizing and encoding run on the machine's other cores while the
 * main thread serves HTTP and talks to the database; on the main thread otherwise. The pool is
 * piscina's: a queue, a fixed number of threads, and a task's error rethrown to its caller.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import {
  messagesTask,
  ownsItsBuffer,
  Preparer,
  type BodyTask,
  type PreparedBatch,
  type PreparedBody,
  type PreparerConfig,
} from './preparation';

const WORKER_FILE = join(__dirname, 'prepareWorker.js');

/**
 * A worker's young generation, in MB (V8's default here is 48: 16 MB semi-spaces). A batch being
 * prepared is live for its whole preparation, so every scavenge copies what of it is done so far,
 * and promotes what it copied twice: fewer, larger scavenges copy it fewer times (in a 20 s benchmark
 * 830 → 452 scavenges and 21 → 2 full collections of the worker), for about 50 MB more memory.
 */
const WORKER_YOUNG_GENERATION_MB = 64;

export class PreparePool {
  private readonly pool: Piscina | null = null;
  /** Prepares on the main thread: without workers, and what arrives parsed already (OTLP). */
  readonly inline: Preparer;

  constructor(config: PreparerConfig, workers: number) {
    this.inline = new Preparer(config);
    if (workers === 0) return;
    // From the TypeScript sources (ts-jest) there is no compiled worker to start.
    if (!existsSync(WORKER_FILE)) {
      throw new Error(
        `HUB_INGEST_WORKERS=${workers} needs the compiled worker ${WORKER_FILE}: build first (npm run build), or set HUB_INGEST_WORKERS=0`,
      );
    }
    this.pool = new Piscina({
      filename: WORKER_FILE,
      workerData: config,
      minThreads: workers,
      maxThreads: workers,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
  }

  /** Prepares a request body on a worker thread (or inline); rejects only on a bug, never on bad input. */
  async prepareBody(task: BodyTask): Promise<PreparedBody> {
    if (!this.pool) return this.inline.prepareBody(task);
    // The body's bytes move to the worker rather than being copied (a view into a larger buffer is
    // copied first, then moved); a body that does not parse comes back with the answer.
    const body = ownsItsBuffer(task.body) ? task.body : new Uint8Array(task.body);
    return (await this.pool.run({ ...task, body }, { transferList: [body.buffer] })) as PreparedBody;
  }

  /** Prepares message values (Kafka) on a worker thread (or inline). */
  async prepareMessages(
    values: readonly (Uint8Array | null)[],
    boundTenant: string | null,
  ): Promise<PreparedBatch> {
    const task = messagesTask(values, boundTenant);
    if (!this.pool) return this.inline.prepareMessages(task);
    return (await this.pool.run(task, {
      name: 'prepareMessages',
      transferList: [task.values.buffer, task.ends.buffer],
    })) as PreparedBatch;
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}

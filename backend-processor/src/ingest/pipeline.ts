/**
 * prepare ──► dedup ──► store: the part of the data flow every source shares. Sources hand their
 * bodies or parsed items here; preparation (preparation.ts: normalize, check, enrich, encode) runs on
 * the prepare pool's worker threads for request bodies, and `store` writes durably.
 */
import type { HubEvent, Normalized } from '../events/model';
import { joinPair } from '../events/pairs';
import { tallyEvents } from '../observability/eventTally';
import type { HubMetrics } from '../observability/metrics';
import { deltaOf, recordDeltas } from '../rollups/pendingDeltas';
import type { Database } from '../storage/database';
import { copyRows, insertEvents } from '../storage/eventStore';
import { upsertHalves } from '../storage/pairStore';
import type { EventPartitions } from '../storage/retention';
import { GroupCommit } from './groupCommit';
import type { IngestContext, IngestOutcome, Ingestor } from './ingestor';
import { PreparePool } from './preparePool';
import type { BodyTask, IngestRecord, PreparedBatch, PreparedBody, PreparerConfig } from './preparation';

export interface PipelineOptions {
  db: Database;
  partitions: EventPartitions;
  metrics: HubMetrics;
  preparation: PreparerConfig;
  /** Worker threads preparing request bodies (HUB_INGEST_WORKERS); 0 prepares on the main thread. */
  workers: number;
}

/** Bound on a group commit: its events are encoded for one COPY in memory; past a few thousand, bigger gains little. */
const MAX_EVENTS_PER_TRANSACTION = 20_000;

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

export class IngestPipeline implements Ingestor {
  private readonly commits: GroupCommit<PreparedBatch, { duplicates: number }>;
  private readonly pool: PreparePool;

  constructor(private readonly options: PipelineOptions) {
    this.pool = new PreparePool(options.preparation, options.workers);
    this.commits = new GroupCommit(
      (batches) => this.writeTogether(batches),
      (batch) => batch.eventCount + batch.halves.length,
      MAX_EVENTS_PER_TRANSACTION,
    );
  }

  async ingest(values: readonly (Uint8Array | null)[], context: IngestContext): Promise<IngestOutcome> {
    return this.store(this.counted(await this.pool.prepareMessages(values, context.boundTenant)));
  }

  /** Prepares a request body (on a worker thread when there are workers). */
  async prepareBody(task: BodyTask): Promise<PreparedBody> {
    const prepared = await this.pool.prepareBody(task);
    if (prepared.ok) this.counted(prepared.batch);
    return prepared;
  }

  /** Prepares normalized records (on this thread). */
  prepare(results: readonly Normalized<IngestRecord>[], context: IngestContext): PreparedBatch {
    return this.counted(this.pool.inline.prepare(results, context));
  }

  /** Counts what preparation refused and redacted: the metrics live on the main thread. */
  private counted(batch: PreparedBatch): PreparedBatch {
    const { metrics } = this.options;
    for (const rejection of batch.rejected) metrics.rejectedItems(rejection.code);
    for (const [rule, count] of Object.entries(batch.redactions)) metrics.redacted(rule, count);
    return batch;
  }

  /** Writes the batch durably (with the batches waiting beside it: group commit); resolves once committed. */
  async store(batch: PreparedBatch): Promise<IngestOutcome> {
    const accepted = batch.eventCount + batch.halves.length;
    if (accepted === 0) return { accepted, duplicates: 0, rejected: batch.rejected };
    const { duplicates } = await this.commits.submit(batch);
    return { accepted, duplicates, rejected: batch.rejected };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /**
   * Batches in one transaction: pair halves upserted per batch (each learns its own duplicates),
   * then all events inserted at once with the dedup guard, and the new ones' rollup deltas recorded
   * (merged into the rollups in the background and before every rollup read: pendingDeltas.ts).
   */
  private async writeTogether(batches: PreparedBatch[]): Promise<Array<{ duplicates: number }>> {
    const { db, partitions, metrics, preparation } = this.options;
    await partitions.ensureFor(batches.flatMap((b) => [...b.days, ...b.halves.map((half) => half.time)]));
    const written = await metrics.timeWrite('events', () =>
      db.transaction(async (tx) => {
        // One chunk of COPY rows per batch, then one per batch whose halves completed pairs.
        const chunks = batches.map((batch, i) => ({
          rows: batch.copyRows,
          size: batch.eventCount,
          batch: i,
        }));
        const duplicates: number[] = [];
        const joined: HubEvent[] = [];
        for (const [i, batch] of batches.entries()) {
          const pairs = await upsertHalves(tx, batch.halves, (request, response) =>
            this.pool.inline.priced(joinPair(request, response)),
          );
          duplicates.push(pairs.duplicates);
          if (pairs.joined.length === 0) continue;
          chunks.push({ rows: copyRows(pairs.joined), size: pairs.joined.length, batch: i });
          joined.push(...pairs.joined);
        }
        const inserted = await insertEvents(
          tx,
          chunks.map((chunk) => chunk.rows),
        );
        if (inserted === 'all new') {
          // The deltas prepared with the batches hold.
          await recordDeltas(tx, [
            ...batches.map((batch) => batch.delta),
            deltaOf(joined, preparation.rollupTags),
          ]);
        } else {
          await recordDeltas(tx, [deltaOf(inserted.flat(), preparation.rollupTags)]);
          inserted.forEach((fresh, c) => (duplicates[chunks[c]!.batch]! += chunks[c]!.size - fresh.length));
        }
        return {
          joined,
          duplicates,
          stored: inserted === 'all new' ? sum(chunks.map((chunk) => chunk.size)) : inserted.flat().length,
        };
      }),
    );
    for (const batch of batches) metrics.eventsAccepted(batch.tally);
    metrics.eventsAccepted(tallyEvents(written.joined));
    metrics.eventsStored(written.stored, sum(written.duplicates));
    return written.duplicates.map((duplicates) => ({ duplicates }));
  }
}

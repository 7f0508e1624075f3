/**
 * normalize+validate ──► dedup ──► store: the part of the data flow every source shares. Sources
 * normalize their own shapes (hub envelopes, pair halves, OTLP spans) and hand the results here;
 * `prepare` applies the checks that do not depend on the shape, `store` writes durably.
 */
import type { HubEvent, Normalized, PairHalf, Rejection } from '../events/model';
import { DEFAULT_TENANT } from '../events/model';
import { applyCostEstimate, type PriceTable } from '../events/pricing';
import type { Redactor } from '../events/redaction';
import { joinPair } from '../events/pairs';
import { normalizeAny } from '../events/shape';
import type { HubMetrics } from '../observability/metrics';
import type { Database } from '../storage/database';
import { recordDelta } from '../rollups/pendingDeltas';
import { insertEvents } from '../storage/eventStore';
import { upsertHalves } from '../storage/pairStore';
import type { EventPartitions } from '../storage/retention';
import { GroupCommit } from './groupCommit';
import type { IngestContext, IngestOutcome, Ingestor } from './ingestor';

export type IngestRecord = HubEvent | PairHalf;

export interface PreparedBatch {
  events: HubEvent[];
  halves: PairHalf[];
  rejected: Rejection[];
}

export interface PipelineOptions {
  db: Database;
  partitions: EventPartitions;
  prices: PriceTable;
  metrics: HubMetrics;
  /** Events older than this are refused: they would land past retention. */
  maxAgeMs: number;
  /** Events further in the future than this are refused: a clock or unit error, not telemetry. */
  maxFutureMs: number;
  /** Tag keys aggregated as rollup dimensions (HUB_ROLLUP_TAGS). */
  rollupTags: readonly string[];
  /** Redacts PII in events' free text before they are stored (HUB_REDACT); none when absent. */
  redactor?: Redactor;
  now?: () => number;
}

/** Bound on a group commit: its events are encoded for one COPY in memory; past a few thousand, bigger gains little. */
const MAX_EVENTS_PER_TRANSACTION = 20_000;

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function isHalf(record: IngestRecord): record is PairHalf {
  return 'half' in record;
}

export class IngestPipeline implements Ingestor {
  private readonly now: () => number;

  private readonly commits: GroupCommit<PreparedBatch, { duplicates: number }>;

  constructor(private readonly options: PipelineOptions) {
    this.now = options.now ?? Date.now;
    this.commits = new GroupCommit(
      (batches) => this.writeTogether(batches),
      (batch) => batch.events.length + batch.halves.length,
      MAX_EVENTS_PER_TRANSACTION,
    );
  }

  async ingest(items: readonly unknown[], context: IngestContext): Promise<IngestOutcome> {
    const options = { defaultTenant: context.boundTenant ?? DEFAULT_TENANT };
    return this.store(
      this.prepare(
        items.map((item) => normalizeAny(item, options)),
        context,
      ),
    );
  }

  /** Shape-independent checks (tenant binding, time range) and enrichment (cost estimate); no I/O. */
  prepare(results: readonly Normalized<IngestRecord>[], context: IngestContext): PreparedBatch {
    const batch: PreparedBatch = { events: [], halves: [], rejected: [] };
    const now = this.now();
    results.forEach((result, index) => {
      if (!result.ok) {
        batch.rejected.push({ index, ...result.error });
        return;
      }
      const record = result.value;
      const refusal = this.refuse(record, context, now);
      if (refusal) batch.rejected.push({ index, ...refusal });
      else if (isHalf(record)) batch.halves.push(record);
      else batch.events.push(this.redact(applyCostEstimate(record, this.options.prices)));
    });
    for (const rejection of batch.rejected) this.options.metrics.rejectedItems(rejection.code);
    return batch;
  }

  private redact(event: HubEvent): HubEvent {
    return this.options.redactor ? this.options.redactor.redactEvent(event) : event;
  }

  private refuse(record: IngestRecord, context: IngestContext, now: number): Omit<Rejection, 'index'> | null {
    if (context.boundTenant !== null && record.tenant !== null && record.tenant !== context.boundTenant) {
      return {
        path: '',
        code: 'forbidden_tenant',
        reason: `tenant "${record.tenant}" is not the tenant of this API key ("${context.boundTenant}")`,
      };
    }
    if (record.time < now - this.options.maxAgeMs || record.time > now + this.options.maxFutureMs) {
      return {
        path: '/timestamp',
        code: 'timestamp_out_of_range',
        reason: `timestamp ${new Date(record.time).toISOString()} is outside the accepted range (${Math.round(
          this.options.maxAgeMs / 86_400_000,
        )} days back, ${Math.round(this.options.maxFutureMs / 1000)} s ahead)`,
      };
    }
    return null;
  }

  /** Writes the batch durably (with the batches waiting beside it: group commit); resolves once committed. */
  async store(batch: PreparedBatch): Promise<IngestOutcome> {
    const accepted = batch.events.length + batch.halves.length;
    if (accepted === 0) return { accepted, duplicates: 0, rejected: batch.rejected };
    const { duplicates } = await this.commits.submit(batch);
    return { accepted, duplicates, rejected: batch.rejected };
  }

  /**
   * Batches in one transaction: pair halves upserted per batch (each learns its own duplicates),
   * then all events inserted at once with the dedup guard, and the new ones' rollup delta recorded
   * (merged into the rollups in the background and before every rollup read: pendingDeltas.ts).
   */
  private async writeTogether(batches: PreparedBatch[]): Promise<Array<{ duplicates: number }>> {
    const { db, partitions, metrics } = this.options;
    await partitions.ensureFor(
      batches.flatMap((b) => [...b.events, ...b.halves].map((record) => record.time)),
    );
    const written = await metrics.timeWrite('events', () =>
      db.transaction(async (tx) => {
        const perBatch: HubEvent[][] = [];
        const pairDuplicates: number[] = [];
        for (const batch of batches) {
          const pairs = await upsertHalves(tx, batch.halves, (request, response) =>
            applyCostEstimate(joinPair(request, response), this.options.prices),
          );
          perBatch.push(pairs.joined.length > 0 ? [...batch.events, ...pairs.joined] : batch.events);
          pairDuplicates.push(pairs.duplicates);
        }
        const events = perBatch.flat();
        const inserted = await insertEvents(tx, events);
        await recordDelta(tx, inserted, this.options.rollupTags);
        return { events, inserted, perBatch, pairDuplicates };
      }),
    );
    const stored = new Set(written.inserted);
    metrics.eventsAccepted(written.events);
    metrics.eventsStored(stored.size, written.events.length - stored.size + sum(written.pairDuplicates));
    return written.perBatch.map((events, i) => ({
      duplicates: events.filter((event) => !stored.has(event)).length + written.pairDuplicates[i]!,
    }));
  }
}

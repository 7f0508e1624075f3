/**
 * normalize+validate ──► dedup ──► store: the part of the data flow every source shares. Sources
 * normalize their own shapes (hub envelopes, pair halves, OTLP spans) and hand the results here;
 * `prepare` applies the checks that do not depend on the shape, `store` writes durably.
 */
import type { HubEvent, Normalized, PairHalf, Rejection } from '../events/model';
import { DEFAULT_TENANT } from '../events/model';
import { applyCostEstimate, type PriceTable } from '../events/pricing';
import { joinPair } from '../events/pairs';
import { normalizeAny } from '../events/shape';
import type { HubMetrics } from '../observability/metrics';
import type { Database } from '../storage/database';
import { addToRollups } from '../rollups/rollupStore';
import { insertEvents } from '../storage/eventStore';
import { upsertHalves } from '../storage/pairStore';
import type { EventPartitions } from '../storage/retention';
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
  now?: () => number;
}

function isHalf(record: IngestRecord): record is PairHalf {
  return 'half' in record;
}

export class IngestPipeline implements Ingestor {
  private readonly now: () => number;

  constructor(private readonly options: PipelineOptions) {
    this.now = options.now ?? Date.now;
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
      else batch.events.push(applyCostEstimate(record, this.options.prices));
    });
    for (const rejection of batch.rejected) this.options.metrics.rejectedItems(rejection.code);
    return batch;
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

  /** Writes the batch in one transaction; resolves once it is durable. */
  async store(batch: PreparedBatch): Promise<IngestOutcome> {
    const { db, partitions, metrics } = this.options;
    const accepted = batch.events.length + batch.halves.length;
    if (accepted === 0) return { accepted, duplicates: 0, rejected: batch.rejected };
    await partitions.ensureFor([...batch.events, ...batch.halves].map((record) => record.time));
    const written = await metrics.timeWrite('events', () =>
      db.transaction(async (tx) => {
        const pairs = await upsertHalves(tx, batch.halves, (request, response) =>
          applyCostEstimate(joinPair(request, response), this.options.prices),
        );
        const events = pairs.joined.length > 0 ? [...batch.events, ...pairs.joined] : batch.events;
        const inserted = await insertEvents(tx, events);
        await addToRollups(tx, inserted, this.options.rollupTags);
        return {
          events,
          stored: inserted.length,
          duplicates: events.length - inserted.length + pairs.duplicates,
        };
      }),
    );
    metrics.eventsAccepted(written.events);
    metrics.eventsStored(written.stored, written.duplicates);
    return { accepted, duplicates: written.duplicates, rejected: batch.rejected };
  }
}

/**
 * Periodic upkeep the database does not do by itself: expiring unmatched request/response halves
 * (counted and kept as dead letters) and applying raw retention where TimescaleDB does not.
 */
import type { PairHalf } from '../events/model';
import { applyRollupRetention } from '../rollups/rollupStore';
import type { Logger } from '../observability/logger';
import type { HubMetrics } from '../observability/metrics';
import type { Database } from './database';
import { keepDeadLetters } from './deadLetters';
import { expirePairs } from './pairStore';
import type { EventPartitions } from './retention';

export interface HousekeepingOptions {
  db: Database;
  partitions: EventPartitions;
  metrics: HubMetrics;
  logger: Logger;
  pairTtlSeconds: number;
  retentionDays: number;
  /** How often to expire pairs; retention runs every `retentionEvery` rounds. */
  intervalMs?: number;
}

const RETENTION_EVERY = 360;

export class Housekeeping {
  private timer: NodeJS.Timeout | null = null;
  /** The round in progress: rounds never overlap, and stop() waits for it before the database closes. */
  private running: Promise<void> | null = null;
  private rounds = 0;

  constructor(private readonly options: HousekeepingOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'housekeeping failed'))
        .finally(() => (this.running = null));
    }, this.options.intervalMs ?? 10_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async runOnce(): Promise<void> {
    await this.expirePairs();
    if (this.rounds++ % RETENTION_EVERY === 0) {
      const dropped = await this.options.partitions.applyRetention(this.options.retentionDays);
      await applyRollupRetention(this.options.db);
      await this.options.db.query(
        'DELETE FROM dead_letters WHERE received_at < now() - make_interval(days => $1)',
        [this.options.retentionDays],
      );
      if (dropped.length > 0)
        this.options.logger.info({ dropped }, 'dropped event partitions past retention');
    }
  }

  async expirePairs(): Promise<PairHalf[]> {
    const { db, metrics, pairTtlSeconds } = this.options;
    return db.transaction(async (tx) => {
      const expired = await expirePairs(tx, pairTtlSeconds);
      await keepDeadLetters(
        tx,
        expired.map((half) => ({
          source: 'pair expiry',
          tenant: half.tenant,
          index: null,
          code: 'pair_expired',
          path: '',
          reason: `${half.half} half of request_id "${half.requestId}" found no ${half.half === 'request' ? 'response' : 'request'} within ${pairTtlSeconds} s`,
          body: Buffer.from(JSON.stringify(half)),
        })),
      );
      for (const half of ['request', 'response'] as const) {
        const count = expired.filter((e) => e.half === half).length;
        if (count > 0) {
          metrics.pairHalvesExpired(half, count);
          metrics.rejectedItems('pair_expired', count);
        }
      }
      return expired;
    });
  }
}

/**
 * Time partitioning and retention of raw events. TimescaleDB does both itself (chunks and a
 * retention policy); on plain PostgreSQL and the embedded store the processor creates one
 * partition per UTC day ahead of the writes and drops whole partitions past retention.
 */
import type { Database } from './database';

const DAY_MS = 86_400_000;

export function dayStart(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}

function partitionName(day: number): string {
  return `events_p${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

export class EventPartitions {
  /** Days whose partition is known to exist, so the hot path asks the database only for new days. */
  private readonly known = new Set<number>();

  constructor(private readonly db: Database) {}

  get managed(): boolean {
    return this.db.flavor !== 'timescaledb';
  }

  /**
   * Makes sure a partition exists for each day of `times`. Runs outside the caller's write
   * transaction, so a rolled-back write never leaves a day remembered without its partition.
   */
  async ensureFor(times: Iterable<number>): Promise<void> {
    if (!this.managed) return;
    const missing = new Set<number>();
    for (const time of times) {
      const day = dayStart(time);
      if (!this.known.has(day)) missing.add(day);
    }
    for (const day of missing) {
      const from = new Date(day).toISOString();
      const to = new Date(day + DAY_MS).toISOString();
      try {
        await this.db.exec(
          `CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${to}')`,
        );
      } catch (error) {
        // Another processor may have created it between our check and our CREATE.
        const exists = await this.db.query('SELECT 1 FROM pg_class WHERE relname = $1', [partitionName(day)]);
        if (exists.rowCount === 0) throw error;
      }
      this.known.add(day);
    }
  }

  /** Applies raw retention: the TimescaleDB policy, or dropping the partitions older than it. */
  async applyRetention(retentionDays: number, now = Date.now()): Promise<string[]> {
    if (!this.managed) {
      await this.db.query("SELECT remove_retention_policy('events', if_exists => true)");
      await this.db.query("SELECT add_retention_policy('events', make_interval(days => $1))", [
        retentionDays,
      ]);
      return [];
    }
    const cutoff = dayStart(now - retentionDays * DAY_MS);
    const partitions = await this.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid
         JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'events'`,
    );
    const dropped: string[] = [];
    for (const { name } of partitions.rows) {
      const match = /^events_p(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (!match) continue;
      const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
      if (day < cutoff) {
        await this.db.exec(`DROP TABLE ${name}`);
        this.known.delete(day);
        dropped.push(name);
      }
    }
    return dropped;
  }
}

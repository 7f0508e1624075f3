/** The dead-letter table: every rejected HTTP item (and every expired pair half) is kept here. */
import type { Queryable } from './database';

export interface DeadLetter {
  /** e.g. `POST /api/v1/events`, `pair expiry`. */
  source: string;
  tenant: string | null;
  /** Position of the item in its request body, when it had one. */
  index: number | null;
  code: string;
  path: string;
  reason: string;
  body: Buffer;
}

export async function keepDeadLetters(db: Queryable, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  await db.query(
    `INSERT INTO dead_letters (source, tenant, item_index, code, path, reason, body)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int4[], $4::text[], $5::text[], $6::text[], $7::bytea[])`,
    [
      letters.map((l) => l.source),
      letters.map((l) => l.tenant),
      letters.map((l) => l.index),
      letters.map((l) => l.code),
      letters.map((l) => l.path),
      letters.map((l) => l.reason),
      letters.map((l) => l.body),
    ],
  );
}

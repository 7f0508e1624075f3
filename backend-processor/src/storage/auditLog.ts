/** The audit log (migration 0007): admin actions and reads of raw events, append-only. */
import type { ApiKey } from '../auth/apiKeys';
import type { Queryable } from './database';

export type AuditAction = 'key.create' | 'key.revoke' | 'events.read' | 'tenant.export' | 'tenant.erase';

export interface AuditEntry {
  actor: Pick<ApiKey, 'id' | 'name'> | null;
  action: AuditAction;
  target: string | null;
  details: Record<string, unknown>;
}

export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (actor_key_id, actor_name, action, target, details) VALUES ($1, $2, $3, $4, $5)',
    [
      entry.actor?.id ?? null,
      entry.actor?.name ?? null,
      entry.action,
      entry.target,
      JSON.stringify(entry.details),
    ],
  );
}

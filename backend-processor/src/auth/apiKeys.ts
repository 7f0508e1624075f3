/**
 * API keys: random bearer tokens stored as SHA-256 hashes, each with scopes and optionally bound to
 * one tenant. Lookups are cached briefly so that authentication costs no query per request.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '../storage/database';

export const SCOPES = ['ingest', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKey {
  id: string;
  name: string;
  scopes: Scope[];
  /** Set: the key writes and reads this tenant only. */
  tenant: string | null;
  /** The key's own requests a minute (0 unlimited); null: the default HUB_RATE_LIMIT_PER_MINUTE. */
  rateLimitPerMinute: number | null;
  createdAt: string;
}

interface KeyRow {
  id: string;
  name: string;
  scopes: Scope[];
  tenant: string | null;
  rate_limit_per_minute: number | null;
  created_at: Date | string;
}

/** How long a key (or its absence) is trusted from cache: a revocation takes effect within this. */
const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 10_000;

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function generateKey(): string {
  return `llmhub_${randomBytes(24).toString('base64url')}`;
}

function toApiKey(row: KeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    tenant: row.tenant,
    rateLimitPerMinute: row.rate_limit_per_minute,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export class ApiKeyStore {
  private readonly cache = new Map<string, { key: ApiKey | null; until: number }>();

  constructor(private readonly db: Queryable) {}

  /** Creates a key; the plaintext is returned once and never stored. */
  async create(
    name: string,
    scopes: readonly Scope[],
    tenant: string | null,
    rateLimitPerMinute: number | null = null,
  ): Promise<{ key: string; apiKey: ApiKey }> {
    const key = generateKey();
    const apiKey = await this.insert(name, key, scopes, tenant, rateLimitPerMinute);
    return { key, apiKey };
  }

  /**
   * Makes sure the operator-given bootstrap key exists as an admin key (idempotent across restarts).
   * Without one, creates an admin key on the very first start only; returns its plaintext then.
   */
  async bootstrap(bootstrapKey: string | null): Promise<string | null> {
    if (bootstrapKey !== null) {
      const existing = await this.db.query('SELECT 1 FROM api_keys WHERE key_hash = $1', [
        hashKey(bootstrapKey),
      ]);
      if (existing.rowCount === 0) await this.insert('bootstrap', bootstrapKey, SCOPES, null);
      return null;
    }
    const any = await this.db.query('SELECT 1 FROM api_keys LIMIT 1');
    if (any.rowCount > 0) return null;
    return (await this.create('initial admin', SCOPES, null)).key;
  }

  async list(): Promise<ApiKey[]> {
    const result = await this.db.query<KeyRow>(
      'SELECT id, name, scopes, tenant, rate_limit_per_minute, created_at FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at',
    );
    return result.rows.map(toApiKey);
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.db.query(
      'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
      [id],
    );
    this.cache.clear();
    return result.rowCount > 0;
  }

  /** The key's record, or null for an unknown or revoked key. */
  async verify(key: string): Promise<ApiKey | null> {
    const hash = hashKey(key);
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.key;
    const result = await this.db.query<KeyRow>(
      'SELECT id, name, scopes, tenant, rate_limit_per_minute, created_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = result.rows[0];
    const apiKey = row ? toApiKey(row) : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { key: apiKey, until: Date.now() + CACHE_TTL_MS });
    return apiKey;
  }

  private async insert(
    name: string,
    key: string,
    scopes: readonly Scope[],
    tenant: string | null,
    rateLimitPerMinute: number | null = null,
  ): Promise<ApiKey> {
    const result = await this.db.query<KeyRow>(
      `INSERT INTO api_keys (id, name, key_hash, scopes, tenant, rate_limit_per_minute)
       VALUES ($1, $2, $3, $4::text[], $5, $6)
       RETURNING id, name, scopes, tenant, rate_limit_per_minute, created_at`,
      [randomUUID(), name, hashKey(key), [...scopes], tenant, rateLimitPerMinute],
    );
    return toApiKey(result.rows[0]!);
  }
}

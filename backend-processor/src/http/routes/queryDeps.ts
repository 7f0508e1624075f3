import type { Database } from '../../storage/database';

/** What the read endpoints need. The caller's tenant binding comes from `request.apiKey.tenant`. */
export interface QueryRouteDeps {
  db: Database;
  /** Tag keys aggregated in the rollups (HUB_ROLLUP_TAGS). */
  rollupTags: readonly string[];
}

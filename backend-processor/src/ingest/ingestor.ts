import type { Rejection } from '../events/model';

/** Where a batch came from; selects the accepted shapes and labels the metrics. */
export type IngestSource = 'http' | 'kafka';

export interface IngestContext {
  source: IngestSource;
  /** Set when the API key is bound to one tenant: items naming another tenant are refused. */
  boundTenant: string | null;
}

export interface IngestOutcome {
  /** Items that passed validation (stored now or before, see `duplicates`). */
  accepted: number;
  /** Accepted items that were already stored (same event id and time) and so were not stored again. */
  duplicates: number;
  rejected: Rejection[];
}

/**
 * The pipeline's entry point: validates and normalizes parsed JSON items (any accepted shape),
 * stores what is valid durably, and resolves only after it is stored. Rejections are returned, not
 * kept: each source keeps them its own way (HTTP in the dead-letter table, Kafka on its DLQ topic).
 */
export interface Ingestor {
  ingest(items: readonly unknown[], context: IngestContext): Promise<IngestOutcome>;
}

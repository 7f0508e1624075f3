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
 * The pipeline's entry point for message sources (Kafka): decodes each message value (one JSON
 * item, any accepted shape), validates and normalizes it, stores what is valid durably, and resolves
 * only after it is stored. Rejections (undecodable values among them, code `unparseable`) are
 * returned, not kept: the source keeps them its own way (Kafka on its DLQ topic).
 */
export interface Ingestor {
  ingest(values: readonly (Uint8Array | null)[], context: IngestContext): Promise<IngestOutcome>;
}

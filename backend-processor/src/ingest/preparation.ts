/**
 * Preparing ingested items for storage, everything that needs no I/O: parse a body, normalize each
 * item, refuse what the source may not send (another tenant, a time out of range), estimate
 * costs, redact PII, and encode the accepted events as COPY rows and as their rollup contribution.
 * This is most of the processor's work per event; it runs on worker threads (preparePool.ts), and
 * its configuration is plain data so that each thread builds its own Preparer.
 */
import type { HubEvent, Normalized, NormalizeOptions, PairHalf, Rejection } from '../events/model';
import { DEFAULT_TENANT } from '../events/model';
import { normalizeRequestHalf, normalizeResponseHalf } from '../events/pairs';
import { applyCostEstimate, createPriceTable, type PriceTable } from '../events/pricing';
import { Redactor, type RedactionRule } from '../events/redaction';
import { normalizeAny } from '../events/shape';
import { BodyError, parseJsonItems, parseNdjsonItems, type ParsedItem } from '../http/body';
import { tallyEvents, type EventTally } from '../observability/eventTally';
import { deltaOf, type RollupDelta } from '../rollups/pendingDeltas';
import { copyRows } from '../storage/eventStore';
import { dayStart } from '../storage/retention';
import type { IngestContext } from './ingestor';
import { decodeValue } from './kafka/records';

export type IngestRecord = HubEvent | PairHalf;

export interface PreparerConfig {
  /** Price overrides (HUB_PRICES_FILE). */
  pricesFile: string | null;
  /** PII redaction rules (HUB_REDACT). */
  redact: readonly RedactionRule[];
  /** Tag keys aggregated as rollup dimensions (HUB_ROLLUP_TAGS). */
  rollupTags: readonly string[];
  /** Events older than this are refused: they would land past retention. */
  maxAgeMs: number;
  /** Events further in the future than this are refused: a clock or unit error, not telemetry. */
  maxFutureMs: number;
}

/**
 * A batch ready to store. The accepted events travel encoded only (as COPY rows, their rollup delta
 * and their metrics), so that a batch prepared on a worker thread comes back as bytes and a few
 * numbers rather than thousands of objects to copy between threads.
 */
export interface PreparedBatch {
  /** How many events were accepted. */
  eventCount: number;
  /** The accepted events as COPY rows (eventStore.ts); decoded only when some were stored already. */
  copyRows: Uint8Array;
  /** Their rollup delta, recorded when all of them are new (pendingDeltas.ts). */
  delta: RollupDelta;
  /** What the metrics count of them. */
  tally: EventTally;
  /** The start of each day they fall on (a partition each). */
  days: number[];
  halves: PairHalf[];
  rejected: Rejection[];
  /** Matches redacted, per rule. */
  redactions: Partial<Record<RedactionRule, number>>;
}

/** Which items an ingest endpoint accepts. */
export type ItemKind = 'event' | 'request_half' | 'response_half';

const NORMALIZERS: Record<ItemKind, (item: unknown, options: NormalizeOptions) => Normalized<IngestRecord>> =
  {
    event: normalizeAny,
    request_half: normalizeRequestHalf,
    response_half: normalizeResponseHalf,
  };

/** A request body to prepare. */
export interface BodyTask {
  /** Moved to the worker thread that prepares it, when it owns its buffer: not to be read after. */
  body: Uint8Array;
  ndjson: boolean;
  kind: ItemKind;
  boundTenant: string | null;
}

/** Message values to prepare (Kafka), end to end in one buffer: value `i` ends at `ends[i]`; a null value is empty. */
export interface MessagesTask {
  values: Uint8Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
  boundTenant: string | null;
}

/** True when `bytes` spans the whole of its buffer, which can then move to another thread as it is. */
export function ownsItsBuffer(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
  return (
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength
  );
}

/** The task for `values`, in buffers of their own (so they can be moved to a worker thread). */
export function messagesTask(
  values: readonly (Uint8Array | null)[],
  boundTenant: string | null,
): MessagesTask {
  const ends = new Uint32Array(values.length);
  let length = 0;
  values.forEach((value, i) => (ends[i] = length += value?.byteLength ?? 0));
  const joined = new Uint8Array(length);
  values.forEach((value, i) => value && joined.set(value, ends[i]! - value.byteLength));
  return { values: joined, ends, boundTenant };
}

export type PreparedBody =
  | {
      ok: false;
      reason: string;
      /** The body as received, for the dead-letter table (it may have moved to a worker thread and back). */
      body: Uint8Array;
    }
  | {
      ok: true;
      batch: PreparedBatch;
      /** The text of each rejected item, by index, for the dead-letter table. */
      rejectedItems: Record<number, string>;
    };

const TOO_DEEP_TO_KEEP = 'body is JSON nested too deeply to keep its rejected items one by one';

/**
 * A parsed item's JSON text, for its dead letter; null when it nests too deeply for JSON.stringify,
 * which recurses (thousands of levels: such an item was rejected for its nesting, checkStructure).
 */
function itemText(value: unknown): string | null {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

function isHalf(record: IngestRecord): record is PairHalf {
  return 'half' in record;
}

export class Preparer {
  private readonly prices: PriceTable;

  constructor(private readonly config: PreparerConfig) {
    this.prices = createPriceTable({ overridesFile: config.pricesFile });
  }

  /** Parses, normalizes and prepares a request body; `ok: false` when the body does not parse. */
  prepareBody(task: BodyTask): PreparedBody {
    let items: ParsedItem[];
    try {
      const body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
      items = task.ndjson
        ? parseNdjsonItems(body)
        : parseJsonItems(body).map((value) => ({ ok: true, value }) as const);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      return { ok: false, reason: error.message, body: task.body };
    }
    const normalize = NORMALIZERS[task.kind];
    const options = { defaultTenant: task.boundTenant ?? DEFAULT_TENANT };
    const batch = this.prepare(
      items.map((item): Normalized<IngestRecord> =>
        item.ok
          ? normalize(item.value, options)
          : { ok: false, error: { path: '', code: 'unparseable', reason: item.reason } },
      ),
      { source: 'http', boundTenant: task.boundTenant },
    );
    const rejectedItems: Record<number, string> = {};
    for (const { index } of batch.rejected) {
      const item = items[index]!;
      const text = item.ok ? itemText(item.value) : item.raw;
      // Nothing is stored yet: the body is refused whole and kept as received, like one that does not parse.
      if (text === null) return { ok: false, reason: TOO_DEEP_TO_KEEP, body: task.body };
      rejectedItems[index] = text;
    }
    return { ok: true, batch, rejectedItems };
  }

  /** Decodes and normalizes message values (each one JSON item of any accepted shape) and prepares them. */
  prepareMessages(task: MessagesTask): PreparedBatch {
    const options = { defaultTenant: task.boundTenant ?? DEFAULT_TENANT };
    const results: Array<Normalized<IngestRecord>> = [];
    let start = 0;
    for (const end of task.ends) {
      const decoded = decodeValue(
        Buffer.from(task.values.buffer, task.values.byteOffset + start, end - start),
      );
      start = end;
      results.push(
        decoded.ok
          ? normalizeAny(decoded.item, options)
          : { ok: false, error: { path: '', code: 'unparseable', reason: decoded.reason } },
      );
    }
    return this.prepare(results, { source: 'kafka', boundTenant: task.boundTenant });
  }

  /** Shape-independent checks (tenant binding, time range), enrichment (cost estimate, redaction) and encoding. */
  prepare(results: readonly Normalized<IngestRecord>[], context: IngestContext): PreparedBatch {
    const now = Date.now();
    const events: HubEvent[] = [];
    const halves: PairHalf[] = [];
    const rejected: Rejection[] = [];
    const redactions: Partial<Record<RedactionRule, number>> = {};
    const redactor = new Redactor(this.config.redact, (rule, count) => {
      redactions[rule] = (redactions[rule] ?? 0) + count;
    });
    results.forEach((result, index) => {
      if (!result.ok) {
        rejected.push({ index, ...result.error });
        return;
      }
      const record = result.value;
      const refusal = this.refuse(record, context, now);
      if (refusal) rejected.push({ index, ...refusal });
      else if (isHalf(record)) halves.push(record);
      else events.push(redactor.redactEvent(applyCostEstimate(record, this.prices)));
    });
    return {
      eventCount: events.length,
      copyRows: copyRows(events),
      delta: deltaOf(events, this.config.rollupTags),
      tally: tallyEvents(events),
      days: [...new Set(events.map((event) => dayStart(event.time)))],
      halves,
      rejected,
      redactions,
    };
  }

  /** Joined request/response pairs are events made in the storage transaction: priced there. */
  priced(event: HubEvent): HubEvent {
    return applyCostEstimate(event, this.prices);
  }

  private refuse(record: IngestRecord, context: IngestContext, now: number): Omit<Rejection, 'index'> | null {
    if (context.boundTenant !== null && record.tenant !== null && record.tenant !== context.boundTenant) {
      return {
        path: '',
        code: 'forbidden_tenant',
        reason: `tenant "${record.tenant}" is not the tenant of this API key ("${context.boundTenant}")`,
      };
    }
    if (record.time < now - this.config.maxAgeMs || record.time > now + this.config.maxFutureMs) {
      return {
        path: '/timestamp',
        code: 'timestamp_out_of_range',
        reason: `timestamp ${new Date(record.time).toISOString()} is outside the accepted range (${Math.round(
          this.config.maxAgeMs / 86_400_000,
        )} days back, ${Math.round(this.config.maxFutureMs / 1000)} s ahead)`,
      };
    }
    return null;
  }
}

/** The benchmark's events: distinct latency events in the hub's nested envelope, as JSON text. */
import { isoTimestamp } from '../events/schemas/primitives';

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'gemini-2.0-flash'];

/**
 * The event text: `id` makes it distinct (event and request id), `variant` picks its tenant, model
 * and latencies (spread over 5 tenants, 4 models and 1,000 latencies).
 */
function eventJson(runId: string, id: string, timestamp: string, variant: number): string {
  return (
    `{"common":{"event_id":"${runId}-${id}","timestamp":"${timestamp}",` +
    `"source_module":"llm-observatory","event_type":"telemetry","severity":"info","environment":"bench",` +
    `"tags":{"tenant_id":"tenant-${variant % 5}","route":"chat"}},"payload":{"type":"latency","model_id":"${MODELS[variant % 4]}",` +
    `"request_id":"${runId}-req-${id}","total_latency_ms":${(200 + (variant % 1000)).toFixed(1)},"ttft_ms":${50 + (variant % 100)}}}`
  );
}

/** Event number `n` of run `runId` at `time` (ms). */
export function benchEvent(runId: string, n: number, time: number): string {
  return eventJson(runId, String(n), isoTimestamp(time), n);
}

const ID_DIGITS = 12;
const ID_SLOT = '#'.repeat(ID_DIGITS);
const TIME_SLOT = '@'.repeat(isoTimestamp(0).length);
/** A batch's events are spread over the minute before it is sent, oldest first. */
const SECONDS_SPREAD = 60;

/**
 * JSON array bodies of `size` distinct events, written into a template: only the event numbers
 * (zero-padded) and the timestamps change from one batch to the next. The load generator shares
 * the machine with the processor, so what it spends per event is taken from the processor: this
 * is a tenth of formatting each event anew.
 */
export class BenchBatches {
  private readonly template: Buffer;
  /** Per event: where its id is written, twice (event id and request id), and its timestamp. */
  private readonly idSlots: number[] = [];
  private readonly timeSlots: number[] = [];

  constructor(
    runId: string,
    private readonly size: number,
  ) {
    const events = Array.from({ length: size }, (_, i) => eventJson(runId, ID_SLOT, TIME_SLOT, i));
    this.template = Buffer.from(`[${events.join(',')}]`, 'latin1');
    const text = this.template.toString('latin1');
    for (let at = text.indexOf(ID_SLOT); at >= 0; at = text.indexOf(ID_SLOT, at + ID_DIGITS))
      this.idSlots.push(at);
    for (let at = text.indexOf(TIME_SLOT); at >= 0; at = text.indexOf(TIME_SLOT, at + TIME_SLOT.length))
      this.timeSlots.push(at);
  }

  /** Events `first` … `first + size - 1`, timestamps within the minute before `now` (ms). */
  batch(first: number, now = Date.now()): Buffer {
    if (first + this.size > 10 ** ID_DIGITS) throw new Error(`event numbers past ${ID_DIGITS} digits`);
    const body = Buffer.from(this.template);
    const times = Array.from({ length: SECONDS_SPREAD }, (_, s) =>
      isoTimestamp(now - (SECONDS_SPREAD - s) * 1000),
    );
    for (let i = 0; i < this.size; i++) {
      const id = String(first + i).padStart(ID_DIGITS, '0');
      body.write(id, this.idSlots[2 * i]!, 'latin1');
      body.write(id, this.idSlots[2 * i + 1]!, 'latin1');
      body.write(times[Math.floor((i * SECONDS_SPREAD) / this.size)]!, this.timeSlots[i]!, 'latin1');
    }
    return body;
  }
}

/** The benchmark's events: distinct latency events in the hub's nested envelope, as JSON text. */
import { isoTimestamp } from '../events/schemas/primitives';

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'gemini-2.0-flash'];

/** Event number `n` of run `runId` at `time` (ms), spread over tenants and models. */
export function benchEvent(runId: string, n: number, time: number): string {
  return (
    `{"common":{"event_id":"${runId}-${n}","timestamp":"${isoTimestamp(time)}",` +
    `"source_module":"llm-observatory","event_type":"telemetry","severity":"info","environment":"bench",` +
    `"tags":{"tenant_id":"tenant-${n % 5}","route":"chat"}},"payload":{"type":"latency","model_id":"${MODELS[n % 4]}",` +
    `"request_id":"${runId}-req-${n}","total_latency_ms":${(200 + (n % 1000)).toFixed(1)},"ttft_ms":${50 + (n % 100)}}}`
  );
}

/** Events `first` … `first + size - 1` as one JSON array body, timestamps within the last minute. */
export function benchBatch(runId: string, first: number, size: number): Buffer {
  const now = Date.now();
  const parts: string[] = [];
  for (let n = first; n < first + size; n++) parts.push(benchEvent(runId, n, now - (n % 60_000)));
  return Buffer.from(`[${parts.join(',')}]`);
}

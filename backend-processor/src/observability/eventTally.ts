/**
 * What the metrics take from a batch of accepted events, gathered where the events are prepared (a
 * worker thread) and added to the Prometheus metrics on the main thread (HubMetrics.eventsAccepted):
 * counts per label set, and the model calls' values counted into the GenAI histograms' buckets per
 * label set. Label values are raw here; the main thread bounds them (LabelLimiter).
 */
import type { HubEvent } from '../events/model';
import { emptyBuckets, observe, type Buckets } from './bucketedHistogram';

/** Buckets of the GenAI conventions (seconds, tokens), so dashboards built for them fit. */
export const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
export const TTFT_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
export const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

export interface EventTally {
  /** Events by event type and source module. */
  received: Array<{ eventType: string; sourceModule: string; count: number }>;
  /** Events naming a model, grouped by the labels of the GenAI metrics. */
  calls: CallGroup[];
}

export interface CallGroup {
  provider: string | null;
  model: string;
  tenant: string;
  /** The error type of failed calls (`null` when the call did not fail: the group's calls agree). */
  errorType: string | null;
  isError: boolean;
  /** Latencies in seconds, in DURATION_BUCKETS. */
  duration: Buckets;
  /** Times to first token in seconds, in TTFT_BUCKETS. */
  timeToFirstToken: Buckets;
  /** Prompt tokens, in TOKEN_BUCKETS. */
  inputTokens: Buckets;
  /** Completion tokens, in TOKEN_BUCKETS. */
  outputTokens: Buckets;
  /** Summed spend; null when no call of the group had a cost. */
  costUsd: number | null;
}

export function tallyEvents(events: readonly HubEvent[]): EventTally {
  const received = new Map<string, EventTally['received'][number]>();
  const calls = new Map<string, CallGroup>();
  for (const event of events) {
    const kind = `${event.eventType}\u0000${event.sourceModule}`;
    const counted = received.get(kind);
    if (counted) counted.count++;
    else received.set(kind, { eventType: event.eventType, sourceModule: event.sourceModule, count: 1 });
    if (event.model === null) continue;
    const key = `${event.provider}\u0000${event.model}\u0000${event.tenant}\u0000${event.isError}\u0000${event.errorType}`;
    let group = calls.get(key);
    if (!group) {
      group = {
        provider: event.provider,
        model: event.model,
        tenant: event.tenant,
        errorType: event.errorType,
        isError: event.isError,
        duration: emptyBuckets(DURATION_BUCKETS),
        timeToFirstToken: emptyBuckets(TTFT_BUCKETS),
        inputTokens: emptyBuckets(TOKEN_BUCKETS),
        outputTokens: emptyBuckets(TOKEN_BUCKETS),
        costUsd: null,
      };
      calls.set(key, group);
    }
    if (event.latencyMs !== null) observe(group.duration, DURATION_BUCKETS, event.latencyMs / 1000);
    if (event.ttftMs !== null) observe(group.timeToFirstToken, TTFT_BUCKETS, event.ttftMs / 1000);
    if (event.promptTokens !== null) observe(group.inputTokens, TOKEN_BUCKETS, event.promptTokens);
    if (event.completionTokens !== null) observe(group.outputTokens, TOKEN_BUCKETS, event.completionTokens);
    if (event.costUsd !== null) group.costUsd = (group.costUsd ?? 0) + event.costUsd;
  }
  return { received: [...received.values()], calls: [...calls.values()] };
}

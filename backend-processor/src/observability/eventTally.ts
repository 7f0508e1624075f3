/**
 * What the metrics take from a batch of accepted events, gathered where the events are prepared (a
 * worker thread) and added to the Prometheus metrics on the main thread (HubMetrics.eventsAccepted):
 * counts per label set, and each model call's values grouped by the labels they are observed with.
 * Label values are raw here; the main thread bounds them (LabelLimiter).
 */
import type { HubEvent } from '../events/model';

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
  latencyMs: number[];
  ttftMs: number[];
  promptTokens: number[];
  completionTokens: number[];
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
        latencyMs: [],
        ttftMs: [],
        promptTokens: [],
        completionTokens: [],
        costUsd: null,
      };
      calls.set(key, group);
    }
    if (event.latencyMs !== null) group.latencyMs.push(event.latencyMs);
    if (event.ttftMs !== null) group.ttftMs.push(event.ttftMs);
    if (event.promptTokens !== null) group.promptTokens.push(event.promptTokens);
    if (event.completionTokens !== null) group.completionTokens.push(event.completionTokens);
    if (event.costUsd !== null) group.costUsd = (group.costUsd ?? 0) + event.costUsd;
  }
  return { received: [...received.values()], calls: [...calls.values()] };
}

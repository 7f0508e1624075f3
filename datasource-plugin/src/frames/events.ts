/** Events as a logs frame (Grafana's log-lines data frame type): Explore and the logs panel show them. */
import { createDataFrame, DataFrameType, FieldType, type DataFrame } from '@grafana/data';
import type { EventRecord, EventSearchResult } from '@llm-hub/query-contract';

/** The line of an event: what a person scans for first. */
export function logLine(event: EventRecord): string {
  const parts: string[] = [event.eventType];
  if (event.model) parts.push(event.model);
  if (event.route) parts.push(`route=${event.route}`);
  if (event.latencyMs !== null) parts.push(`latency=${event.latencyMs}ms`);
  if (event.ttftMs !== null) parts.push(`ttft=${event.ttftMs}ms`);
  if (event.totalTokens !== null) parts.push(`tokens=${event.totalTokens}`);
  if (event.costUsd !== null) parts.push(`cost=$${event.costUsd}`);
  if (event.isError) parts.push(`error=${event.errorType ?? 'unknown'}`);
  if (event.kind && event.kind !== event.eventType) parts.push(`kind=${event.kind}`);
  return parts.join(' ');
}

/** The event's dimensions and identifiers (never null) plus its tags, as the line's labels. */
function labelsOf(event: EventRecord): Record<string, string> {
  const labels: Record<string, string> = {
    tenant: event.tenant,
    environment: event.environment,
    source_module: event.sourceModule,
    event_type: event.eventType,
  };
  const optional: Record<string, string | null> = {
    model: event.model,
    provider: event.provider,
    route: event.route,
    request_id: event.requestId,
    correlation_id: event.correlationId,
    parent_event_id: event.parentEventId,
  };
  for (const [key, value] of Object.entries(optional)) if (value) labels[key] = value;
  return { ...labels, ...event.tags };
}

export function eventsFrame(result: EventSearchResult, refId: string): DataFrame {
  const { events } = result;
  return createDataFrame({
    refId,
    name: 'events',
    meta: {
      type: DataFrameType.LogLines,
      preferredVisualisationType: 'logs',
      notices: result.nextCursor
        ? [
            {
              severity: 'info',
              text: `Showing the newest ${events.length} events; narrow the range or raise the limit for more`,
            },
          ]
        : [],
    },
    fields: [
      { name: 'timestamp', type: FieldType.time, values: events.map((event) => event.time) },
      { name: 'body', type: FieldType.string, values: events.map(logLine) },
      { name: 'severity', type: FieldType.string, values: events.map((event) => event.severity) },
      { name: 'id', type: FieldType.string, values: events.map((event) => event.eventId) },
      { name: 'labels', type: FieldType.other, values: events.map(labelsOf) },
    ],
  });
}

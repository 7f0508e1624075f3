/** Reads generated wire events back into per-call records and plain payloads, for assertions. */
import type { CommonFields, HubKind, HubWire, WireEvent } from '../../src/demo/wire';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
/** A Monday midnight UTC: a fixed clock keeps every test reproducible. */
export const T0 = Date.parse('2025-01-20T00:00:00Z');

export interface Call {
  /** Start of the call (request time; for hub events, completion time minus latency). */
  start: number;
  tenant: string;
  model: string;
  route: string;
  latencyMs: number;
  error: boolean;
  /** Prompt + completion tokens; null for failed hub-reported calls (they report no usage). */
  tokens: number | null;
}

/** Common fields and payload fields (without the kind tag) of a hub event, whatever its envelope. */
export function unwrap(e: HubWire): { common: CommonFields; data: Record<string, unknown> } {
  const body = e.body as unknown as Record<string, unknown>;
  // Copy, then drop the kind tag: what is left are the payload fields of EVENTS.md.
  if (e.envelope === 'nested') {
    const data = { ...(body.payload as Record<string, unknown>) };
    delete data.type;
    return { common: body.common as CommonFields, data };
  }
  const { payload, ...common } = body as { payload: { data: Record<string, unknown> } };
  const data = { ...payload.data };
  for (const tag of ['telemetry_type', 'security_type', 'cost_type', 'governance_type']) delete data[tag];
  return { common: common as unknown as CommonFields, data };
}

export function hubEvents(events: readonly WireEvent[], kind?: HubKind): HubWire[] {
  return events.filter((e): e is HubWire => e.channel === 'hub' && (kind === undefined || e.kind === kind));
}

/** Every LLM call, from request/response pairs and from hub latency + token_usage events alike. */
export function calls(events: readonly WireEvent[]): Call[] {
  const requests = new Map<
    string,
    { start: number; tenant: string; model: string; route: string; prompt: number }
  >();
  const usage = new Map<string, number>();
  for (const e of hubEvents(events, 'token_usage')) {
    const { data } = unwrap(e);
    usage.set(String(data.request_id), Number(data.total_tokens));
  }
  const out: Call[] = [];
  for (const e of events) {
    if (e.channel === 'llm-request') {
      const b = e.body;
      requests.set(b.request_id, {
        start: e.time,
        tenant: b.tenant_id,
        model: b.model,
        route: b.route,
        prompt: b.prompt_tokens ?? 0,
      });
    } else if (e.channel === 'llm-response') {
      const req = requests.get(e.body.request_id);
      if (!req) continue; // its request was before the observed range
      out.push({
        start: req.start,
        tenant: req.tenant,
        model: req.model,
        route: req.route,
        latencyMs: e.body.latency_ms,
        error: e.body.error !== undefined,
        tokens: req.prompt + (e.body.completion_tokens ?? 0),
      });
    } else if (e.kind === 'latency') {
      const { common, data } = unwrap(e);
      const latencyMs = Number(data.total_latency_ms);
      out.push({
        start: e.time - latencyMs,
        tenant: common.tags.tenant_id ?? '',
        model: String(data.model_id),
        route: common.tags.route ?? '',
        latencyMs,
        error: common.severity === 'error',
        tokens: usage.get(String(data.request_id)) ?? null,
      });
    }
  }
  return out;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

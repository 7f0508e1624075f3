/**
 * Injectable incidents: what each one changes, and the `kind:key=value,…` syntax the CLI accepts
 * for them (e.g. `latency-spike:model=gpt-4o,at=+60s,for=120s`).
 */
import { MODEL_NAMES, ROUTE_NAMES, type ModelName, type RouteName } from './catalog';

interface Window {
  /** Start, ms since the epoch. */
  start: number;
  durationMs: number;
}

/** Latency of one model ×factor (default: a random ×5–10 per call, as a congested provider does). */
export interface LatencySpike extends Window {
  kind: 'latency-spike';
  model: ModelName;
  factor?: number;
}

/** One tenant's token volume ×factor (default 8): a runaway agent stuffing its context. */
export interface CostSurge extends Window {
  kind: 'cost-surge';
  tenant: string;
  factor?: number;
}

/** Error rate of one route raised to `errorRate` (default 0.4): a broken downstream dependency. */
export interface ErrorBurst extends Window {
  kind: 'error-burst';
  route: RouteName;
  errorRate?: number;
}

/**
 * Prompt-injection attacks, one every `everyMs` on average (default 15 s), each followed within
 * seconds by policy violations and an audit entry, all linked by correlation_id / parent_event_id.
 */
export interface ThreatChain extends Window {
  kind: 'threat-chain';
  /** The attacked tenant; a random one per attack when absent. */
  tenant?: string;
  everyMs?: number;
}

export type Incident = LatencySpike | CostSurge | ErrorBurst | ThreatChain;
export type IncidentKind = Incident['kind'];
export const INCIDENT_KINDS: readonly IncidentKind[] = [
  'latency-spike',
  'cost-surge',
  'error-burst',
  'threat-chain',
];

export const INCIDENT_DEFAULTS = {
  latencyFactorRange: [5, 10] as const,
  costFactor: 8,
  errorRate: 0.4,
  threatEveryMs: 15_000,
};

export function isActive(incident: Incident, time: number): boolean {
  return time >= incident.start && time < incident.start + incident.durationMs;
}

/** When an incident starts: relative to the start of live traffic (`at=+60s`, `at=-30m`) or absolute. */
export type IncidentAt = { offsetMs: number } | { time: number };

type WithoutStart<T> = T extends Incident ? Omit<T, 'start'> : never;
/** An incident as written on the command line, before its start is anchored to a clock. */
export type IncidentSpec = WithoutStart<Incident> & { at: IncidentAt };

export function resolveIncident(spec: IncidentSpec, liveStart: number): Incident {
  const { at, ...rest } = spec;
  const start = 'time' in at ? at.time : liveStart + at.offsetMs;
  return { ...rest, start } as Incident;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `90s`, `10m`, `1h30m`, `250ms`, `1.5h` into milliseconds; throws on anything else. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
  let total = 0;
  let pos = 0;
  while (pos < trimmed.length) {
    part.lastIndex = pos;
    const m = part.exec(trimmed);
    if (!m || m[1] === undefined || m[2] === undefined) break;
    total += Number(m[1]) * (UNIT_MS[m[2]] ?? NaN);
    pos = part.lastIndex;
  }
  if (trimmed.length === 0 || pos !== trimmed.length || !Number.isFinite(total)) {
    throw new Error(`'${text}' is not a duration (expected e.g. 90s, 10m, 1h30m, 2h)`);
  }
  return total;
}

function parseAt(text: string): IncidentAt {
  const m = /^([+-]?)(.+)$/.exec(text.trim());
  const sign = m?.[1] === '-' ? -1 : 1;
  const rest = m?.[2] ?? '';
  if (/^\d{4}-\d{2}-\d{2}T/.test(rest)) {
    const time = Date.parse(rest);
    if (!Number.isFinite(time)) throw new Error(`at=${text}: not a valid RFC 3339 timestamp`);
    return { time };
  }
  try {
    return { offsetMs: sign * parseDuration(rest) };
  } catch {
    throw new Error(
      `at=${text}: expected an offset from the start of live traffic (+60s, -30m) or an RFC 3339 time`,
    );
  }
}

const KEYS: Record<IncidentKind, readonly string[]> = {
  'latency-spike': ['model', 'factor', 'at', 'for'],
  'cost-surge': ['tenant', 'factor', 'at', 'for'],
  'error-burst': ['route', 'rate', 'at', 'for'],
  'threat-chain': ['tenant', 'every', 'at', 'for'],
};

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`unknown ${what} '${value}' (known: ${allowed.join(', ')})`);
  }
  return value as T;
}

function positiveNumber(key: string, value: string, max = Infinity): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) {
    throw new Error(`${key}=${value}: expected a number in (0, ${max}]`);
  }
  return n;
}

/**
 * Parses one `--incident` value: `<kind>[:key=value,…]`. Defaults: at=+30s, for=2m, model=gpt-4o,
 * route=chat, tenant=the first tenant (threat-chain: a random tenant per attack).
 */
export function parseIncidentSpec(text: string, tenants: readonly string[]): IncidentSpec {
  const colon = text.indexOf(':');
  const kindText = (colon < 0 ? text : text.slice(0, colon)).trim();
  const kind = oneOf('incident kind', kindText, INCIDENT_KINDS);
  const params = new Map<string, string>();
  if (colon >= 0) {
    for (const pair of text.slice(colon + 1).split(',')) {
      if (pair.trim() === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 0) throw new Error(`'${pair}' in incident '${text}' is not key=value`);
      const key = pair.slice(0, eq).trim();
      if (!KEYS[kind].includes(key)) {
        throw new Error(`${kind} has no parameter '${key}' (parameters: ${KEYS[kind].join(', ')})`);
      }
      if (params.has(key)) throw new Error(`parameter '${key}' given twice in incident '${text}'`);
      params.set(key, pair.slice(eq + 1).trim());
    }
  }
  const at = parseAt(params.get('at') ?? '+30s');
  const durationMs = parseDuration(params.get('for') ?? '2m');
  if (durationMs <= 0) throw new Error(`for=${params.get('for')}: an incident must last longer than 0`);
  const tenantParam = params.get('tenant');
  const tenant = tenantParam === undefined ? undefined : oneOf('tenant', tenantParam, tenants);
  const factor = params.has('factor')
    ? positiveNumber('factor', params.get('factor') ?? '', 1000)
    : undefined;

  switch (kind) {
    case 'latency-spike':
      return {
        kind,
        at,
        durationMs,
        model: oneOf('model', params.get('model') ?? 'gpt-4o', MODEL_NAMES),
        factor,
      };
    case 'cost-surge': {
      const target = tenant ?? tenants[0];
      if (target === undefined) throw new Error('cost-surge needs a tenant');
      return { kind, at, durationMs, tenant: target, factor };
    }
    case 'error-burst': {
      const rate = params.get('rate');
      return {
        kind,
        at,
        durationMs,
        route: oneOf('route', params.get('route') ?? 'chat', ROUTE_NAMES),
        errorRate: rate === undefined ? undefined : positiveNumber('rate', rate, 1),
      };
    }
    case 'threat-chain': {
      const every = params.get('every');
      const everyMs = every === undefined ? undefined : parseDuration(every);
      if (everyMs !== undefined && everyMs <= 0) throw new Error(`every=${every}: must be longer than 0`);
      return { kind, at, durationMs, tenant, everyMs };
    }
  }
}

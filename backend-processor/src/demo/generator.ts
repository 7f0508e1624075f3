/**
 * Seeded, deterministic LLM traffic: `createDemoGenerator(…).next(now)` returns every wire event
 * whose time is in (previous now, now], oldest first.
 *
 * It is a small discrete-event simulation. Arrivals (LLM calls per tenant, background security and
 * audit events, incident attacks) are one merged Poisson process thinned to each source's
 * time-varying rate; what an arrival causes later (the response of a request, the policy violation
 * after a threat) waits in a time-ordered queue. Randomness is drawn in arrival order only, so the
 * output depends on the seed and options, never on how often `next` is called.
 */
import {
  DEFAULT_TENANTS,
  MODELS,
  ROUTES,
  TOKEN_SIGMA,
  callCostUsd,
  meanCallCostUsd,
  tenantProfile,
  type ModelName,
  type RouteName,
  type TenantProfile,
} from './catalog';
import { INCIDENT_DEFAULTS, isActive, type Incident, type ThreatChain } from './incidents';
import { Rng, smoothNoise, type Seed } from './random';
import {
  buildHubEvent,
  KIND_FAMILY,
  rfc3339,
  type CommonFields,
  type Envelope,
  type HubKind,
  type PayloadByKind,
  type ThreatLevel,
  type ThreatPayload,
  type WireEvent,
} from './wire';
import type { EventType, Severity, SourceModule } from '../events/model';

export interface FormatMix {
  /** StreamLens request/response pair. */
  pair: number;
  /** Hub nested envelope `{common, payload}`. */
  nested: number;
  /** Hub flattened envelope (common fields at the top level). */
  flattened: number;
}

export interface DemoGeneratorOptions {
  seed: Seed;
  /** Time of the first possible event, ms since the epoch. */
  startTime: number;
  /** Tenant names; acme, globex and initech have hand-made profiles, others get an even mix. */
  tenants?: readonly string[];
  incidents?: readonly Incident[];
  /** Average wire events per second over a whole day, all tenants together. Default 20. */
  rate?: number;
  /** How LLM calls are reported; each call goes out in exactly one format. Default 40/30/30. */
  formats?: FormatMix;
}

export interface DemoGenerator {
  readonly startTime: number;
  /** Events up to this time have been returned. */
  readonly cursor: number;
  /** The per-tenant budgets behind `budget_alert` events (a rolling 5-minute spend limit). */
  readonly budgets: ReadonlyMap<string, { budgetId: string; limitUsd: number }>;
  next(now: number): WireEvent[];
}

/** Peak-to-mean swing of the daily load curve: the peak hour carries 1.6× the mean, the trough 0.4×. */
const DIURNAL_AMPLITUDE = 0.6;
/** Slow random wander of the load (±15 %, new value every 5 minutes), so curves do not look synthetic. */
const NOISE_AMPLITUDE = 0.15;
const NOISE_KNOT_MS = 5 * 60_000;
/** Highest possible load factor: the rate the arrival process is thinned from. */
const PEAK_LOAD = (1 + DIURNAL_AMPLITUDE) * (1 + NOISE_AMPLITUDE);
/** Background security and governance chatter, independent of the call rate. */
const BACKGROUND_THREAT_EVERY_MS = 90_000;
const BACKGROUND_AUDIT_EVERY_MS = 120_000;
/**
 * Budgets are rolling 5-minute spend limits at 2.2× the tenant's mean spend: a busy peak hour now
 * and then brings a warning (as real budgets do), a cost surge runs through every level.
 */
const BUDGET_WINDOW_MS = 5 * 60_000;
const BUDGET_HEADROOM = 2.2;
const BUDGET_LEVELS = [
  { percent: 80, alert: 'warning', severity: 'warning' },
  { percent: 90, alert: 'critical', severity: 'error' },
  { percent: 100, alert: 'exceeded', severity: 'critical' },
] as const;
/** A budget alerts again only after its spend fell back below this share of the limit. */
const BUDGET_REARM_RATIO = 0.7;
const DAY_MS = 86_400_000;

interface TenantState {
  profile: TenantProfile;
  index: number;
  /** Mean calls per ms over a day. */
  meanRate: number;
  budgetId: string;
  budgetLimitUsd: number;
  /** Costs of the calls in the rolling budget window, oldest first. */
  spendWindow: { time: number; cost: number }[];
  spend: number;
  /** Index+1 of the highest budget level already alerted in the current episode. */
  alertedLevel: number;
}

/** One source of arrivals: its maximum rate (per ms), and what happens when one of them is accepted. */
interface ArrivalSource {
  maxRate: number;
  /** Called for a candidate arrival at `time`; thins it to the source's current rate itself. */
  arrive(time: number): void;
}

interface Pending {
  time: number;
  seq: number;
  event: WireEvent;
}

export function createDemoGenerator(options: DemoGeneratorOptions): DemoGenerator {
  return new Simulation(options);
}

class Simulation implements DemoGenerator {
  readonly startTime: number;
  cursor: number;
  readonly budgets = new Map<string, { budgetId: string; limitUsd: number }>();

  private readonly rng: Rng;
  private readonly seed: Seed;
  private readonly tenants: TenantState[];
  private readonly incidents: readonly Incident[];
  private readonly formats: FormatMix;
  private readonly sources: ArrivalSource[] = [];
  private readonly totalMaxRate: number;
  private nextArrival: number;
  private readonly queue = new EventQueue();
  private seq = 0;

  constructor(options: DemoGeneratorOptions) {
    this.seed = options.seed;
    this.rng = new Rng(options.seed);
    this.startTime = options.startTime;
    this.cursor = options.startTime;
    this.incidents = options.incidents ?? [];
    this.formats = options.formats ?? { pair: 0.4, nested: 0.3, flattened: 0.3 };
    const rate = options.rate ?? 20;
    if (!(rate > 0)) throw new Error(`rate must be positive, got ${rate}`);

    const names = options.tenants && options.tenants.length > 0 ? options.tenants : DEFAULT_TENANTS;
    const profiles = names.map(tenantProfile);
    const totalWeight = profiles.reduce((s, p) => s + p.weight, 0);
    const callsPerMs = rate / this.eventsPerCall() / 1000;
    this.tenants = profiles.map((profile, index) => {
      const meanRate = (callsPerMs * profile.weight) / totalWeight;
      const expectedWindowSpend = meanRate * BUDGET_WINDOW_MS * meanCallCostUsd(profile);
      const state: TenantState = {
        profile,
        index,
        meanRate,
        budgetId: `budget-${profile.name}-5m`,
        budgetLimitUsd: roundSignificant(expectedWindowSpend * BUDGET_HEADROOM, 2),
        spendWindow: [],
        spend: 0,
        alertedLevel: 0,
      };
      this.budgets.set(profile.name, { budgetId: state.budgetId, limitUsd: state.budgetLimitUsd });
      return state;
    });

    for (const tenant of this.tenants) {
      this.sources.push({
        maxRate: tenant.meanRate * PEAK_LOAD,
        arrive: (time) => {
          if (this.rng.chance(this.loadFactor(tenant, time) / PEAK_LOAD)) this.call(tenant, time);
        },
      });
    }
    this.sources.push({
      maxRate: 1 / BACKGROUND_THREAT_EVERY_MS,
      arrive: (time) => this.backgroundThreat(time),
    });
    this.sources.push({
      maxRate: 1 / BACKGROUND_AUDIT_EVERY_MS,
      arrive: (time) => this.backgroundAudit(time),
    });
    for (const incident of this.incidents) {
      if (incident.kind !== 'threat-chain') continue;
      this.sources.push({
        maxRate: 1 / (incident.everyMs ?? INCIDENT_DEFAULTS.threatEveryMs),
        arrive: (time) => {
          // Candidates outside the window are dropped: the attack process exists only while active.
          if (isActive(incident, time)) this.threatChain(incident, time);
        },
      });
    }
    this.totalMaxRate = this.sources.reduce((s, src) => s + src.maxRate, 0);
    this.nextArrival = this.startTime + this.rng.exponential(this.totalMaxRate);
  }

  next(now: number): WireEvent[] {
    while (this.nextArrival <= now) {
      const time = this.nextArrival;
      this.pickSource().arrive(time);
      this.nextArrival = time + this.rng.exponential(this.totalMaxRate);
    }
    if (now > this.cursor) this.cursor = now;
    return this.queue.popUntil(now);
  }

  /** Relative load of a tenant at a time: the daily sinusoid around its peak hour times slow noise. */
  private loadFactor(tenant: TenantState, time: number): number {
    const hour = (((time % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
    const diurnal =
      1 + DIURNAL_AMPLITUDE * Math.cos((2 * Math.PI * (hour - tenant.profile.peakHourUtc)) / 24);
    return diurnal * (1 + NOISE_AMPLITUDE * smoothNoise(this.seed, tenant.index, time, NOISE_KNOT_MS));
  }

  private pickSource(): ArrivalSource {
    let r = this.rng.next() * this.totalMaxRate;
    for (const source of this.sources) {
      r -= source.maxRate;
      if (r < 0) return source;
    }
    return this.sources[this.sources.length - 1] as ArrivalSource;
  }

  private eventsPerCall(): number {
    const { pair, nested, flattened } = this.formats;
    const total = pair + nested + flattened;
    if (!(total > 0)) throw new Error('formats: at least one format needs a positive share');
    // A pair is two bodies; a hub-reported call is latency + token_usage + token_cost.
    return (2 * pair + 3 * (nested + flattened)) / total;
  }

  private active<K extends Incident['kind']>(kind: K, time: number): Extract<Incident, { kind: K }>[] {
    return this.incidents.filter(
      (i): i is Extract<Incident, { kind: K }> => i.kind === kind && isActive(i, time),
    );
  }

  // ---- LLM calls -------------------------------------------------------------------------------

  private call(tenant: TenantState, start: number): void {
    const rng = this.rng;
    const p = tenant.profile;
    const model = rng.weighted(p.models) as ModelName;
    const route = rng.weighted(p.routes) as RouteName;
    const environment = rng.weighted(p.environments);
    const format = rng.weighted({ ...this.formats });
    const m = MODELS[model];
    const r = ROUTES[route];
    const requestId = `req_${rng.hex(24)}`;

    const tokenFactor = this.active('cost-surge', start)
      .filter((i) => i.tenant === p.name)
      .reduce((f, i) => f * (i.factor ?? INCIDENT_DEFAULTS.costFactor), 1);
    const promptTokens = Math.max(
      1,
      Math.round(rng.logNormal(r.promptTokensMedian, TOKEN_SIGMA) * tokenFactor),
    );
    let completionTokens = Math.max(
      1,
      Math.round(rng.logNormal(r.completionTokensMedian, TOKEN_SIGMA) * tokenFactor),
    );

    let latency = rng.logNormal(m.latencyMedianMs * r.latencyFactor, m.latencySigma);
    for (const spike of this.active('latency-spike', start)) {
      if (spike.model !== model) continue;
      const [lo, hi] = INCIDENT_DEFAULTS.latencyFactorRange;
      latency *= spike.factor ?? rng.uniform(lo, hi);
    }

    const bursts = this.active('error-burst', start).filter((i) => i.route === route);
    const errorRate = bursts.reduce<number>(
      (e, i) => Math.max(e, i.errorRate ?? INCIDENT_DEFAULTS.errorRate),
      m.baseErrorRate,
    );
    let error: string | undefined;
    let finishReason: string;
    if (rng.chance(errorRate)) {
      // A broken dependency fails with 5xx and timeouts; normal failures are mostly rate limits.
      error = rng.weighted(
        bursts.length > 0
          ? { server_error: 0.6, timeout: 0.3, rate_limit_exceeded: 0.1 }
          : { rate_limit_exceeded: 0.35, server_error: 0.35, timeout: 0.2, context_length_exceeded: 0.1 },
      );
      if (error === 'rate_limit_exceeded' || error === 'context_length_exceeded')
        latency = rng.logNormal(60, 0.5);
      else if (error === 'timeout') latency = 30_000 + rng.uniform(0, 500);
      else latency *= rng.uniform(0.1, 0.6);
      completionTokens = 0;
      finishReason = 'error';
    } else {
      const f = rng.next();
      finishReason =
        f < 0.003
          ? 'content_filter'
          : f < 0.033
            ? 'length'
            : f < 0.033 + r.toolCallShare
              ? 'tool_calls'
              : 'stop';
    }
    const ttft = error
      ? undefined
      : latency * Math.min(0.9, Math.max(0.05, rng.logNormal(m.ttftShare, 0.25)));
    const end = start + latency;
    const cost = error ? 0 : callCostUsd(model, promptTokens, completionTokens);

    let costEventId: string | undefined;
    let correlationId: string | undefined;
    if (format === 'pair') {
      this.emit({
        channel: 'llm-request',
        time: start,
        tenant: p.name,
        body: {
          request_id: requestId,
          tenant_id: p.name,
          route,
          model,
          timestamp: rfc3339(start),
          prompt_tokens: promptTokens,
        },
      });
      this.emit({
        channel: 'llm-response',
        time: end,
        tenant: p.name,
        body: {
          request_id: requestId,
          timestamp: rfc3339(end),
          latency_ms: round(latency, 1),
          completion_tokens: completionTokens,
          finish_reason: finishReason,
          ...(error ? { error } : {}),
        },
      });
    } else {
      correlationId = rng.uuid();
      const envelope: Envelope = format;
      const tags = {
        tenant_id: p.name,
        region: p.region,
        route,
        provider: m.provider,
        ...(error ? { error_type: error } : {}),
      };
      const common = { environment, tags, correlation_id: correlationId };
      const severity: Severity = error ? 'error' : latency > 15_000 ? 'warning' : 'info';
      this.hub(
        end,
        p.name,
        envelope,
        'latency',
        { ...common, source: 'llm-observatory', severity },
        {
          model_id: model,
          request_id: requestId,
          total_latency_ms: round(latency, 1),
          ...(ttft === undefined ? {} : this.latencyDetails(latency, ttft, completionTokens)),
        },
      );
      if (!error) {
        const usageId = this.hub(
          end,
          p.name,
          envelope,
          'token_usage',
          { ...common, source: 'llm-observatory' },
          {
            model_id: model,
            request_id: requestId,
            prompt_tokens: promptTokens,
            completion_tokens: completionTokens,
            total_tokens: promptTokens + completionTokens,
          },
        );
        // The cost is computed from the usage: that makes the usage its causal parent.
        costEventId = this.hub(
          end,
          p.name,
          envelope,
          'token_cost',
          { ...common, source: 'llm-cost-ops', parent: usageId },
          {
            model_id: model,
            request_id: requestId,
            prompt_tokens: promptTokens,
            completion_tokens: completionTokens,
            total_tokens: promptTokens + completionTokens,
            cost_per_prompt_token: m.inputPerMTok / 1e6,
            cost_per_completion_token: m.outputPerMTok / 1e6,
            total_cost_usd: round(cost, 10),
            currency: 'USD',
          },
        );
      }
    }
    if (cost > 0) this.trackSpend(tenant, start, end, cost, costEventId, correlationId);
  }

  private latencyDetails(latency: number, ttft: number, completionTokens: number) {
    const queue = round(latency * this.rng.uniform(0.01, 0.05), 1);
    const network = round(Math.min(latency * 0.2, this.rng.uniform(20, 80)), 1);
    const other = round(Math.min(latency * 0.02, this.rng.uniform(0, 5)), 1);
    return {
      ttft_ms: round(ttft, 1),
      tokens_per_second: round(completionTokens / Math.max(0.001, (latency - ttft) / 1000), 1),
      breakdown: {
        queue_time_ms: queue,
        processing_time_ms: round(latency - queue - network - other, 1),
        network_time_ms: network,
        other_ms: other,
      },
    };
  }

  // ---- Budgets ---------------------------------------------------------------------------------

  /** Adds a call's cost to its tenant's rolling spend and raises a budget alert when it crosses a level. */
  private trackSpend(
    tenant: TenantState,
    start: number,
    end: number,
    cost: number,
    costEventId: string | undefined,
    correlationId: string | undefined,
  ): void {
    tenant.spendWindow.push({ time: start, cost });
    tenant.spend += cost;
    while ((tenant.spendWindow[0]?.time ?? Infinity) <= start - BUDGET_WINDOW_MS) {
      tenant.spend -= tenant.spendWindow.shift()?.cost ?? 0;
    }
    const ratio = tenant.spend / tenant.budgetLimitUsd;
    if (ratio < BUDGET_REARM_RATIO) tenant.alertedLevel = 0;
    let reached = 0;
    BUDGET_LEVELS.forEach((level, i) => {
      if (ratio * 100 >= level.percent) reached = i + 1;
    });
    if (reached <= tenant.alertedLevel) return;
    tenant.alertedLevel = reached;
    const level = BUDGET_LEVELS[reached - 1];
    if (!level) return;

    const rng = this.rng;
    const name = tenant.profile.name;
    const correlation = correlationId ?? rng.uuid();
    const alertTime = end + rng.uniform(200, 1500);
    const alertId = this.hub(
      alertTime,
      name,
      this.randomEnvelope(),
      'budget_alert',
      {
        source: 'llm-cost-ops',
        severity: level.severity,
        correlation_id: correlation,
        parent: costEventId,
        tags: { tenant_id: name, region: tenant.profile.region },
      },
      {
        budget_id: tenant.budgetId,
        budget_name: `${name} spend per 5 minutes`,
        budget_limit_usd: tenant.budgetLimitUsd,
        current_spend_usd: round(tenant.spend, 6),
        threshold_percent: level.percent,
        alert_type: level.alert,
      },
    );
    if (level.alert === 'exceeded') {
      // CostOps answers an exceeded budget by halving the tenant's token rate limit.
      const limit = 200_000 * (tenant.index + 1);
      this.hub(
        alertTime + rng.uniform(1000, 4000),
        name,
        this.randomEnvelope(),
        'audit_trail',
        {
          source: 'llm-cost-ops',
          event_type: 'governance',
          severity: 'warning',
          correlation_id: correlation,
          parent: alertId,
          tags: { tenant_id: name, region: tenant.profile.region },
        },
        {
          action: 'rate_limit.update',
          actor: 'system:llm-cost-ops',
          resource_type: 'tenant',
          resource_id: name,
          changes: {
            tokens_per_minute: { from: limit, to: limit / 2 },
            reason: `budget ${tenant.budgetId} exceeded`,
          },
        },
      );
    }
  }

  // ---- Security and governance -----------------------------------------------------------------

  private backgroundThreat(time: number): void {
    const rng = this.rng;
    const tenant = this.randomTenant();
    const type = rng.weighted({
      malicious_input: 0.35,
      prompt_injection: 0.3,
      unauthorized_access: 0.15,
      data_exfiltration: 0.1,
      denial_of_service: 0.07,
      model_poisoning: 0.03,
    });
    const level = rng.weighted<ThreatLevel>({ low: 0.45, medium: 0.35, high: 0.15, critical: 0.05 });
    const correlation = rng.uuid();
    const threatId = this.threat(time, tenant, correlation, {
      threat_type: type,
      threat_level: level,
      mitigation_status:
        level === 'low'
          ? 'detected'
          : rng.pick(['blocked', 'mitigated', 'investigating', 'resolved'] as const),
      source_ip: rng.chance(0.7) ? randomPublicIp(rng) : undefined,
    });
    if ((level === 'high' || level === 'critical') && rng.chance(0.6)) {
      this.policyViolation(time + rng.uniform(300, 5000), tenant, correlation, threatId, level, true);
    }
  }

  /** One attack of a threat-chain incident: threat → 1–3 policy violations → an audit entry. */
  private threatChain(incident: ThreatChain, time: number): void {
    const rng = this.rng;
    const tenant = incident.tenant ? this.tenantByName(incident.tenant) : this.randomTenant();
    const correlation = rng.uuid();
    const level = rng.weighted<ThreatLevel>({ high: 0.6, critical: 0.4 });
    const blocked = rng.chance(0.7);
    const threatId = this.threat(time, tenant, correlation, {
      threat_type: 'prompt_injection',
      threat_level: level,
      mitigation_status: blocked ? 'blocked' : 'detected',
      // One attacker network (TEST-NET-3, reserved for documentation) so the chain is recognizable.
      source_ip: `203.0.113.${rng.int(1, 254)}`,
    });
    const count = rng.int(1, 3);
    const times = Array.from({ length: count }, () => time + rng.uniform(300, 5000)).sort((a, b) => a - b);
    let firstViolation: string | undefined;
    for (const t of times) {
      const id = this.policyViolation(t, tenant, correlation, threatId, level, blocked);
      firstViolation ??= id;
    }
    const last = times[times.length - 1] ?? time;
    const terminate = rng.chance(0.5);
    this.hub(
      last + rng.uniform(500, 3000),
      tenant.profile.name,
      this.randomEnvelope(),
      'audit_trail',
      {
        source: 'llm-governance-dashboard',
        severity: 'warning',
        correlation_id: correlation,
        parent: firstViolation,
        tags: { tenant_id: tenant.profile.name, region: tenant.profile.region },
      },
      {
        action: terminate ? 'session.terminate' : 'api_key.suspend',
        actor: 'system:llm-sentinel',
        resource_type: terminate ? 'session' : 'api_key',
        resource_id: terminate ? `sess_${rng.hex(12)}` : `key_${rng.hex(8)}`,
        changes: {
          status: { from: 'active', to: terminate ? 'terminated' : 'suspended' },
          reason: 'prompt_injection',
        },
      },
    );
  }

  private threat(
    time: number,
    tenant: TenantState,
    correlation: string,
    fields: Pick<ThreatPayload, 'threat_type' | 'threat_level' | 'mitigation_status' | 'source_ip'>,
  ): string {
    const rng = this.rng;
    const route = rng.weighted(tenant.profile.routes) as RouteName;
    const vectors: Record<string, readonly string[]> = {
      prompt_injection: ['user_prompt', 'retrieved_document', 'tool_output'],
      data_exfiltration: ['model_output'],
      unauthorized_access: ['stolen_api_key'],
      denial_of_service: ['request_flood'],
      model_poisoning: ['fine_tuning_data'],
      malicious_input: ['user_prompt', 'file_upload'],
    };
    const indicators: Record<string, string> = {
      prompt_injection: 'pattern:ignore_previous_instructions',
      data_exfiltration: 'pattern:base64_blob_in_output',
      unauthorized_access: 'auth:key_used_from_new_asn',
      denial_of_service: 'rate:requests_per_minute>5000',
      model_poisoning: 'dataset:label_flip_ratio>0.2',
      malicious_input: 'pattern:encoded_payload',
    };
    const { source_ip, ...rest } = fields;
    return this.hub(
      time,
      tenant.profile.name,
      this.randomEnvelope(),
      'threat',
      {
        source: 'llm-sentinel',
        severity: THREAT_SEVERITY[fields.threat_level],
        correlation_id: correlation,
        tags: { tenant_id: tenant.profile.name, region: tenant.profile.region, route },
      },
      {
        threat_id: `thr_${rng.hex(16)}`,
        ...rest,
        ...(source_ip ? { source_ip } : {}),
        target_resource: `route/${route}`,
        attack_vector: rng.pick(vectors[fields.threat_type] ?? ['user_prompt']),
        indicators_of_compromise: [
          indicators[fields.threat_type] ?? 'heuristic:anomalous_input',
          `sha256:${rng.hex(64)}`,
        ],
      },
    );
  }

  private policyViolation(
    time: number,
    tenant: TenantState,
    correlation: string,
    threatId: string,
    level: ThreatLevel,
    blocked: boolean,
  ): string {
    const rng = this.rng;
    const policy = rng.pick(POLICIES);
    const severity = rng.chance(0.7) ? level : THREAT_LEVEL_BELOW[level];
    return this.hub(
      time,
      tenant.profile.name,
      this.randomEnvelope(),
      'policy_violation',
      {
        source: 'llm-governance-dashboard',
        severity: THREAT_SEVERITY[severity],
        correlation_id: correlation,
        parent: threatId,
        tags: { tenant_id: tenant.profile.name, region: tenant.profile.region },
      },
      {
        policy_id: policy.id,
        policy_name: policy.name,
        violation_description: policy.description,
        violated_rules: policy.rules.filter((_, i) => i === 0 || rng.chance(0.5)),
        resource_id: `sess_${rng.hex(12)}`,
        user_id: `user_${rng.hex(8)}`,
        severity,
        auto_remediated: blocked || rng.chance(0.3),
      },
    );
  }

  private backgroundAudit(time: number): void {
    const rng = this.rng;
    const tenant = this.randomTenant();
    const name = tenant.profile.name;
    const model = rng.weighted(tenant.profile.models) as ModelName;
    const route = rng.weighted(tenant.profile.routes) as RouteName;
    const version = rng.int(2, 40);
    const what = rng.pick([
      {
        action: 'model.config_update',
        resource_type: 'model',
        resource_id: model,
        changes: { temperature: { from: 0.7, to: 0.3 }, max_tokens: { from: 1024, to: 2048 } },
      },
      {
        action: 'api_key.create',
        resource_type: 'api_key',
        resource_id: `key_${rng.hex(8)}`,
        changes: { scopes: ['ingest'] },
      },
      {
        action: 'policy.update',
        resource_type: 'policy',
        resource_id: rng.pick(POLICIES).id,
        changes: { enabled: { from: false, to: true } },
      },
      {
        action: 'prompt_template.publish',
        resource_type: 'prompt_template',
        resource_id: `${route}-system-prompt`,
        changes: { version: { from: version - 1, to: version } },
      },
    ]);
    const human = rng.chance(0.7);
    this.hub(
      time,
      name,
      this.randomEnvelope(),
      'audit_trail',
      { source: 'llm-governance-dashboard', tags: { tenant_id: name, region: tenant.profile.region } },
      {
        ...what,
        actor: human
          ? `${rng.pick(['alice', 'bob', 'carol', 'dave'])}@${name}.example`
          : 'svc:deploy-pipeline',
        ip_address: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
        user_agent: human
          ? 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15'
          : 'terraform/1.9.5',
      },
    );
  }

  // ---- Plumbing ----------------------------------------------------------------------------------

  private randomTenant(): TenantState {
    const weights = Object.fromEntries(this.tenants.map((t) => [String(t.index), t.profile.weight]));
    return this.tenants[Number(this.rng.weighted(weights))] as TenantState;
  }

  private tenantByName(name: string): TenantState {
    return this.tenants.find((t) => t.profile.name === name) ?? (this.tenants[0] as TenantState);
  }

  private randomEnvelope(): Envelope {
    return this.rng.chance(0.5) ? 'nested' : 'flattened';
  }

  /** Builds a hub event (fresh event_id) and queues it; returns its event_id for linking. */
  private hub<K extends HubKind>(
    time: number,
    tenant: string,
    envelope: Envelope,
    kind: K,
    meta: {
      source: SourceModule;
      event_type?: EventType;
      severity?: Severity;
      environment?: string;
      correlation_id?: string;
      parent?: string;
      tags: Record<string, string>;
    },
    data: PayloadByKind[K],
  ): string {
    const eventId = this.rng.uuid();
    const common: CommonFields = {
      event_id: eventId,
      timestamp: rfc3339(time),
      source_module: meta.source,
      // The payload family doubles as the event type for every kind the demo emits.
      event_type: meta.event_type ?? KIND_FAMILY[kind],
      ...(meta.correlation_id ? { correlation_id: meta.correlation_id } : {}),
      ...(meta.parent ? { parent_event_id: meta.parent } : {}),
      schema_version: '1.0.0',
      severity: meta.severity ?? 'info',
      environment: meta.environment ?? 'production',
      tags: meta.tags,
    };
    this.emit({
      channel: 'hub',
      time,
      tenant,
      envelope,
      kind,
      eventId,
      body: buildHubEvent(envelope, common, kind, data),
    });
    return eventId;
  }

  private emit(event: WireEvent): void {
    this.queue.push({ time: event.time, seq: this.seq++, event });
  }
}

const THREAT_SEVERITY: Record<ThreatLevel, Severity> = {
  low: 'info',
  medium: 'warning',
  high: 'error',
  critical: 'critical',
};

const THREAT_LEVEL_BELOW: Record<ThreatLevel, ThreatLevel> = {
  low: 'low',
  medium: 'low',
  high: 'medium',
  critical: 'high',
};

const POLICIES = [
  {
    id: 'pol-prompt-injection-guard',
    name: 'Prompt injection guard',
    description: 'Prompt attempted to override system instructions',
    rules: ['no-instruction-override', 'no-system-prompt-disclosure'],
  },
  {
    id: 'pol-data-loss-prevention',
    name: 'Data loss prevention',
    description: 'Response would have disclosed sensitive data',
    rules: ['no-pii-in-output', 'no-secrets-in-output'],
  },
  {
    id: 'pol-acceptable-use',
    name: 'Acceptable use',
    description: 'Jailbreak attempt against the acceptable use policy',
    rules: ['no-jailbreak-attempts', 'no-harmful-content'],
  },
  {
    id: 'pol-tool-use-safety',
    name: 'Tool use safety',
    description: 'Model tried to call a tool outside its allow-list',
    rules: ['no-unapproved-tool-calls'],
  },
] as const;

function randomPublicIp(rng: Rng): string {
  // Documentation ranges (RFC 5737), so the demo never names a real host; 203.0.113.0/24 is
  // kept for the threat-chain attacker.
  return `${rng.pick(['192.0.2', '198.51.100'])}.${rng.int(1, 254)}`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function roundSignificant(value: number, digits: number): number {
  if (value <= 0) return 0.01;
  const f = 10 ** (digits - 1 - Math.floor(Math.log10(value)));
  return Math.round(value * f) / f;
}

/** Binary min-heap by (time, seq): the pending events, released in time order, ties in creation order. */
class EventQueue {
  private readonly heap: Pending[] = [];

  push(item: Pending): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i] as Pending, h[parent] as Pending)) break;
      [h[i], h[parent]] = [h[parent] as Pending, h[i] as Pending];
      i = parent;
    }
  }

  popUntil(time: number): WireEvent[] {
    const out: WireEvent[] = [];
    while (this.heap.length > 0 && (this.heap[0] as Pending).time <= time) out.push(this.pop().event);
    return out;
  }

  private pop(): Pending {
    const h = this.heap;
    const top = h[0] as Pending;
    const last = h.pop() as Pending;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l] as Pending, h[m] as Pending)) m = l;
        if (r < h.length && before(h[r] as Pending, h[m] as Pending)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Pending, h[i] as Pending];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Pending, b: Pending): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/**
 * The simulated world: models, routes and tenants, with the numbers that make the traffic look
 * like a real LLM platform (latency medians, token sizes, prices, error rates, usage mixes).
 */

export interface ModelProfile {
  provider: string;
  /** Median end-to-end latency of a `chat` call, ms; the spread is log-normal with `latencySigma`. */
  latencyMedianMs: number;
  latencySigma: number;
  /** Share of the latency spent before the first token (median). */
  ttftShare: number;
  /** Probability that a call fails under normal conditions. */
  baseErrorRate: number;
  /** List prices in USD per million tokens (self-hosted: amortized GPU cost). */
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * A small built-in price list, so the demo can send `token_cost` events with `total_cost_usd`
 * without depending on the processor's price table (list prices as of 2025).
 */
export const MODELS = {
  'gpt-4o': {
    provider: 'openai',
    latencyMedianMs: 1800,
    latencySigma: 0.45,
    ttftShare: 0.25,
    baseErrorRate: 0.012,
    inputPerMTok: 2.5,
    outputPerMTok: 10,
  },
  'gpt-4o-mini': {
    provider: 'openai',
    latencyMedianMs: 900,
    latencySigma: 0.4,
    ttftShare: 0.22,
    baseErrorRate: 0.008,
    inputPerMTok: 0.15,
    outputPerMTok: 0.6,
  },
  'claude-sonnet-4': {
    provider: 'anthropic',
    latencyMedianMs: 2400,
    latencySigma: 0.45,
    ttftShare: 0.3,
    baseErrorRate: 0.01,
    inputPerMTok: 3,
    outputPerMTok: 15,
  },
  'claude-3-5-haiku': {
    provider: 'anthropic',
    latencyMedianMs: 1000,
    latencySigma: 0.4,
    ttftShare: 0.22,
    baseErrorRate: 0.008,
    inputPerMTok: 0.8,
    outputPerMTok: 4,
  },
  'gemini-2.0-flash': {
    provider: 'google',
    latencyMedianMs: 700,
    latencySigma: 0.4,
    ttftShare: 0.2,
    baseErrorRate: 0.01,
    inputPerMTok: 0.1,
    outputPerMTok: 0.4,
  },
  'llama-3.1-70b': {
    provider: 'self-hosted',
    latencyMedianMs: 1500,
    latencySigma: 0.55,
    ttftShare: 0.3,
    baseErrorRate: 0.02,
    inputPerMTok: 0.4,
    outputPerMTok: 0.4,
  },
} as const satisfies Record<string, ModelProfile>;

export type ModelName = keyof typeof MODELS;
export const MODEL_NAMES = Object.keys(MODELS) as ModelName[];

export interface RouteProfile {
  /** Latency multiplier over the model's `chat` median (long prompts, multi-step agents). */
  latencyFactor: number;
  promptTokensMedian: number;
  completionTokensMedian: number;
  /** Share of successful calls that end in tool calls rather than `stop`. */
  toolCallShare: number;
}

export const ROUTES = {
  chat: { latencyFactor: 1, promptTokensMedian: 600, completionTokensMedian: 250, toolCallShare: 0.02 },
  summarize: { latencyFactor: 1.4, promptTokensMedian: 3500, completionTokensMedian: 300, toolCallShare: 0 },
  search: { latencyFactor: 0.6, promptTokensMedian: 900, completionTokensMedian: 120, toolCallShare: 0 },
  agent: { latencyFactor: 2.2, promptTokensMedian: 2500, completionTokensMedian: 600, toolCallShare: 0.45 },
} as const satisfies Record<string, RouteProfile>;

export type RouteName = keyof typeof ROUTES;
export const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];

/** Sigma of the log-normal token counts (same for every route: prompts vary a lot). */
export const TOKEN_SIGMA = 0.6;

export interface TenantProfile {
  name: string;
  /** Relative share of the total traffic. */
  weight: number;
  /** Hour of the day (UTC) of the tenant's load peak: its users' working afternoon. */
  peakHourUtc: number;
  region: string;
  models: Partial<Record<ModelName, number>>;
  routes: Partial<Record<RouteName, number>>;
  environments: Record<string, number>;
}

const ENVIRONMENTS = { production: 0.85, staging: 0.12, development: 0.03 };

export const KNOWN_TENANTS: Record<string, TenantProfile> = {
  acme: {
    name: 'acme',
    weight: 0.5,
    peakHourUtc: 18, // US East afternoon
    region: 'us-east-1',
    models: {
      'gpt-4o': 0.3,
      'gpt-4o-mini': 0.3,
      'claude-sonnet-4': 0.2,
      'claude-3-5-haiku': 0.1,
      'gemini-2.0-flash': 0.05,
      'llama-3.1-70b': 0.05,
    },
    routes: { chat: 0.45, summarize: 0.2, search: 0.2, agent: 0.15 },
    environments: ENVIRONMENTS,
  },
  globex: {
    name: 'globex',
    weight: 0.3,
    peakHourUtc: 13, // Western Europe afternoon
    region: 'eu-west-1',
    models: {
      'claude-sonnet-4': 0.35,
      'claude-3-5-haiku': 0.25,
      'gemini-2.0-flash': 0.2,
      'gpt-4o-mini': 0.2,
    },
    routes: { search: 0.4, chat: 0.3, summarize: 0.2, agent: 0.1 },
    environments: ENVIRONMENTS,
  },
  initech: {
    name: 'initech',
    weight: 0.2,
    peakHourUtc: 21, // US West afternoon
    region: 'us-west-2',
    models: { 'llama-3.1-70b': 0.5, 'gpt-4o-mini': 0.3, 'gemini-2.0-flash': 0.2 },
    routes: { agent: 0.35, chat: 0.35, summarize: 0.2, search: 0.1 },
    environments: ENVIRONMENTS,
  },
};

export const DEFAULT_TENANTS = Object.keys(KNOWN_TENANTS);

/** Profile of any tenant name: the hand-written one when known, else an even mix peaking mid-day UTC. */
export function tenantProfile(name: string): TenantProfile {
  const known = KNOWN_TENANTS[name];
  if (known) return known;
  const uniform = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, 1])) as Record<K, number>;
  return {
    name,
    weight: 0.25,
    peakHourUtc: 15,
    region: 'us-east-2',
    models: uniform(MODEL_NAMES),
    routes: uniform(ROUTE_NAMES),
    environments: ENVIRONMENTS,
  };
}

/** Cost of one call from the built-in price list. */
export function callCostUsd(model: ModelName, promptTokens: number, completionTokens: number): number {
  const m = MODELS[model];
  return (promptTokens * m.inputPerMTok + completionTokens * m.outputPerMTok) / 1e6;
}

/** Mean cost of one call of a tenant (log-normal mean = median · e^(σ²/2)), to size its budget. */
export function meanCallCostUsd(tenant: TenantProfile): number {
  const logNormalMean = Math.exp((TOKEN_SIGMA * TOKEN_SIGMA) / 2);
  const modelTotal = sum(Object.values(tenant.models));
  const routeTotal = sum(Object.values(tenant.routes));
  let cost = 0;
  for (const [model, pm] of Object.entries(tenant.models) as [ModelName, number][]) {
    for (const [route, pr] of Object.entries(tenant.routes) as [RouteName, number][]) {
      const r = ROUTES[route];
      cost +=
        (pm / modelTotal) *
        (pr / routeTotal) *
        callCostUsd(model, r.promptTokensMedian * logNormalMean, r.completionTokensMedian * logNormalMean);
    }
  }
  return cost;
}

function sum(values: readonly (number | undefined)[]): number {
  return values.reduce<number>((s, v) => s + (v ?? 0), 0);
}

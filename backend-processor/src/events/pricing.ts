/**
 * Cost estimation for events that carry no cost: list prices from `@pydantic/genai-prices` (maintained
 * dataset with provider aliases, dated price changes and context-length tiers), with operator overrides
 * from a JSON file winning over it.
 *
 * The package is dual ESM/CJS; under our CommonJS output (and @swc/jest, which transforms only our .ts)
 * this import compiles to `require()`, which its `exports` map resolves to the CJS build `dist/index.cjs`.
 */
import { readFileSync } from 'node:fs';
import {
  calcPrice,
  findProvider,
  type ModelInfo,
  type ModelPrice,
  type Provider,
} from '@pydantic/genai-prices';
import { Type, type Static } from '@sinclair/typebox';
import Ajv, { type ErrorObject } from 'ajv';
import type { HubEvent } from './model';

/**
 * The overrides file (`HUB_PRICES_FILE`). Entries are matched case-insensitively; the most specific
 * matching entry wins: one naming the provider over one that doesn't, `exact` over `prefix`, a longer
 * prefix over a shorter one. Override prices are flat (no tiers, no history).
 */
const OverrideEntry = Type.Object(
  {
    /** Only events with this provider (as sent, e.g. `openai`); omitted: any provider. */
    provider: Type.Optional(Type.String({ minLength: 1 })),
    model: Type.String({ minLength: 1 }),
    /** Default `exact`; `prefix` also covers versioned names such as `my-finetune-2025-01-01`. */
    match: Type.Optional(Type.Unsafe<'exact' | 'prefix'>({ type: 'string', enum: ['exact', 'prefix'] })),
    /** US dollars per million prompt (input) tokens. */
    input_per_mtok: Type.Number({ minimum: 0 }),
    /** US dollars per million completion (output) tokens. */
    output_per_mtok: Type.Number({ minimum: 0 }),
    /** Free text for the operator (why this price); ignored. */
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export const PriceOverridesFile = Type.Object(
  // `$schema` lets editors validate the file; any other unknown key is more likely a typo.
  { $schema: Type.Optional(Type.String()), models: Type.Array(OverrideEntry) },
  { additionalProperties: false },
);
export type PriceOverridesFile = Static<typeof PriceOverridesFile>;

export class PriceOverridesError extends Error {
  constructor(file: string, detail: string) {
    super(`Invalid price overrides file ${file}: ${detail}`);
    this.name = 'PriceOverridesError';
  }
}

export interface PriceQuery {
  provider: string | null;
  model: string;
  promptTokens: number | null;
  completionTokens: number | null;
  /** Event time, ms since the epoch: the dataset holds dated price changes and time-of-day prices. */
  time: number;
}

export interface PriceTable {
  /** US dollars, or null when the model is unknown or neither token count is known. */
  estimateUsd(query: PriceQuery): number | null;
  /** For metrics and tests: the model → price resolution cache. */
  cacheStats(): { size: number; hits: number; misses: number };
}

export interface PriceTableOptions {
  overridesFile?: string | null;
  /** Distinct (provider, model) resolutions kept; events name a handful, junk names must not grow it. */
  cacheSize?: number;
}

interface Override {
  provider: string | null;
  model: string;
  prefix: boolean;
  inputPerMtok: number;
  outputPerMtok: number;
}

/** What a (provider, model) pair resolves to; resolved once, then cached. */
type Resolution =
  | { kind: 'override'; inputPerMtok: number; outputPerMtok: number }
  // The dataset entry pinned as a one-model provider: pricing it skips the provider and model search
  // but still lets the library pick the price for the event's time and token tier.
  | { kind: 'dataset'; provider: Provider; model: string }
  | null;

export function createPriceTable(options: PriceTableOptions = {}): PriceTable {
  const overrides = options.overridesFile ? loadOverrides(options.overridesFile) : [];
  const maxSize = Math.max(1, options.cacheSize ?? 1024);
  const cache = new Map<string, Resolution>();
  let hits = 0;
  let misses = 0;

  function resolveCached(provider: string | null, model: string): Resolution {
    const key = `${provider ?? ''}\u0000${model}`;
    const cached = cache.get(key);
    if (cached !== undefined) {
      hits++;
      // Re-insert so Map order is least-recently-used first.
      cache.delete(key);
      cache.set(key, cached);
      return cached;
    }
    misses++;
    const resolved = resolve(overrides, provider, model);
    cache.set(key, resolved);
    if (cache.size > maxSize) cache.delete(cache.keys().next().value as string);
    return resolved;
  }

  return {
    estimateUsd(query) {
      const input = tokens(query.promptTokens);
      const output = tokens(query.completionTokens);
      if (input === null && output === null) return null;
      const model = query.model.trim().toLowerCase();
      if (model === '') return null;
      const provider = query.provider?.trim().toLowerCase() || null;
      try {
        const resolved = resolveCached(provider, model);
        if (resolved === null) return null;
        if (resolved.kind === 'override') {
          return ((input ?? 0) * resolved.inputPerMtok + (output ?? 0) * resolved.outputPerMtok) / 1e6;
        }
        const result = calcPrice({ input_tokens: input ?? 0, output_tokens: output ?? 0 }, resolved.model, {
          provider: resolved.provider,
          timestamp: new Date(query.time),
        });
        // Models priced per image, page or second are not token-priced: a 0 would be a wrong estimate.
        const tokenPriced =
          result?.model_price.input_mtok !== undefined || result?.model_price.output_mtok !== undefined;
        return result && tokenPriced ? result.total_price : null;
      } catch {
        // The library throws on data it cannot price (e.g. an invalid time); one event must not stop ingest.
        return null;
      }
    },
    cacheStats: () => ({ size: cache.size, hits, misses }),
  };
}

/** Fills `costUsd` (and sets `costEstimated`) only for an event without a cost that has a model and tokens. */
export function applyCostEstimate(event: HubEvent, table: PriceTable): HubEvent {
  if (event.costUsd !== null || event.model === null) return event;
  if (event.promptTokens === null && event.completionTokens === null) return event;
  const costUsd = table.estimateUsd({
    provider: event.provider,
    model: event.model,
    promptTokens: event.promptTokens,
    completionTokens: event.completionTokens,
    time: event.time,
  });
  return costUsd === null ? event : { ...event, costUsd, costEstimated: true };
}

function tokens(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value >= 0 ? value : null;
}

function resolve(overrides: readonly Override[], provider: string | null, model: string): Resolution {
  const override = overrides.find(
    (o) =>
      (o.provider === null || o.provider === provider) &&
      (o.prefix ? model.startsWith(o.model) : model === o.model),
  );
  if (override) {
    return { kind: 'override', inputPerMtok: override.inputPerMtok, outputPerMtok: override.outputPerMtok };
  }

  // A provider the dataset knows (ids and aliases such as `gcp.vertex_ai`, `aws.bedrock`) limits the
  // search to its catalog: better no estimate than another provider's price. An unknown provider
  // (a proxy, a self-hosted gateway) says nothing, so the model name alone decides.
  if (provider !== null && findProvider({ providerId: provider })) return lookup(model, provider);
  const byModel = lookup(model, undefined);
  if (byModel) return byModel;
  // Gateways (LiteLLM, OpenRouter-style) name models `provider/model`.
  const slash = model.indexOf('/');
  if (slash > 0 && findProvider({ providerId: model.slice(0, slash) })) {
    return lookup(model.slice(slash + 1), model.slice(0, slash));
  }
  return null;
}

function lookup(model: string, providerId: string | undefined): Resolution {
  const found = calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { providerId });
  if (!found) return null;
  const { prices } = found.model;
  const pinned: ModelInfo = {
    ...found.model,
    prices: Array.isArray(prices)
      ? prices.map((p) => ({ ...p, prices: tokenPrices(p.prices) }))
      : tokenPrices(prices),
  };
  const { id, name, api_pattern } = found.provider;
  return { kind: 'dataset', provider: { id, name, api_pattern, models: [pinned] }, model };
}

/**
 * Events report only prompt and completion tokens, so cache, audio and tool prices add nothing to
 * their cost; dropping them leaves the library's total unchanged (checked over the whole dataset) and
 * makes each call about 5x cheaper, as it splits usage over every priced unit.
 */
const TOKEN_PRICE_KEYS = ['input_mtok', 'output_mtok', 'requests_kcount'];
function tokenPrices(prices: ModelPrice): ModelPrice {
  return Object.fromEntries(Object.entries(prices).filter(([key]) => TOKEN_PRICE_KEYS.includes(key)));
}

function loadOverrides(file: string): Override[] {
  // Duck-typed: under jest, Node's own errors are not `instanceof` the test realm's Error.
  const reason = (err: unknown) => (err as { code?: string }).code ?? (err as { message?: string }).message;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PriceOverridesError(file, `cannot be read: ${reason(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new PriceOverridesError(file, `not valid JSON: ${reason(err)}`);
  }
  const validate = new Ajv({ allErrors: true }).compile<PriceOverridesFile>(PriceOverridesFile);
  if (!validate(data)) throw new PriceOverridesError(file, (validate.errors ?? []).map(describe).join('; '));

  const seen = new Map<string, number>();
  const entries = data.models.map((entry, index): Override & { index: number } => {
    const override = {
      index,
      provider: entry.provider?.trim().toLowerCase() || null,
      model: entry.model.trim().toLowerCase(),
      prefix: entry.match === 'prefix',
      inputPerMtok: entry.input_per_mtok,
      outputPerMtok: entry.output_per_mtok,
    };
    // Two entries for the same thing would leave the price up to file order: refuse.
    const key = `${override.provider ?? ''}\u0000${override.model}\u0000${override.prefix}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new PriceOverridesError(file, `entry models[${index}] repeats models[${first}]`);
    }
    seen.set(key, index);
    return override;
  });
  // Most specific first, so that the first match is the winner.
  return entries.sort(
    (a, b) =>
      Number(b.provider !== null) - Number(a.provider !== null) ||
      Number(a.prefix) - Number(b.prefix) ||
      b.model.length - a.model.length ||
      a.index - b.index,
  );
}

/** `entry models[1], field input_per_mtok: must be >= 0` from ajv's `/models/1/input_per_mtok`. */
function describe(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1);
  const field =
    error.keyword === 'required'
      ? (error.params as { missingProperty: string }).missingProperty
      : error.keyword === 'additionalProperties'
        ? (error.params as { additionalProperty: string }).additionalProperty
        : path[2];
  const reason =
    error.keyword === 'required'
      ? 'is required'
      : error.keyword === 'additionalProperties'
        ? 'is not a known field'
        : error.keyword === 'enum'
          ? `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
          : (error.message ?? 'is invalid');
  if (path[0] === 'models' && path[1] !== undefined) {
    return `entry models[${path[1]}]${field !== undefined ? `, field ${field}` : ''}: ${reason}`;
  }
  return `${field !== undefined ? `field ${field}` : path.length ? path.join('.') : 'top level'}: ${reason}`;
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calcPrice, findProvider } from '@pydantic/genai-prices';
import type { HubEvent } from '../../src/events/model';
import { applyCostEstimate, createPriceTable, PriceOverridesError } from '../../src/events/pricing';

/*
 * Expectations are computed by hand from the dataset's own list prices (USD per million tokens) in
 * @pydantic/genai-prices 0.1.8. The first test checks these figures against the package, so a data
 * update that changes them fails there with the new figures, not as a puzzling arithmetic mismatch.
 *
 *   openai    gpt-4o             input 2.5, output 10
 *   anthropic claude-3-5-sonnet  input 3,   output 15
 *   google    gemini-1.5-flash   input 0.075, output 0.3; above 128,000 prompt tokens 0.15 and 0.6
 *   openai    o3                 input 10, output 40; from 2025-06-10 input 2, output 8
 */
const JUNE_2025 = Date.UTC(2025, 5, 1);
const JULY_2025 = Date.UTC(2025, 6, 1);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pricing-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeOverrides(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function query(
  model: string,
  provider: string | null,
  promptTokens: number | null,
  completionTokens: number | null,
) {
  return { model, provider, promptTokens, completionTokens, time: JULY_2025 };
}

describe('dataset prices', () => {
  const table = createPriceTable({});

  it('are the figures the expectations below are built from', () => {
    const price = (model: string, providerId: string, time = JULY_2025) =>
      calcPrice({ input_tokens: 0 }, model, { providerId, timestamp: new Date(time) })?.model_price;
    expect(price('gpt-4o', 'openai')).toMatchObject({ input_mtok: 2.5, output_mtok: 10 });
    expect(price('claude-3-5-sonnet', 'anthropic')).toMatchObject({ input_mtok: 3, output_mtok: 15 });
    expect(price('gemini-1.5-flash', 'google')).toMatchObject({
      input_mtok: { base: 0.075, tiers: [{ start: 128000, price: 0.15 }] },
      output_mtok: { base: 0.3, tiers: [{ start: 128000, price: 0.6 }] },
    });
    expect(price('o3', 'openai', JUNE_2025)).toMatchObject({ input_mtok: 10, output_mtok: 40 });
    expect(price('o3', 'openai', JULY_2025)).toMatchObject({ input_mtok: 2, output_mtok: 8 });
  });

  it('prices gpt-4o with or without the provider', () => {
    // 1,000 × 2.5/1M + 500 × 10/1M = 0.0025 + 0.005
    expect(table.estimateUsd(query('gpt-4o', 'openai', 1000, 500))).toBeCloseTo(0.0075, 12);
    expect(table.estimateUsd(query('gpt-4o', null, 1000, 500))).toBeCloseTo(0.0075, 12);
    expect(table.estimateUsd(query('GPT-4o', 'OpenAI', 1000, 500))).toBeCloseTo(0.0075, 12);
  });

  it('prices a dated claude-3-5-sonnet name with or without the provider', () => {
    // 2,000 × 3/1M + 1,000 × 15/1M = 0.006 + 0.015
    expect(table.estimateUsd(query('claude-3-5-sonnet-20241022', 'anthropic', 2000, 1000))).toBeCloseTo(
      0.021,
      12,
    );
    expect(table.estimateUsd(query('claude-3-5-sonnet-20241022', null, 2000, 1000))).toBeCloseTo(0.021, 12);
  });

  it('prices gemini-1.5-flash by its prompt-length tier, provider given as an OTel system name', () => {
    // 10,000 × 0.075/1M + 2,000 × 0.3/1M = 0.00075 + 0.0006
    expect(table.estimateUsd(query('gemini-1.5-flash', 'gcp.vertex_ai', 10_000, 2000))).toBeCloseTo(
      0.00135,
      12,
    );
    // Above 128,000 prompt tokens: 200,000 × 0.15/1M + 1,000 × 0.6/1M = 0.03 + 0.0006
    expect(table.estimateUsd(query('gemini-1.5-flash', 'google', 200_000, 1000))).toBeCloseTo(0.0306, 12);
  });

  it('uses the price in force at the event time', () => {
    // 1,000 × 10/1M + 1,000 × 40/1M before 2025-06-10; 1,000 × 2/1M + 1,000 × 8/1M after.
    const o3 = { model: 'o3', provider: 'openai', promptTokens: 1000, completionTokens: 1000 };
    expect(table.estimateUsd({ ...o3, time: JUNE_2025 })).toBeCloseTo(0.05, 12);
    expect(table.estimateUsd({ ...o3, time: JULY_2025 })).toBeCloseTo(0.01, 12);
  });

  it('counts a missing token count as zero, and gives null when neither is known', () => {
    expect(table.estimateUsd(query('gpt-4o', 'openai', 1000, null))).toBeCloseTo(0.0025, 12);
    expect(table.estimateUsd(query('gpt-4o', 'openai', null, 500))).toBeCloseTo(0.005, 12);
    expect(table.estimateUsd(query('gpt-4o', 'openai', null, null))).toBeNull();
  });

  it('gives null for an unknown model', () => {
    expect(table.estimateUsd(query('no-such-model-xyz', null, 1000, 500))).toBeNull();
    expect(table.estimateUsd(query('no-such-model-xyz', 'openai', 1000, 500))).toBeNull();
  });

  it("keeps a known provider to its own catalog, and ignores one the dataset doesn't know", () => {
    expect(table.estimateUsd(query('claude-3-5-sonnet', 'openai', 1000, 500))).toBeNull();
    expect(table.estimateUsd(query('gpt-4o', 'my-gateway', 1000, 500))).toBeCloseTo(0.0075, 12);
  });

  it('understands gateway-style provider/model names', () => {
    expect(table.estimateUsd(query('openai/gpt-4o', null, 1000, 500))).toBeCloseTo(0.0075, 12);
    expect(table.estimateUsd(query('openai/gpt-4o', 'litellm', 1000, 500))).toBeCloseTo(0.0075, 12);
  });
});

describe('dataset-wide', () => {
  // The table prices a model pinned with only its token prices; this checks that gives the library's own
  // total for every model of the main providers, across tiers, dated prices and time-of-day prices.
  it("matches the library's full calculation", () => {
    const table = createPriceTable({ cacheSize: 10_000 });
    // Every provider in the 0.1.8 dataset (the package exports no list).
    const providers = (
      'anthropic arcee avian aws azure baseten cerebras cloudflare cohere cursor deepseek doubleword fireworks ' +
      'github-copilot google groq minimax mistral modal moonshotai novita openai openrouter ovhcloud perplexity ' +
      'quicksilverpro together typesafe voyageai x-ai zai zhipuai'
    ).split(' ');
    const cases = [
      [1000, 200, Date.UTC(2024, 0, 1, 12)],
      [300_000, 5000, Date.UTC(2025, 6, 1, 3)],
      [0, 10, Date.UTC(2026, 0, 1, 20)],
    ] as const;
    let compared = 0;
    for (const providerId of providers) {
      const provider = findProvider({ providerId });
      expect(provider).toBeDefined();
      for (const { id } of provider?.models ?? []) {
        for (const [input, output, time] of cases) {
          const full = calcPrice({ input_tokens: input, output_tokens: output }, id, {
            providerId,
            timestamp: new Date(time),
          });
          const tokenPriced =
            full?.model_price.input_mtok !== undefined || full?.model_price.output_mtok !== undefined;
          const expected = full && tokenPriced ? full.total_price : null;
          const actual = table.estimateUsd({
            provider: providerId,
            model: id,
            promptTokens: input,
            completionTokens: output,
            time,
          });
          if (expected === null) expect(actual).toBeNull();
          else expect(actual).toBeCloseTo(expected, 12);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('resolution cache', () => {
  it('resolves each (provider, model) once and stays within its bound', () => {
    const table = createPriceTable({ cacheSize: 2 });
    for (let i = 0; i < 100; i++) table.estimateUsd(query('gpt-4o', 'openai', 1000, 500));
    expect(table.cacheStats()).toEqual({ size: 1, hits: 99, misses: 1 });

    table.estimateUsd(query('claude-3-5-sonnet', null, 1, 1));
    table.estimateUsd(query('no-such-model-xyz', null, 1, 1));
    expect(table.cacheStats().size).toBe(2);
    // gpt-4o was least recently used, so it was evicted and is resolved again.
    table.estimateUsd(query('gpt-4o', 'openai', 1000, 500));
    expect(table.cacheStats().misses).toBe(4);
  });
});

describe('overrides file', () => {
  it('wins over the dataset, adds models, and the most specific entry wins', () => {
    const file = writeOverrides('good.json', {
      models: [
        { model: 'gpt-4o', input_per_mtok: 1, output_per_mtok: 2, note: 'negotiated discount' },
        { provider: 'azure', model: 'gpt-4o', input_per_mtok: 3, output_per_mtok: 4 },
        { model: 'my-finetune', match: 'prefix', input_per_mtok: 5, output_per_mtok: 6 },
        { model: 'my-finetune-v2', match: 'prefix', input_per_mtok: 7, output_per_mtok: 8 },
      ],
    });
    const table = createPriceTable({ overridesFile: file });
    // 1,000,000 × 1/1M + 1,000,000 × 2/1M, instead of the dataset's 2.5 and 10.
    expect(table.estimateUsd(query('gpt-4o', 'openai', 1e6, 1e6))).toBeCloseTo(3, 12);
    expect(table.estimateUsd(query('gpt-4o', null, 1e6, 1e6))).toBeCloseTo(3, 12);
    expect(table.estimateUsd(query('gpt-4o', 'Azure', 1e6, 1e6))).toBeCloseTo(7, 12);
    expect(table.estimateUsd(query('my-finetune-2025-01-01', 'vllm', 1e6, 1e6))).toBeCloseTo(11, 12);
    expect(table.estimateUsd(query('my-finetune-v2-beta', null, 1e6, 1e6))).toBeCloseTo(15, 12);
    // Models not overridden still come from the dataset.
    expect(table.estimateUsd(query('claude-3-5-sonnet', 'anthropic', 2000, 1000))).toBeCloseTo(0.021, 12);
  });

  it.each([
    [
      'a wrong type',
      {
        models: [
          { model: 'a', input_per_mtok: 1, output_per_mtok: 1 },
          { model: 'b', input_per_mtok: '1', output_per_mtok: 1 },
        ],
      },
      'entry models[1], field input_per_mtok: must be number',
    ],
    [
      'a missing field',
      { models: [{ model: 'a', input_per_mtok: 1 }] },
      'entry models[0], field output_per_mtok: is required',
    ],
    [
      'a misspelt field',
      { models: [{ model: 'a', input_per_mtoken: 1, input_per_mtok: 1, output_per_mtok: 1 }] },
      'entry models[0], field input_per_mtoken: is not a known field',
    ],
    [
      'a negative price',
      { models: [{ model: 'a', input_per_mtok: -1, output_per_mtok: 1 }] },
      'entry models[0], field input_per_mtok: must be >= 0',
    ],
    [
      'an unknown match',
      { models: [{ model: 'a', match: 'regex', input_per_mtok: 1, output_per_mtok: 1 }] },
      'entry models[0], field match: must be one of exact, prefix',
    ],
    ['no models', { prices: [] }, 'field models: is required'],
    [
      'a repeated entry',
      {
        models: [
          { model: 'a', input_per_mtok: 1, output_per_mtok: 1 },
          { model: 'A', input_per_mtok: 2, output_per_mtok: 2 },
        ],
      },
      'entry models[1] repeats models[0]',
    ],
    ['invalid JSON', '{ "models": [ }', 'not valid JSON: Unexpected token'],
  ])('refuses %s, naming the file, entry and field', (_what, content, detail) => {
    const file = writeOverrides('bad.json', content);
    const load = () => createPriceTable({ overridesFile: file });
    expect(load).toThrow(PriceOverridesError);
    expect(load).toThrow(`Invalid price overrides file ${file}: `);
    expect(load).toThrow(detail);
  });

  it('refuses a missing file, naming it', () => {
    const file = join(dir, 'missing.json');
    expect(() => createPriceTable({ overridesFile: file })).toThrow(
      `Invalid price overrides file ${file}: cannot be read: ENOENT`,
    );
  });
});

describe('applyCostEstimate', () => {
  const table = createPriceTable({});
  const event: HubEvent = {
    eventId: 'e1',
    time: JULY_2025,
    tenant: 'default',
    sourceModule: 'llm-observatory',
    eventType: 'telemetry',
    kind: 'llm_call',
    severity: 'info',
    environment: 'test',
    schemaVersion: '1',
    model: 'gpt-4o',
    provider: 'openai',
    route: null,
    correlationId: null,
    parentEventId: null,
    requestId: null,
    latencyMs: null,
    ttftMs: null,
    promptTokens: 1000,
    completionTokens: 500,
    totalTokens: 1500,
    tokensPerSecond: null,
    costUsd: null,
    costEstimated: false,
    isError: false,
    errorType: null,
    tags: {},
    attributes: {},
  };

  it('fills the cost of an event that has none and marks it estimated', () => {
    const estimated = applyCostEstimate(event, table);
    expect(estimated.costUsd).toBeCloseTo(0.0075, 12);
    expect(estimated.costEstimated).toBe(true);
    expect(event.costUsd).toBeNull();
  });

  it('leaves an event with its own cost untouched, even a zero cost', () => {
    const own = { ...event, costUsd: 0.42 };
    expect(applyCostEstimate(own, table)).toBe(own);
    const free = { ...event, costUsd: 0 };
    expect(applyCostEstimate(free, table)).toBe(free);
  });

  it('leaves events without a model, without tokens or with an unknown model as they are', () => {
    for (const e of [
      { ...event, model: null },
      { ...event, promptTokens: null, completionTokens: null },
      { ...event, model: 'no-such-model-xyz' },
    ]) {
      expect(applyCostEstimate(e, table)).toBe(e);
    }
  });
});

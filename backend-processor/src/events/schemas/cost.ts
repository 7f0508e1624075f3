import { Type } from '@sinclair/typebox';
import { Count, Id, NonNegative, OpenEnum, Strict, StringEnum, Text } from './primitives';

/**
 * Cost payloads (LLM-CostOps). Amounts are US dollars where the field name says `_usd`; token_cost
 * also names a `currency`, and an amount in another currency is not converted (see normalize.ts).
 */
export const CostPayloads = {
  token_cost: Strict({
    model_id: Id,
    request_id: Id,
    prompt_tokens: Count,
    completion_tokens: Count,
    total_tokens: Count,
    cost_per_prompt_token: NonNegative,
    cost_per_completion_token: NonNegative,
    total_cost_usd: NonNegative,
    currency: Type.String({ minLength: 1, maxLength: 16, description: 'ISO 4217 code, e.g. USD' }),
  }),
  api_cost: Strict({
    provider: Id,
    api_endpoint: Text,
    request_count: Count,
    cost_per_request: NonNegative,
    total_cost_usd: NonNegative,
    billing_period: Text,
  }),
  resource_consumption: Strict({
    resource_type: OpenEnum(['compute', 'storage', 'network', 'memory', 'gpu']),
    resource_id: Id,
    quantity: NonNegative,
    unit: Text,
    cost_usd: NonNegative,
    // Not capped at 100: multi-core or burst utilization is reported above it.
    utilization_percent: NonNegative,
  }),
  budget_alert: Strict({
    budget_id: Id,
    budget_name: Text,
    budget_limit_usd: NonNegative,
    current_spend_usd: NonNegative,
    // Thresholds past 100 % are meaningful ("alert at 120 % of budget").
    threshold_percent: NonNegative,
    alert_type: StringEnum(['warning', 'critical', 'exceeded']),
  }),
};

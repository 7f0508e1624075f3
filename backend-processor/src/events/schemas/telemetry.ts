import { Type } from '@sinclair/typebox';
import { Count, Id, NonNegative, Opt, Percent, Strict } from './primitives';

/**
 * Telemetry payloads (LLM-Observatory). Durations in milliseconds, rates per second, windows in
 * seconds, as the field names say: nothing needs converting.
 */
export const TelemetryPayloads = {
  latency: Strict(
    {
      model_id: Id,
      // Optional although EVENTS.md lists it: the hub README's REST example sends a latency without one.
      request_id: Opt(Id),
      // Exactly one of the two spellings (checked after the schema, see normalize.ts): the Rust
      // model writes total_latency_ms, the REST example latency_ms.
      total_latency_ms: Opt(NonNegative),
      latency_ms: Opt(NonNegative),
      ttft_ms: Opt(NonNegative),
      tokens_per_second: Opt(NonNegative),
      breakdown: Opt(
        Strict({
          queue_time_ms: NonNegative,
          processing_time_ms: NonNegative,
          network_time_ms: NonNegative,
          other_ms: NonNegative,
        }),
      ),
    },
    { description: 'exactly one of total_latency_ms and latency_ms is required' },
  ),
  throughput: Strict({
    model_id: Id,
    requests_per_second: NonNegative,
    tokens_per_second: NonNegative,
    concurrent_requests: Count,
    window_duration_seconds: NonNegative,
  }),
  error_rate: Strict({
    model_id: Id,
    total_requests: Count,
    failed_requests: Count,
    error_rate_percent: Percent,
    error_breakdown: Type.Record(Type.String(), Count, { description: 'error type → count' }),
    window_duration_seconds: NonNegative,
  }),
  token_usage: Strict({
    model_id: Id,
    request_id: Id,
    prompt_tokens: Count,
    completion_tokens: Count,
    total_tokens: Count,
  }),
  model_performance: Strict({
    model_id: Id,
    accuracy: Opt(Type.Number()),
    quality_score: Opt(Type.Number()),
    user_satisfaction: Opt(Type.Number()),
    custom_metrics: Type.Record(Type.String(), Type.Number(), { description: 'metric name → value' }),
  }),
};

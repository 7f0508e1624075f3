/** The words of the query API: metrics, measures, windows, dimensions. */

/** Metric → unit and meaning. Counts (`requests`, …) have only count-like measures that make sense. */
export const METRICS = {
  latency_ms: { unit: 'ms', description: 'End-to-end latency of an LLM call' },
  ttft_ms: { unit: 'ms', description: 'Time to first token' },
  prompt_tokens: { unit: 'tokens', description: 'Prompt (input) tokens' },
  completion_tokens: { unit: 'tokens', description: 'Completion (output) tokens' },
  total_tokens: { unit: 'tokens', description: 'Prompt plus completion tokens' },
  tokens_per_second: { unit: 'tokens/s', description: 'Output tokens per second of generation' },
  cost_usd: { unit: 'USD', description: 'Spend, reported or estimated from the price table' },
  requests: { unit: 'events', description: 'Events (LLM calls for telemetry events)' },
  errors: { unit: 'events', description: 'Events marked as errors' },
  error_rate: { unit: 'ratio', description: 'errors / requests, from 0 to 1' },
  threats: { unit: 'events', description: 'Security threat events' },
  policy_violations: { unit: 'events', description: 'Governance policy violation events' },
  audit_events: { unit: 'events', description: 'Audit trail events' },
} as const;
export type Metric = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as Metric[];

/** Metrics with a value per event: they have the full set of measures, percentiles included. */
export const VALUE_METRICS = [
  'latency_ms',
  'ttft_ms',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'tokens_per_second',
  'cost_usd',
] as const satisfies readonly Metric[];
export type ValueMetric = (typeof VALUE_METRICS)[number];

/** Metrics that count events: `count`, `sum` (the same), and `rate` apply; `error_rate` is a ratio. */
export const COUNT_METRICS = [
  'requests',
  'errors',
  'threats',
  'policy_violations',
  'audit_events',
] as const satisfies readonly Metric[];

export const MEASURES = [
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'stddev',
  'p50',
  'p90',
  'p95',
  'p99',
  'rate',
] as const;
export type Measure = (typeof MEASURES)[number];

const COUNT_MEASURES = ['count', 'sum', 'rate'] as const satisfies readonly Measure[];

/** Which measures a metric supports. */
export function measuresOf(metric: Metric): readonly Measure[] {
  if ((VALUE_METRICS as readonly string[]).includes(metric)) return MEASURES;
  return metric === 'error_rate' ? ['avg'] : COUNT_MEASURES;
}

/**
 * Unit of a measure's values: the metric's unit, except `count` (how many values or events) and
 * `rate` (the metric's unit per second; events/s for counts).
 */
export function unitOf(metric: Metric, measure: Measure): string {
  const unit = METRICS[metric].unit;
  if (measure === 'count') return 'events';
  if (measure === 'rate') return `${unit}/s`;
  return unit;
}

export const WINDOWS = ['1m', '5m', '15m', '1h', '6h', '1d', '1w', '1M'] as const;
export type Window = (typeof WINDOWS)[number];

/** The dimensions of every rollup: filters and group-by work on each. */
export const DIMENSIONS = [
  'tenant',
  'model',
  'provider',
  'route',
  'environment',
  'source_module',
  'event_type',
  'severity',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Anomaly severities, from the detector's score: 0.6 low, 0.7 medium, 0.8 high, 0.9 critical. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
/** `rate`: events come much more or less often than expected (request counts). */
export const ANOMALY_KINDS = ['spike', 'drop', 'level_shift', 'variance_change', 'rate'] as const;

/** The kinds of link in the correlation graph. */
export const CORRELATION_KINDS = [
  'causal',
  'trace',
  'temporal',
  'metric_lag',
  'cost_performance',
  'security_compliance',
  'anomaly_cooccurrence',
] as const;

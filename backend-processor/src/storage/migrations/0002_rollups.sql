-- Rollups: per full dimension tuple and time bucket, counts and, for each value metric, count, sum,
-- min, max, sum of squares and a DDSketch (1 % relative accuracy, protobuf bytes) for percentiles.
-- Three tiers, each written in the same transaction as the events they count (see rollups/), so
-- aggregates equal those over the distinct stored events: 1 minute (kept 90 days), 1 hour (1 year),
-- 1 day (3 years, UTC days). Missing dimension values are stored as '' so the key is never NULL.

CREATE TABLE rollup_1m (
  bucket timestamptz NOT NULL,
  tenant text NOT NULL,
  model text NOT NULL,
  provider text NOT NULL,
  route text NOT NULL,
  environment text NOT NULL,
  source_module text NOT NULL,
  event_type text NOT NULL,
  severity text NOT NULL,
  -- The tags declared as rollup dimensions (HUB_ROLLUP_TAGS), e.g. {"region": "eu-west-1"}.
  tags jsonb NOT NULL,
  events bigint NOT NULL,
  errors bigint NOT NULL,
  threats bigint NOT NULL,
  policy_violations bigint NOT NULL,
  audit_events bigint NOT NULL,
  latency_ms_count bigint NOT NULL, latency_ms_sum float8, latency_ms_min float8, latency_ms_max float8, latency_ms_sumsq float8, latency_ms_sketch bytea,
  ttft_ms_count bigint NOT NULL, ttft_ms_sum float8, ttft_ms_min float8, ttft_ms_max float8, ttft_ms_sumsq float8, ttft_ms_sketch bytea,
  prompt_tokens_count bigint NOT NULL, prompt_tokens_sum float8, prompt_tokens_min float8, prompt_tokens_max float8, prompt_tokens_sumsq float8, prompt_tokens_sketch bytea,
  completion_tokens_count bigint NOT NULL, completion_tokens_sum float8, completion_tokens_min float8, completion_tokens_max float8, completion_tokens_sumsq float8, completion_tokens_sketch bytea,
  total_tokens_count bigint NOT NULL, total_tokens_sum float8, total_tokens_min float8, total_tokens_max float8, total_tokens_sumsq float8, total_tokens_sketch bytea,
  tokens_per_second_count bigint NOT NULL, tokens_per_second_sum float8, tokens_per_second_min float8, tokens_per_second_max float8, tokens_per_second_sumsq float8, tokens_per_second_sketch bytea,
  cost_usd_count bigint NOT NULL, cost_usd_sum float8, cost_usd_min float8, cost_usd_max float8, cost_usd_sumsq float8, cost_usd_sketch bytea,
  PRIMARY KEY (bucket, tenant, model, provider, route, environment, source_module, event_type, severity, tags)
);

CREATE TABLE rollup_1h (LIKE rollup_1m INCLUDING ALL);
CREATE TABLE rollup_1d (LIKE rollup_1m INCLUDING ALL);

-- @if timescaledb
-- On TimescaleDB the tiers are hypertables whose chunks the retention policies drop. (They are not
-- continuous aggregates: those recompute from the raw events after the fact and cannot merge
-- DDSketches; written in the ingest transaction instead, the rollups are exact and current at once.)
SELECT create_hypertable('rollup_1m', by_range('bucket', INTERVAL '7 days'));
SELECT create_hypertable('rollup_1h', by_range('bucket', INTERVAL '90 days'));
SELECT create_hypertable('rollup_1d', by_range('bucket', INTERVAL '365 days'));
SELECT add_retention_policy('rollup_1m', INTERVAL '90 days');
SELECT add_retention_policy('rollup_1h', INTERVAL '365 days');
SELECT add_retention_policy('rollup_1d', INTERVAL '1095 days');
-- @end

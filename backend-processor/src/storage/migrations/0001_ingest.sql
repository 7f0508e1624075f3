-- Raw events, the dead-letter table, API keys and the request/response pairs awaiting their other half.
-- Lines between "-- @if timescaledb" / "-- @else" / "-- @end" apply to one flavor only (see migrate.ts).

CREATE TABLE events (
  time timestamptz NOT NULL,
  event_id text NOT NULL,
  tenant text NOT NULL,
  source_module text NOT NULL,
  event_type text NOT NULL,
  kind text NOT NULL,
  severity text NOT NULL,
  environment text NOT NULL,
  schema_version text NOT NULL,
  model text,
  provider text,
  route text,
  correlation_id text,
  parent_event_id text,
  request_id text,
  latency_ms double precision,
  ttft_ms double precision,
  prompt_tokens bigint,
  completion_tokens bigint,
  total_tokens bigint,
  tokens_per_second double precision,
  cost_usd double precision,
  cost_estimated boolean NOT NULL,
  is_error boolean NOT NULL,
  error_type text,
  tags jsonb NOT NULL,
  attributes jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- The dedup guard: a re-sent event (same id, same time) is stored once.
  PRIMARY KEY (time, event_id)
)
-- @if timescaledb
;
SELECT create_hypertable('events', by_range('time', INTERVAL '1 day'));
ALTER TABLE events SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'tenant',
  timescaledb.compress_orderby = 'time DESC, event_id'
);
SELECT add_compression_policy('events', INTERVAL '7 days');
-- The retention policy follows HUB_RAW_RETENTION_DAYS and is set at start-up (retention.ts).
-- @else
-- Daily partitions, created ahead of the writes and dropped past retention by the processor.
PARTITION BY RANGE (time);
-- @end

CREATE INDEX events_tenant_time ON events (tenant, time DESC);
CREATE INDEX events_correlation ON events (correlation_id) WHERE correlation_id IS NOT NULL;

CREATE TABLE dead_letters (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- Where it came from, e.g. "POST /api/v1/events" or "pair expiry".
  source text NOT NULL,
  tenant text,
  item_index integer,
  code text NOT NULL,
  path text NOT NULL,
  reason text NOT NULL,
  -- The rejected bytes exactly as received (they may not even be valid UTF-8).
  body bytea NOT NULL
);
CREATE INDEX dead_letters_received_at ON dead_letters (received_at);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- SHA-256 of the key: keys are 192-bit random, so a slow hash would add nothing but latency.
  key_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  tenant text,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

CREATE TABLE pending_pairs (
  request_id text PRIMARY KEY,
  request jsonb,
  response jsonb,
  -- Set once the halves were joined into an event; kept until expiry so a re-sent half is a duplicate.
  joined boolean NOT NULL DEFAULT false,
  first_seen timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_pairs_first_seen ON pending_pairs (first_seen);

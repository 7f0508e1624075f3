-- Anomalies found by the live detectors (analytics/anomaly/): one row per episode of one series,
-- from the first anomalous minute to the first ordinary one after it (ended_at NULL while active).
CREATE TABLE anomalies (
  id bigserial PRIMARY KEY,
  -- The series: metric, measure and the group it is of (e.g. {"model": "gpt-4o"}; {} for all).
  metric text NOT NULL,
  measure text NOT NULL,
  labels jsonb NOT NULL,
  kind text NOT NULL,
  severity text NOT NULL,
  -- The strongest minute of the episode: its score, value, and what was expected with the band.
  score float8 NOT NULL,
  peak_at timestamptz NOT NULL,
  value float8 NOT NULL,
  expected float8 NOT NULL,
  lower float8 NOT NULL,
  upper float8 NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  UNIQUE (metric, measure, labels, started_at)
);
CREATE INDEX anomalies_started ON anomalies (started_at DESC);
CREATE INDEX anomalies_active ON anomalies (metric) WHERE ended_at IS NULL;

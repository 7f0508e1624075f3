-- The latest forecast of each forecast series (analytics/forecast/service.ts), refreshed on a
-- schedule: the model chosen by the backtest, the seasons it used, and the points of the horizon.
CREATE TABLE forecasts (
  metric text NOT NULL,
  measure text NOT NULL,
  labels jsonb NOT NULL,
  step_seconds integer NOT NULL,
  generated_at timestamptz NOT NULL,
  model text NOT NULL,
  seasons integer[] NOT NULL,
  -- [{"time": ms, "forecast": x, "lower_80": x, "upper_80": x, "lower_95": x, "upper_95": x}, …]
  points jsonb NOT NULL,
  PRIMARY KEY (metric, measure, labels, step_seconds)
);

-- Rollup views (rollups/tables.ts): the statistics of the rollup tiers over a subset of the
-- dimensions, the others stored as '' and no tags, in 5-minute, 1-hour and 1-day tiers. Queries
-- that group and filter only by a view's dimensions read a view instead of the far larger full
-- tuple. Written in the ingest transaction like the other tiers.

DO $$
DECLARE
  view_name text;
  tier text;
BEGIN
  FOREACH view_name IN ARRAY ARRAY['model', 'tenant_model', 'tenant_route'] LOOP
    FOREACH tier IN ARRAY ARRAY['5m', '1h', '1d'] LOOP
      EXECUTE format('CREATE TABLE %I (LIKE rollup_1m INCLUDING ALL)', 'rollup_' || view_name || '_' || tier);
    END LOOP;
  END LOOP;
END $$;

-- @if timescaledb
-- Hypertables whose chunks the retention policies drop: 5m like 1m (90 days), 1h 1 year, 1d 3 years.
DO $$
DECLARE
  view_name text;
  tier record;
BEGIN
  FOREACH view_name IN ARRAY ARRAY['model', 'tenant_model', 'tenant_route'] LOOP
    FOR tier IN SELECT * FROM (VALUES ('5m', INTERVAL '7 days', INTERVAL '90 days'),
                                      ('1h', INTERVAL '90 days', INTERVAL '365 days'),
                                      ('1d', INTERVAL '365 days', INTERVAL '1095 days')) AS t(name, chunk, keep) LOOP
      PERFORM create_hypertable(format('rollup_%s_%s', view_name, tier.name)::regclass, by_range('bucket', tier.chunk));
      PERFORM add_retention_policy(format('rollup_%s_%s', view_name, tier.name)::regclass, tier.keep);
    END LOOP;
  END LOOP;
END $$;
-- @end

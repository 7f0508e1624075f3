-- Block-range indexes on the rollup tables' bucket: rollup rows are written in time order, so a
-- time range maps to a run of pages, and a query reading a week of a month-long table scans that
-- week's pages (a bitmap heap scan) instead of the whole table. Tiny and cheap to maintain.
DO $$
DECLARE
  rollup regclass;
BEGIN
  FOR rollup IN
    SELECT c.oid::regclass FROM pg_class c
    WHERE c.relname LIKE 'rollup\_%' AND c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace
  LOOP
    EXECUTE format('CREATE INDEX ON %s USING brin (bucket)', rollup);
  END LOOP;
END $$;

-- The rollup contribution of committed ingest transactions, waiting to be merged into the rollup
-- tables (rollups/pendingDeltas.ts): one row per ingest transaction, written in it, deleted by the
-- merge transaction that adds it to the rollups. Either still here or merged: never both, never lost.
CREATE TABLE rollup_deltas (
  id bigserial PRIMARY KEY,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- How many newly stored events it covers.
  events integer NOT NULL,
  -- Their 1-minute partial rows of the full dimension tuple, encoded by pendingDeltas.ts.
  partials text NOT NULL
);

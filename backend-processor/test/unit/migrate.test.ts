import { loadMigrations, selectFlavor } from '../../src/storage/migrate';

const SQL = [
  'CREATE TABLE t (a int)',
  '-- @if timescaledb',
  ';',
  "SELECT create_hypertable('t');",
  '-- @else',
  'PARTITION BY RANGE (a);',
  '-- @end',
  'CREATE INDEX ON t (a);',
].join('\n');

test('flavor sections keep only the lines for the flavor at hand', () => {
  expect(selectFlavor(SQL, 'timescaledb')).toBe(
    "CREATE TABLE t (a int)\n;\nSELECT create_hypertable('t');\nCREATE INDEX ON t (a);",
  );
  expect(selectFlavor(SQL, 'postgres')).toBe(
    'CREATE TABLE t (a int)\nPARTITION BY RANGE (a);\nCREATE INDEX ON t (a);',
  );
  expect(selectFlavor(SQL, 'embedded')).toBe(selectFlavor(SQL, 'postgres'));
});

test('migrations load in version order from the migrations folder', () => {
  const migrations = loadMigrations();
  expect(migrations[0]).toMatchObject({ version: 1, name: 'ingest' });
  expect(migrations.map((m) => m.version)).toEqual(
    [...migrations.map((m) => m.version)].sort((a, b) => a - b),
  );
});

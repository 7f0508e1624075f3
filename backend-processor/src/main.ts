#!/usr/bin/env node
/**
 * The processor's entry point: configuration from the environment, then the processor; SIGTERM or
 * SIGINT stop intake, flush, commit Kafka offsets and exit 0. `--demo` also runs the demo traffic
 * generator against this processor so that a newcomer sees data at once.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/config';
import { runDemo } from './demo/run';
import { createLogger } from './observability/logger';
import { startProcessor } from './processor';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { demo: { type: 'boolean', default: false } }, strict: true });
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const processor = await startProcessor(config, logger);
  if (processor.initialAdminKey) {
    // Printed once, on the first start only: the key is stored hashed and cannot be shown again.
    process.stdout.write(
      `\n  First start: created an admin API key (shown only now, store it safely):\n\n    ${processor.initialAdminKey}\n\n`,
    );
  }
  logger.info({ url: processor.url }, 'processor listening');

  const demo = new AbortController();
  if (values.demo) {
    const { key } = await processor.keys.create('demo traffic', ['ingest'], null);
    const url = `http://127.0.0.1:${new URL(processor.url).port}`;
    const log = (line: string) => logger.info({ component: 'demo' }, line);
    // The detectors judge each minute once: they wait until the backfill has filled the past.
    await processor.anomalies.stop();
    const onLive = () => {
      if (config.anomalyDetection === 'on') processor.anomalies.start();
    };
    void runDemo({ url, apiKey: key, backfillMs: 2 * 3_600_000, log }, { signal: demo.signal, onLive }).catch(
      (error: unknown) => logger.error({ err: error }, 'demo traffic stopped'),
    );
    logger.info('demo traffic generator running (--demo)');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing in-flight work');
    demo.abort();
    await processor.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`llm-analytics-hub failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

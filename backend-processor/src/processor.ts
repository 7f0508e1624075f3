/** Wires the stages together: storage, pipeline, HTTP, Kafka, housekeeping. `main` only adds the process. */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ApiKeyStore } from './auth/apiKeys';
import type { HubConfig } from './config/config';
import { buildServer } from './http/server';
import type { ReadinessCheck } from './http/routes/operations';
import { KafkaIngest } from './ingest/kafka/consumer';
import { IngestPipeline } from './ingest/pipeline';
import type { Logger } from './observability/logger';
import { startDeltaMerging } from './rollups/pendingDeltas';
import { HubMetrics } from './observability/metrics';
import { openDatabase, type Database } from './storage/database';
import { Housekeeping } from './storage/housekeeping';
import { migrate } from './storage/migrate';
import { AnomalyMonitor } from './analytics/anomaly/monitor';
import { ForecastService } from './analytics/forecast/service';
import { EventPartitions } from './storage/retention';

export interface Processor {
  app: FastifyInstance;
  db: Database;
  keys: ApiKeyStore;
  metrics: HubMetrics;
  housekeeping: Housekeeping;
  /** Base URL the HTTP server listens on. */
  url: string;
  /** The live anomaly detection (started unless HUB_ANOMALY_DETECTION=off). */
  anomalies: AnomalyMonitor;
  forecasts: ForecastService;
  /** An admin key created on this first start, to be shown once; null otherwise. */
  initialAdminKey: string | null;
  /** Stops intake, finishes in-flight work, commits Kafka offsets and closes the database. */
  close(): Promise<void>;
}

/** Starts on the configured store, or on `database` when given (already open; closed with the processor). */
/** What a caller may supply instead of the defaults: an open database, a clock for the analytics. */
export interface ProcessorParts {
  database?: Database;
  /** The time the anomaly monitor judges up to and forecasts start from (tests with history anchored in the past). */
  now?: () => number;
}

export async function startProcessor(
  config: HubConfig,
  logger: Logger,
  { database, now }: ProcessorParts = {},
): Promise<Processor> {
  const db =
    database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      timescaledb: config.timescaledb,
    }));
  logger.info({ flavor: db.flavor }, describeStore(db, config));
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ versions: applied }, 'applied migrations');

  const partitions = new EventPartitions(db);
  await partitions.applyRetention(config.rawRetentionDays);
  const metrics = new HubMetrics(config.metricsMaxLabelValues);
  const keys = new ApiKeyStore(db);
  const initialAdminKey = await keys.bootstrap(config.bootstrapKey);
  const pipeline = new IngestPipeline({
    db,
    partitions,
    metrics,
    preparation: {
      pricesFile: config.pricesFile,
      redact: config.redact,
      rollupTags: config.rollupTags,
      maxAgeMs: config.rawRetentionDays * 86_400_000,
      maxFutureMs: config.maxFutureSkewSeconds * 1000,
    },
    workers: config.ingestWorkers,
  });

  const kafka = config.kafka
    ? new KafkaIngest({
        brokers: config.kafka.brokers,
        clientId: 'llm-analytics-hub',
        groupId: config.kafka.groupId,
        topic: config.kafka.topic,
        dlqTopic: config.kafka.dlqTopic,
        ingestor: pipeline,
        logger,
        onLag: (topic, partition, lag) => metrics.kafkaLagObserved(topic, partition, lag),
        // Refused messages, the undecodable ones among them, are counted by the pipeline.
        onBatch: (stats) => metrics.kafkaConsumed(stats.topic, stats.partition, stats.messages),
      })
    : null;

  const readiness: ReadinessCheck[] = [
    { name: 'database', check: async () => void (await db.query('SELECT 1')) },
  ];
  if (kafka) {
    readiness.push({
      name: 'kafka',
      check: () => {
        if (!kafka.isReady()) throw new Error('the Kafka consumer has not joined its group');
      },
    });
  }

  const forecasts = new ForecastService({
    db,
    logger,
    rollupTags: config.rollupTags,
    intervalMs: Math.max(1, config.forecastIntervalMinutes) * 60_000,
    monthlyBudgetUsd: config.monthlyBudgetUsd,
    now,
    onProjection: (projection) => metrics.costProjected(projection),
  });
  const app = await buildServer({
    forecasts,
    db,
    pipeline,
    keys,
    metrics,
    logger,
    bodyLimitBytes: config.bodyLimitBytes,
    ingestMaxInFlightBytes: config.ingestMaxInFlightBytes,
    hardening: { corsOrigins: config.corsOrigins, rateLimitPerMinute: config.rateLimitPerMinute },
    tls: config.tls
      ? { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }
      : null,
    readiness,
    rollupTags: config.rollupTags,
  });
  const url = await app.listen({ port: config.port, host: config.host });
  await kafka?.start();
  const housekeeping = new Housekeeping({
    db,
    partitions,
    metrics,
    logger,
    pairTtlSeconds: config.pairTtlSeconds,
    retentionDays: config.rawRetentionDays,
  });
  housekeeping.start();
  const deltaMerging = startDeltaMerging(db, {
    intervalMs: config.rollupMergeIntervalMs,
    around: (merge) => metrics.timeWrite('rollups', merge),
    onError: (error) => logger.warn({ err: error }, 'merging rollup deltas failed; retrying'),
  });
  const anomalies = new AnomalyMonitor({
    db,
    metrics,
    logger,
    rollupTags: config.rollupTags,
    graceMs: config.anomalyGraceSeconds * 1000,
    now,
  });
  if (config.anomalyDetection === 'on') anomalies.start();
  if (config.forecastIntervalMinutes > 0) forecasts.start();

  return {
    app,
    db,
    keys,
    metrics,
    housekeeping,
    anomalies,
    forecasts,
    url,
    initialAdminKey,
    async close() {
      forecasts.stop();
      await anomalies.stop();
      await housekeeping.stop();
      await app.close();
      await kafka?.stop();
      await pipeline.close();
      await deltaMerging.stop();
      await db.close();
    },
  };
}

function describeStore(db: Database, config: HubConfig): string {
  switch (db.flavor) {
    case 'timescaledb':
      return 'storage: TimescaleDB (hypertable, compression and retention policies)';
    case 'postgres':
      return 'storage: PostgreSQL without the timescaledb extension (daily partitions, retention by the processor)';
    case 'embedded':
      return `storage: embedded PGlite in ${config.dataDir} (set DATABASE_URL for PostgreSQL/TimescaleDB)`;
  }
}

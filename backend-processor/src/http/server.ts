/** Builds the HTTP server: body handling, authentication, error answers and the routes. */
import compress from '@fastify/compress';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { ApiKeyStore } from '../auth/apiKeys';
import type { IngestPipeline } from '../ingest/pipeline';
import type { Logger } from '../observability/logger';
import type { HubMetrics } from '../observability/metrics';
import type { Database } from '../storage/database';
import { IngestAdmission, installAdmission } from './admission';
import { installAuth } from './auth';
import { installHardening, type HardeningOptions } from './hardening';
import { ingestRoutes } from './routes/ingest';
import { keyRoutes } from './routes/keys';
import { eventSearchRoutes } from './routes/eventSearch';
import type { ForecastService } from '../analytics/forecast/service';
import { anomalyRoutes } from './routes/anomalies';
import { correlationRoutes } from './routes/correlations';
import { forecastRoutes } from './routes/forecasts';
import { metadataRoutes } from './routes/metadata';
import { openApiRoutes } from './routes/openapi';
import { operationRoutes, type ReadinessCheck } from './routes/operations';
import { otlpRoutes } from './routes/otlp';
import { queryRoutes } from './routes/query';
import { tenantRoutes } from './routes/tenants';

export interface ServerDeps {
  db: Database;
  pipeline: IngestPipeline;
  keys: ApiKeyStore;
  metrics: HubMetrics;
  logger: Logger;
  bodyLimitBytes: number;
  ingestMaxInFlightBytes: number;
  hardening: HardeningOptions;
  /** PEM certificate and key: the server speaks HTTPS. */
  tls: { cert: Buffer; key: Buffer } | null;
  readiness: readonly ReadinessCheck[];
  /** Tag keys aggregated in the rollups (HUB_ROLLUP_TAGS). */
  rollupTags: readonly string[];
  forecasts: ForecastService;
}

/** Ingest bodies reach the routes as raw bytes: they decode strictly and keep rejects byte for byte. */
const RAW_BODY_TYPES = [
  'application/json',
  'application/x-ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  'application/x-protobuf',
  'application/protobuf',
];

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Per-request logs would cost more than the ingest itself at high rates; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    ...(deps.tls ? { https: deps.tls } : {}),
  }) as unknown as FastifyInstance;

  // Decompresses gzip/deflate request bodies before the body limit applies to the decoded bytes.
  await app.register(compress, { globalCompression: false, requestEncodings: ['gzip', 'deflate'] });
  installAuth(app, deps.keys, () => deps.metrics.rejectedItems('unauthorized'));
  await installHardening(app, deps.hardening);
  app.setErrorHandler((error: FastifyError, request, reply) => answerError(error, request, reply, deps));

  operationRoutes(app, deps.metrics, deps.readiness);
  keyRoutes(app, deps.keys, deps.db);
  const queryDeps = { db: deps.db, rollupTags: deps.rollupTags };
  queryRoutes(app, queryDeps);
  eventSearchRoutes(app, queryDeps);
  tenantRoutes(app, queryDeps);
  metadataRoutes(app, queryDeps);
  anomalyRoutes(app, queryDeps);
  correlationRoutes(app, queryDeps);
  forecastRoutes(app, deps.forecasts);
  openApiRoutes(app);
  await app.register(async (ingest) => {
    ingest.removeAllContentTypeParsers();
    ingest.addContentTypeParser(RAW_BODY_TYPES, { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    installAdmission(ingest, new IngestAdmission(deps.ingestMaxInFlightBytes, deps.bodyLimitBytes), (route) =>
      deps.metrics.ingestShed(route),
    );
    const routeDeps = { pipeline: deps.pipeline, db: deps.db, metrics: deps.metrics };
    ingestRoutes(ingest, routeDeps);
    otlpRoutes(ingest, routeDeps);
  });
  return app;
}

function answerError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  { metrics, logger }: ServerDeps,
): FastifyReply {
  const status = error.statusCode ?? 500;
  const ingest = request.routeOptions.config.scope === 'ingest';
  if (status < 500) {
    // Refused ingest bodies are rejections (counted); a refused query is the reader's business.
    if (ingest && status === 413) metrics.rejectedItems('body_too_large');
    else if (ingest && (status === 400 || status === 415)) metrics.rejectedItems('body_unparseable');
    return reply.code(status).send({ statusCode: status, error: errorName(status), message: error.message });
  }
  // Anything else comes from storage or a bug. An ingest batch was not acknowledged, so the client
  // may safely retry it (re-sent events are stored once).
  logger.error({ err: error, url: request.url }, 'request failed');
  return reply
    .code(503)
    .header('retry-after', '5')
    .send({
      statusCode: 503,
      error: 'Service Unavailable',
      message: ingest
        ? 'storage is unavailable; the request was not acknowledged, retry it (re-sent events are stored once)'
        : 'storage is unavailable; retry later',
    });
}

function errorName(status: number): string {
  return (
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      413: 'Payload Too Large',
      415: 'Unsupported Media Type',
      429: 'Too Many Requests',
    }[status] ?? 'Error'
  );
}

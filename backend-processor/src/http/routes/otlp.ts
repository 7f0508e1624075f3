/**
 * `POST /v1/traces`: OTLP/HTTP trace export (protobuf or JSON). GenAI spans become events; other
 * spans are ignored. Answers as OTLP expects: 200 with a partial_success naming rejected spans,
 * 400 for a body that does not decode.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_TENANT } from '../../events/model';
import {
  decodeOtlpTraceRequest,
  encodeOtlpTraceResponse,
  OtlpDecodeError,
  spansToEvents,
} from '../../events/otlp';
import { rawBody } from '../body';
import { keepDeadLetters } from '../../storage/deadLetters';
import type { IngestRouteDeps } from './ingest';

export function otlpRoutes(app: FastifyInstance, deps: IngestRouteDeps): void {
  app.post('/v1/traces', { config: { scope: 'ingest' } }, (request, reply) =>
    exportTraces(request, reply, deps),
  );
}

async function exportTraces(
  request: FastifyRequest,
  reply: FastifyReply,
  { pipeline, db, metrics }: IngestRouteDeps,
): Promise<FastifyReply> {
  const contentType = request.headers['content-type'] ?? '';
  const protobuf = /^application\/(x-)?protobuf\b/i.test(contentType);
  const body = rawBody(request);
  const tenant = request.apiKey?.tenant ?? null;
  const source = 'POST /v1/traces';
  let decoded;
  try {
    decoded = decodeOtlpTraceRequest(body, contentType);
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    metrics.rejectedItems('body_unparseable');
    await keepDeadLetters(db, [
      { source, tenant, index: null, code: 'body_unparseable', path: '', reason: error.message, body },
    ]);
    return reply.code(error.statusCode).send({
      statusCode: error.statusCode,
      error: error.statusCode === 415 ? 'Unsupported Media Type' : 'Bad Request',
      message: error.message,
    });
  }

  const spans = spansToEvents(decoded, { defaultTenant: tenant ?? DEFAULT_TENANT });
  const batch = pipeline.prepare(
    spans.events.map((value) => ({ ok: true, value }) as const),
    { source: 'http', boundTenant: tenant },
  );
  const forbidden = batch.rejected.find((rejection) => rejection.code === 'forbidden_tenant');
  if (forbidden)
    return reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: forbidden.reason });
  const outcome = await pipeline.store(batch);

  const problems = [
    ...spans.rejected.map((span) => `${span.path}: ${span.reason}`),
    ...outcome.rejected.map((rejection) => `span event ${rejection.index}: ${rejection.reason}`),
  ];
  for (const span of spans.rejected) metrics.rejectedItems(span.code);
  if (problems.length > 0) {
    // One dead letter per request with the whole body: a span cannot be cut out of a protobuf body,
    // and one row per span would multiply a large body by its span count.
    await keepDeadLetters(db, [
      {
        source,
        tenant,
        index: null,
        code: 'invalid_field',
        path: spans.rejected[0]?.path ?? '',
        reason: `${problems.length} span(s) rejected: ${problems.slice(0, 10).join('; ')}`,
        body,
      },
    ]);
  }
  const partialSuccess =
    problems.length > 0
      ? { rejectedSpans: problems.length, errorMessage: problems.slice(0, 10).join('; ') }
      : null;
  if (protobuf) {
    return reply.code(200).type('application/x-protobuf').send(encodeOtlpTraceResponse(partialSuccess));
  }
  return reply.code(200).send(partialSuccess ? { partialSuccess } : {});
}

/**
 * The JSON ingest endpoints: `POST /api/v1/events` (hub envelopes, in any accepted shape),
 * `POST /v1/llm/request` and `POST /v1/llm/response` (the flat pair). Each takes one item, a JSON
 * array or NDJSON; answers with accepted/rejected counts and, per rejected item, index, path and
 * reason; keeps every rejected item in the dead-letter table.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Rejection } from '../../events/model';
import type { IngestPipeline } from '../../ingest/pipeline';
import type { ItemKind } from '../../ingest/preparation';
import type { HubMetrics } from '../../observability/metrics';
import type { Database } from '../../storage/database';
import { keepDeadLetters } from '../../storage/deadLetters';
import { rawBody } from '../body';

export interface IngestRouteDeps {
  pipeline: IngestPipeline;
  db: Database;
  metrics: HubMetrics;
}

const ENDPOINTS: ReadonlyArray<readonly [string, ItemKind]> = [
  ['/api/v1/events', 'event'],
  ['/v1/llm/request', 'request_half'],
  ['/v1/llm/response', 'response_half'],
];

/** The answer of an ingest endpoint; `errors` lists each rejected item. */
export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: Array<Pick<Rejection, 'index' | 'path' | 'reason' | 'code'>>;
}

export function ingestRoutes(app: FastifyInstance, deps: IngestRouteDeps): void {
  for (const [url, kind] of ENDPOINTS) {
    app.post(url, { config: { scope: 'ingest' } }, (request, reply) => ingest(request, reply, kind, deps));
  }
}

function isNdjson(request: FastifyRequest): boolean {
  return /^application\/(x-ndjson|jsonl|x-jsonlines)\b/i.test(request.headers['content-type'] ?? '');
}

async function ingest(
  request: FastifyRequest,
  reply: FastifyReply,
  kind: ItemKind,
  { pipeline, db, metrics }: IngestRouteDeps,
): Promise<IngestAnswer | FastifyReply> {
  const source = `POST ${request.routeOptions.url}`;
  const tenant = request.apiKey?.tenant ?? null;
  const prepared = await pipeline.prepareBody({
    body: rawBody(request),
    ndjson: isNdjson(request),
    kind,
    boundTenant: tenant,
  });
  if (!prepared.ok) {
    metrics.rejectedItems('body_unparseable');
    const body = Buffer.from(prepared.body.buffer, prepared.body.byteOffset, prepared.body.byteLength);
    await keepDeadLetters(db, [
      { source, tenant, index: null, code: 'body_unparseable', path: '', reason: prepared.reason, body },
    ]);
    return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: prepared.reason });
  }

  const { batch, rejectedItems } = prepared;
  const forbidden = batch.rejected.find((rejection) => rejection.code === 'forbidden_tenant');
  if (forbidden) {
    return reply
      .code(403)
      .send({ statusCode: 403, error: 'Forbidden', message: `item ${forbidden.index}: ${forbidden.reason}` });
  }

  const outcome = await pipeline.store(batch);
  await keepDeadLetters(
    db,
    outcome.rejected.map((rejection) => ({
      source,
      tenant,
      index: rejection.index,
      code: rejection.code,
      path: rejection.path,
      reason: rejection.reason,
      body: Buffer.from(rejectedItems[rejection.index]!),
    })),
  );
  const answer: IngestAnswer = {
    accepted: outcome.accepted,
    duplicates: outcome.duplicates,
    rejected: outcome.rejected.length,
    errors: outcome.rejected.map(({ index, path, reason, code }) => ({ index, path, reason, code })),
  };
  return reply.code(outcome.accepted > 0 ? 200 : 422).send(answer);
}

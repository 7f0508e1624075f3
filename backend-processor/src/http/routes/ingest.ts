/**
 * The JSON ingest endpoints: `POST /api/v1/events` (hub envelopes, in any accepted shape),
 * `POST /v1/llm/request` and `POST /v1/llm/response` (the flat pair). Each takes one item, a JSON
 * array or NDJSON; answers with accepted/rejected counts and, per rejected item, index, path and
 * reason; keeps every rejected item in the dead-letter table.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_TENANT, type Normalized, type NormalizeOptions, type Rejection } from '../../events/model';
import { normalizeRequestHalf, normalizeResponseHalf } from '../../events/pairs';
import { normalizeAny } from '../../events/shape';
import type { IngestPipeline, IngestRecord } from '../../ingest/pipeline';
import type { HubMetrics } from '../../observability/metrics';
import type { Database } from '../../storage/database';
import { keepDeadLetters } from '../../storage/deadLetters';
import { BodyError, parseJsonItems, parseNdjsonItems, rawBody, type ParsedItem } from '../body';

export interface IngestRouteDeps {
  pipeline: IngestPipeline;
  db: Database;
  metrics: HubMetrics;
}

type Normalizer = (item: unknown, options: NormalizeOptions) => Normalized<IngestRecord>;

const ENDPOINTS: ReadonlyArray<readonly [string, Normalizer]> = [
  ['/api/v1/events', normalizeAny],
  ['/v1/llm/request', normalizeRequestHalf],
  ['/v1/llm/response', normalizeResponseHalf],
];

/** The answer of an ingest endpoint; `errors` lists each rejected item. */
export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: Array<Pick<Rejection, 'index' | 'path' | 'reason' | 'code'>>;
}

export function ingestRoutes(app: FastifyInstance, deps: IngestRouteDeps): void {
  for (const [url, normalize] of ENDPOINTS) {
    app.post(url, { config: { scope: 'ingest' } }, (request, reply) =>
      ingest(request, reply, normalize, deps),
    );
  }
}

function isNdjson(request: FastifyRequest): boolean {
  return /^application\/(x-ndjson|jsonl|x-jsonlines)\b/i.test(request.headers['content-type'] ?? '');
}

async function ingest(
  request: FastifyRequest,
  reply: FastifyReply,
  normalize: Normalizer,
  { pipeline, db, metrics }: IngestRouteDeps,
): Promise<IngestAnswer | FastifyReply> {
  const source = `POST ${request.routeOptions.url}`;
  const tenant = request.apiKey?.tenant ?? null;
  const body = rawBody(request);
  let items: ParsedItem[];
  try {
    items = isNdjson(request)
      ? parseNdjsonItems(body)
      : parseJsonItems(body).map((value) => ({ ok: true, value }) as const);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    metrics.rejectedItems('body_unparseable');
    await keepDeadLetters(db, [
      { source, tenant, index: null, code: 'body_unparseable', path: '', reason: error.message, body },
    ]);
    return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: error.message });
  }

  const context = { source: 'http', boundTenant: tenant } as const;
  const options = { defaultTenant: tenant ?? DEFAULT_TENANT };
  const results = items.map((item): Normalized<IngestRecord> =>
    item.ok
      ? normalize(item.value, options)
      : { ok: false, error: { path: '', code: 'unparseable', reason: item.reason } },
  );
  const batch = pipeline.prepare(results, context);
  const forbidden = batch.rejected.find((rejection) => rejection.code === 'forbidden_tenant');
  if (forbidden) {
    return reply
      .code(403)
      .send({ statusCode: 403, error: 'Forbidden', message: `item ${forbidden.index}: ${forbidden.reason}` });
  }

  const outcome = await pipeline.store(batch);
  await keepDeadLetters(
    db,
    outcome.rejected.map((rejection) => {
      const item = items[rejection.index]!;
      return {
        source,
        tenant,
        index: rejection.index,
        code: rejection.code,
        path: rejection.path,
        reason: rejection.reason,
        body: Buffer.from(item.ok ? JSON.stringify(item.value) : item.raw),
      };
    }),
  );
  const answer: IngestAnswer = {
    accepted: outcome.accepted,
    duplicates: outcome.duplicates,
    rejected: outcome.rejected.length,
    errors: outcome.rejected.map(({ index, path, reason, code }) => ({ index, path, reason, code })),
  };
  return reply.code(outcome.accepted > 0 ? 200 : 422).send(answer);
}

/** `GET /api/v1/metadata/*`: metrics, measures, dimensions and dimension values for editors and variables. */
import { DimensionValuesQuery } from '@llm-hub/query-contract';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type ValueError } from '@sinclair/typebox/compiler';
import type { FastifyInstance } from 'fastify';
import { QueryError } from '../../query/errors';
import { dimensionKeys, metricInfos } from '../../query/metadata';
import { dimensionValues } from '../../query/metadataValues';
import type { QueryRouteDeps } from './queryDeps';

const checkValuesQuery = TypeCompiler.Compile(DimensionValuesQuery);

export function metadataRoutes(app: FastifyInstance, deps: QueryRouteDeps): void {
  const read = { config: { scope: 'read' } } as const;
  app.get('/api/v1/metadata/metrics', read, async () => metricInfos());
  app.get('/api/v1/metadata/dimensions', read, async () => dimensionKeys(deps.rollupTags));
  app.get<{ Params: { key: string }; Querystring: Record<string, unknown> }>(
    '/api/v1/metadata/dimensions/:key/values',
    read,
    async (request) =>
      dimensionValues(deps.db, request.params.key, valuesQuery(request.query), {
        rollupTags: deps.rollupTags,
        // A tenant-bound key sees values from its own tenant's rollups only.
        boundTenant: request.apiKey?.tenant ?? null,
      }),
  );
}

/**
 * The query parameters as a DimensionValuesQuery: a query string carries only text, so `limit` is
 * read as a number and `filters` as JSON (the one way to pass an array of filter objects in a GET a
 * Grafana variable can issue), then the whole checked against the contract.
 */
function valuesQuery(raw: Record<string, unknown>): DimensionValuesQuery {
  const query: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw new QueryError(`querystring/${name}: give it once`);
    if (name === 'limit' && /^\d+$/.test(value)) query[name] = Number(value);
    else if (name === 'filters') query[name] = parseFilters(value);
    else query[name] = value;
  }
  const error = checkValuesQuery.Errors(query).First();
  if (error) throw new QueryError(`querystring${error.path}: ${describe(error)}`);
  return query as DimensionValuesQuery;
}

/** TypeBox says "Expected union value" for a wrong enum value; the allowed values say more. */
function describe(error: ValueError): string {
  const allowed = (error.schema.anyOf as TSchema[] | undefined)?.map((option) => option.const);
  if (allowed?.length && allowed.every((value) => typeof value === 'string'))
    return `must be one of ${allowed.join(', ')}`;
  return error.message;
}

function parseFilters(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new QueryError(
      `querystring/filters: not JSON (${(error as Error).message}); pass a JSON-encoded array of filters`,
    );
  }
}

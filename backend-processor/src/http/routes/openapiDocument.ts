/**
 * The OpenAPI 3.1 document of the processor, assembled from the TypeBox schemas the routes use
 * (the query contract, the ingest event schemas, the answers in openapiSchemas.ts) and one table
 * of the routes below. A test holds the table and the registered routes to each other.
 */
import {
  Anomaly,
  AnomalyQuery,
  AnomalyResult,
  ApiError,
  CorrelationGraph,
  CorrelationQuery,
  CostProjection,
  CostProjectionQuery,
  ForecastQuery,
  ForecastResult,
  DimensionKey,
  DimensionValuesQuery,
  DimensionValuesResult,
  EventSearchQuery,
  EventSearchResult,
  Instant,
  MetricInfo,
  SCHEMAS,
  TableQuery,
  TableResult,
  TimeSeriesQuery,
  TimeSeriesResult,
} from '@llm-hub/query-contract';
import { Type, type TSchema } from '@sinclair/typebox';
import type { Scope } from '../../auth/apiKeys';
import {
  CommonFields,
  FlattenedEventDocument,
  NestedEventDocument,
  RequestHalfSchema,
  ResponseHalfSchema,
} from '../../events/schemas';
import { SchemaRegistry, type JsonSchema } from './openapiJsonSchema';
import {
  ApiKeyListSchema,
  ApiKeySchema,
  CreatedApiKeySchema,
  HealthSchema,
  IngestAnswerSchema,
  OtlpExportResponseSchema,
  ReadinessSchema,
} from './openapiSchemas';
import { CreateKeyBody } from './keys';

const COMPONENTS: Record<string, TSchema> = {
  ...SCHEMAS,
  AnomalyQuery,
  Anomaly,
  AnomalyResult,
  ForecastQuery,
  ForecastResult,
  CostProjectionQuery,
  CostProjection,
  CorrelationQuery,
  CorrelationGraph,
  Instant,
  DimensionKey,
  NestedEvent: NestedEventDocument,
  FlattenedEvent: FlattenedEventDocument,
  CommonFields,
  LlmRequest: RequestHalfSchema,
  LlmResponse: ResponseHalfSchema,
  IngestAnswer: IngestAnswerSchema,
  CreateKeyRequest: CreateKeyBody,
  ApiKey: ApiKeySchema,
  CreatedApiKey: CreatedApiKeySchema,
  ApiKeyList: ApiKeyListSchema,
  Health: HealthSchema,
  Readiness: ReadinessSchema,
  OtlpExportResponse: OtlpExportResponseSchema,
};

/** What each error status means; the answer is an ApiError unless a route says otherwise. */
const ERRORS: Record<number, string> = {
  400: 'Invalid request: the message says what is wrong and where',
  401: 'Missing, unknown or revoked API key',
  403: 'The key lacks the scope of this route, or names a tenant other than its own',
  404: 'No such resource',
  413: 'Body larger than HUB_BODY_LIMIT_BYTES (after decompression)',
  415: 'Unsupported Content-Type or Content-Encoding',
  503: 'Storage unavailable; the request was not acknowledged, retry after Retry-After seconds',
};

type Content = Record<string, TSchema | JsonSchema>;

interface Route {
  method: 'get' | 'post' | 'delete';
  /** Fastify's form (`/api/v1/keys/:id`); written `{id}` in the document. */
  path: string;
  summary: string;
  tag: 'ingest' | 'query' | 'metadata' | 'keys' | 'tenants' | 'operations';
  /** Absent: public. */
  scope?: Scope;
  body?: Content;
  parameters?: object[];
  /** Success (and non-ApiError) answers by status. */
  answers: Record<number, { description: string; content?: Content; headers?: object }>;
  errors: number[];
}

/** A JSON body of one item or an array of them; NDJSON carries the same items one per line. */
function ingestBody(item: TSchema | JsonSchema): Content {
  return {
    'application/json': { anyOf: [item, { type: 'array', items: item }] },
    'application/x-ndjson': {
      type: 'string',
      description: 'one item per line (also as application/jsonl or application/x-jsonlines)',
    },
  };
}

const INGEST_ANSWERS: Route['answers'] = {
  200: { description: 'Some items accepted', content: { 'application/json': IngestAnswerSchema } },
  422: { description: 'No item accepted', content: { 'application/json': IngestAnswerSchema } },
};
const INGEST_ERRORS = [400, 401, 403, 413, 415, 503];
const QUERY_ERRORS = [400, 401, 403, 413, 415, 503];

const json = (schema: TSchema | JsonSchema): Content => ({ 'application/json': schema });

const ROUTES: Route[] = [
  {
    method: 'post',
    path: '/api/v1/events',
    summary: 'Ingest hub events (nested or flattened envelope) and request/response halves',
    tag: 'ingest',
    scope: 'ingest',
    body: ingestBody({
      anyOf: [NestedEventDocument, FlattenedEventDocument, RequestHalfSchema, ResponseHalfSchema],
    }),
    answers: INGEST_ANSWERS,
    errors: INGEST_ERRORS,
  },
  {
    method: 'post',
    path: '/v1/llm/request',
    summary: 'Ingest the request half of an LLM call, joined with its response by request_id',
    tag: 'ingest',
    scope: 'ingest',
    body: ingestBody(RequestHalfSchema),
    answers: INGEST_ANSWERS,
    errors: INGEST_ERRORS,
  },
  {
    method: 'post',
    path: '/v1/llm/response',
    summary: 'Ingest the response half of an LLM call, joined with its request by request_id',
    tag: 'ingest',
    scope: 'ingest',
    body: ingestBody(ResponseHalfSchema),
    answers: INGEST_ANSWERS,
    errors: INGEST_ERRORS,
  },
  {
    method: 'post',
    path: '/v1/traces',
    summary: 'OTLP/HTTP trace export; GenAI spans become events, other spans are ignored',
    tag: 'ingest',
    scope: 'ingest',
    body: {
      'application/x-protobuf': {
        type: 'string',
        contentMediaType: 'application/x-protobuf',
        description: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
      },
      'application/json': { type: 'object', description: 'ExportTraceServiceRequest in OTLP/JSON' },
    },
    answers: {
      200: {
        description: 'Exported; partialSuccess names the spans that were rejected',
        content: {
          'application/json': OtlpExportResponseSchema,
          'application/x-protobuf': { type: 'string', contentMediaType: 'application/x-protobuf' },
        },
      },
    },
    errors: INGEST_ERRORS,
  },
  {
    method: 'post',
    path: '/api/v1/query/timeseries',
    summary: 'A measure of a metric per time bucket, by group, read from the rollups',
    tag: 'query',
    scope: 'read',
    body: json(TimeSeriesQuery),
    answers: { 200: { description: 'The series', content: json(TimeSeriesResult) } },
    errors: QUERY_ERRORS,
  },
  {
    method: 'post',
    path: '/api/v1/query/table',
    summary: 'A measure of a metric over the whole range, by group, read from the rollups',
    tag: 'query',
    scope: 'read',
    body: json(TableQuery),
    answers: { 200: { description: 'The rows', content: json(TableResult) } },
    errors: QUERY_ERRORS,
  },
  {
    method: 'post',
    path: '/api/v1/query/events',
    summary: 'Search raw events: time range, filters on any column or tag, free text; newest first',
    tag: 'query',
    scope: 'read',
    body: json(EventSearchQuery),
    answers: {
      200: {
        description: 'A page of events and the cursor of the next one',
        content: json(EventSearchResult),
      },
    },
    errors: QUERY_ERRORS,
  },
  {
    method: 'post',
    path: '/api/v1/anomalies',
    summary:
      'Anomaly episodes found by the live detectors in a time range, and the same as Grafana annotations',
    tag: 'query',
    scope: 'read',
    body: json(AnomalyQuery),
    answers: {
      200: {
        description: 'Episodes, newest first, and one annotation per episode',
        content: json(AnomalyResult),
      },
    },
    errors: QUERY_ERRORS,
  },
  {
    method: 'post',
    path: '/api/v1/correlations',
    summary: 'The correlation graph of a time range (Node Graph nodes and edges) and the root-cause ranking',
    tag: 'query',
    scope: 'read',
    body: json(CorrelationQuery),
    answers: { 200: { description: 'Nodes, edges and root causes', content: json(CorrelationGraph) } },
    errors: QUERY_ERRORS,
  },
  {
    method: 'post',
    path: '/api/v1/forecast',
    summary:
      'Hourly actuals and the forecast of the next hours with 80 % and 95 % intervals (model chosen by backtest)',
    tag: 'query',
    scope: 'read',
    body: json(ForecastQuery),
    answers: {
      200: {
        description: 'One row per hour: actual where known, forecast and intervals ahead',
        content: json(ForecastResult),
      },
    },
    errors: QUERY_ERRORS,
  },
  {
    method: 'post',
    path: '/api/v1/cost/projection',
    summary: 'Month-to-date spend plus the forecast of the rest of the month, against a budget',
    tag: 'query',
    scope: 'read',
    body: json(CostProjectionQuery),
    answers: { 200: { description: 'The projection', content: json(CostProjection) } },
    errors: QUERY_ERRORS,
  },
  {
    method: 'get',
    path: '/api/v1/metadata/metrics',
    summary: 'The metrics with their units and measures',
    tag: 'metadata',
    scope: 'read',
    answers: { 200: { description: 'Every metric', content: json(Type.Array(MetricInfo)) } },
    errors: [401, 403],
  },
  {
    method: 'get',
    path: '/api/v1/metadata/dimensions',
    summary: 'The keys aggregates filter and group by: dimensions and tag.<key> of the rollup tags',
    tag: 'metadata',
    scope: 'read',
    answers: { 200: { description: 'Every dimension key', content: json(Type.Array(DimensionKey)) } },
    errors: [401, 403],
  },
  {
    method: 'get',
    path: '/api/v1/metadata/dimensions/:key/values',
    summary: 'Distinct values of a dimension (from the hourly rollups), for editors and template variables',
    tag: 'metadata',
    scope: 'read',
    parameters: [
      { name: 'key', in: 'path', required: true, schema: DimensionKey },
      ...queryParameters(DimensionValuesQuery),
    ],
    answers: { 200: { description: 'Sorted values', content: json(DimensionValuesResult) } },
    errors: [400, 401, 403, 503],
  },
  {
    method: 'post',
    path: '/api/v1/keys',
    summary: 'Create an API key; its plaintext is in this answer only',
    tag: 'keys',
    scope: 'admin',
    body: json(CreateKeyBody),
    answers: { 201: { description: 'Created', content: json(CreatedApiKeySchema) } },
    errors: [400, 401, 403, 413, 415, 503],
  },
  {
    method: 'get',
    path: '/api/v1/keys',
    summary: 'List the active API keys (without their plaintext)',
    tag: 'keys',
    scope: 'admin',
    answers: { 200: { description: 'The keys', content: json(ApiKeyListSchema) } },
    errors: [401, 403, 503],
  },
  {
    method: 'delete',
    path: '/api/v1/keys/:id',
    summary: 'Revoke an API key (effective within seconds: lookups are cached briefly)',
    tag: 'keys',
    scope: 'admin',
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    answers: { 204: { description: 'Revoked' } },
    errors: [401, 403, 404, 503],
  },
  {
    method: 'get',
    path: '/api/v1/tenants/:tenant/export',
    summary: 'Every stored event of a tenant, as NDJSON (one event search record a line); audited',
    tag: 'tenants',
    scope: 'admin',
    parameters: [{ name: 'tenant', in: 'path', required: true, schema: { type: 'string' } }],
    answers: {
      200: {
        description: 'The events, newest first',
        content: { 'application/x-ndjson': { type: 'string', contentMediaType: 'application/x-ndjson' } },
      },
    },
    errors: [401, 403, 503],
  },
  {
    method: 'delete',
    path: '/api/v1/tenants/:tenant',
    summary:
      'Erase a tenant: its events, waiting pair halves and dead letters, and its share of the rollups; audited',
    tag: 'tenants',
    scope: 'admin',
    parameters: [{ name: 'tenant', in: 'path', required: true, schema: { type: 'string' } }],
    answers: { 200: { description: 'What was deleted', content: json({ type: 'object' }) } },
    errors: [401, 403, 503],
  },
  {
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    tag: 'operations',
    answers: { 200: { description: 'The process is up', content: json(HealthSchema) } },
    errors: [],
  },
  {
    method: 'get',
    path: '/ready',
    summary: 'Readiness: the database (and Kafka, when configured) answer',
    tag: 'operations',
    answers: {
      200: { description: 'Ready', content: json(ReadinessSchema) },
      503: { description: 'Not ready; checks say why', content: json(ReadinessSchema) },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics of the processor',
    tag: 'operations',
    answers: {
      200: {
        description: 'Prometheus text exposition format',
        content: { 'text/plain': { type: 'string' } },
      },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document',
    tag: 'operations',
    answers: {
      200: { description: 'OpenAPI 3.1 document', content: json({ type: 'object' }) },
    },
    errors: [],
  },
];

/** Query parameters from an object schema; arrays and objects travel as JSON text (e.g. filters). */
function queryParameters(schema: TSchema): object[] {
  const required = new Set<string>(schema.required ?? []);
  return Object.entries(schema.properties as Record<string, TSchema>).map(([name, property]) => {
    const structured = property.type === 'array' || property.type === 'object';
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(property.description && { description: property.description }),
      ...(structured ? { content: { 'application/json': { schema: property } } } : { schema: property }),
    };
  });
}

/** The document's paths and route list, as `METHOD /fastify/path` strings, for the coverage test. */
export const DOCUMENTED_ROUTES = ROUTES.map((route) => `${route.method.toUpperCase()} ${route.path}`);

export function buildOpenApiDocument(): JsonSchema {
  const registry = new SchemaRegistry(COMPONENTS);
  const schemaOf = (schema: TSchema | JsonSchema) => registry.use(schema as TSchema);
  const contentOf = (content: Content) =>
    Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema: schemaOf(schema) }]));
  const paths: Record<string, Record<string, object>> = {};
  for (const route of ROUTES) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, object> = {};
    for (const status of route.errors) {
      responses[status] = {
        description: ERRORS[status],
        content: contentOf(json(ApiError)),
        ...(status === 503 && { headers: { 'Retry-After': { schema: { type: 'integer' } } } }),
        ...(status === 401 && { headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } }),
      };
    }
    for (const [status, answer] of Object.entries(route.answers)) {
      responses[status] = {
        description: answer.description,
        ...(answer.content && { content: contentOf(answer.content) }),
      };
    }
    (paths[path] ??= {})[route.method] = {
      operationId: operationId(route),
      summary: route.summary,
      tags: [route.tag],
      ...(route.scope
        ? {
            security: [{ bearerAuth: [] }],
            description: `Needs an API key with the \`${route.scope}\` scope.`,
          }
        : { security: [] }),
      ...(route.parameters && {
        parameters: route.parameters.map((parameter) => convertParameter(parameter, schemaOf)),
      }),
      ...(route.body && { requestBody: { required: true, content: contentOf(route.body) } }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'LLM Analytics Hub processor',
      version: '1',
      description:
        'Ingest of LLM telemetry (hub events, request/response pairs, OTLP traces) and the query API ' +
        'read by the Grafana datasource. Tenant-bound keys read and write their own tenant only.',
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    tags: [...new Set(ROUTES.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: registry.components(),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key (POST /api/v1/keys, or HUB_BOOTSTRAP_KEY) as a bearer token',
        },
      },
    },
  };
}

function convertParameter(parameter: object, schemaOf: (schema: TSchema) => JsonSchema): object {
  const { schema, content, ...rest } = parameter as {
    schema?: TSchema;
    content?: Record<string, { schema: TSchema }>;
  };
  if (schema) return { ...rest, schema: schemaOf(schema) };
  return {
    ...rest,
    content: Object.fromEntries(
      Object.entries(content ?? {}).map(([type, media]) => [type, { schema: schemaOf(media.schema) }]),
    ),
  };
}

/** `post /api/v1/query/events` → `postApiV1QueryEvents`. */
function operationId(route: Route): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return route.method + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

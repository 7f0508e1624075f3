/**
 * Requests and responses of the query API as TypeBox schemas: one definition gives the TypeScript
 * types (`Static<…>`), the processor's request validation and its OpenAPI document.
 */
import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';
import { DIMENSIONS, MEASURES, METRIC_NAMES, WINDOWS } from './vocabulary';

/** A union of string literals; typed as the union of `values` (not `string`) for `Static`. */
export const literals = <T extends readonly string[]>(values: T, description: string) =>
  Type.Union(
    values.map((value) => Type.Literal(value)),
    { description },
  ) as unknown as TUnion<Array<TLiteral<T[number]>>>;

/** RFC 3339 time, milliseconds since the epoch (what Grafana sends), or a relative time like now-6h. */
export const Instant = Type.Union([Type.String({ minLength: 1 }), Type.Number()], {
  description: 'RFC 3339 time, milliseconds since the epoch, or now[-<n><s|m|h|d|w>] (e.g. now-6h)',
});

/**
 * A group-by or filter key: a dimension, or `tag.<key>` for a tag the operator declared as a rollup
 * dimension (HUB_ROLLUP_TAGS); other tags can only be searched in events.
 */
export const DimensionKey = Type.String({
  pattern: `^(${DIMENSIONS.join('|')}|tag\\.[A-Za-z0-9_.-]{1,64})$`,
  description: `a dimension (${DIMENSIONS.join(', ')}) or tag.<key> for a tag declared in HUB_ROLLUP_TAGS`,
});

export const Filter = Type.Object(
  {
    key: DimensionKey,
    op: literals(
      ['eq', 'neq', 'in', 'regex'] as const,
      'eq/neq: one value; in: any of values; regex: POSIX regular expression',
    ),
    value: Type.Optional(Type.String()),
    values: Type.Optional(Type.Array(Type.String(), { maxItems: 1000 })),
  },
  { additionalProperties: false },
);
export type Filter = Static<typeof Filter>;

const common = {
  from: Instant,
  to: Instant,
  filters: Type.Optional(Type.Array(Filter, { maxItems: 50 })),
};

export const TimeSeriesQuery = Type.Object(
  {
    metric: literals(METRIC_NAMES, 'what to aggregate'),
    measure: literals(MEASURES, 'how to aggregate it'),
    ...common,
    window: Type.Optional(
      literals([...WINDOWS, 'auto'] as const, 'bucket width; auto: from the range and maxPoints'),
    ),
    maxPoints: Type.Optional(Type.Integer({ minimum: 1, maximum: 11_000, description: 'default 1000' })),
    timeZone: Type.Optional(Type.String({ description: 'IANA time zone buckets align to; default UTC' })),
    groupBy: Type.Optional(Type.Array(DimensionKey, { maxItems: 8 })),
    topN: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        description: 'keep the N groups with the largest value over the range; default 20',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TimeSeriesQuery = Static<typeof TimeSeriesQuery>;

export const TableQuery = Type.Object(
  {
    metric: literals(METRIC_NAMES, 'what to aggregate'),
    measure: literals(MEASURES, 'how to aggregate it'),
    ...common,
    groupBy: Type.Optional(Type.Array(DimensionKey, { maxItems: 8 })),
    topN: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'default 100' })),
  },
  { additionalProperties: false },
);
export type TableQuery = Static<typeof TableQuery>;

const Labels = Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), {
  description: 'group-by key → value (null where the events had none)',
});

/** Set when a bound (maxPoints, topN, max groups) cut the result, saying which and how. */
const Truncation = Type.Optional(Type.String());

export const TimeSeriesResult = Type.Object({
  metric: Type.String(),
  measure: Type.String(),
  unit: Type.String(),
  /** The window actually used (resolved from `auto`). */
  window: Type.String(),
  series: Type.Array(
    Type.Object({
      labels: Labels,
      /** Bucket start (ms since the epoch) and value; null where the bucket had no events. */
      points: Type.Array(Type.Tuple([Type.Number(), Type.Union([Type.Number(), Type.Null()])])),
    }),
  ),
  truncated: Truncation,
});
export type TimeSeriesResult = Static<typeof TimeSeriesResult>;

export const TableResult = Type.Object({
  metric: Type.String(),
  measure: Type.String(),
  unit: Type.String(),
  rows: Type.Array(Type.Object({ labels: Labels, value: Type.Union([Type.Number(), Type.Null()]) })),
  truncated: Truncation,
});
export type TableResult = Static<typeof TableResult>;

export const EventSearchQuery = Type.Object(
  {
    ...common,
    /** Case-insensitive substring over `textFields`. */
    text: Type.Optional(Type.String({ maxLength: 200 })),
    textFields: Type.Optional(
      Type.Array(
        Type.String({ pattern: '^(model|route|kind|error_type|request_id|correlation_id|tags|attributes)$' }),
        {
          maxItems: 8,
          description: 'default: model, route, kind, error_type, request_id',
        },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'default 100' })),
    /** Opaque: `nextCursor` of the previous page. */
    cursor: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type EventSearchQuery = Static<typeof EventSearchQuery>;

export const EventRecord = Type.Object({
  eventId: Type.String(),
  time: Type.Number(),
  tenant: Type.String(),
  sourceModule: Type.String(),
  eventType: Type.String(),
  kind: Type.String(),
  severity: Type.String(),
  environment: Type.String(),
  model: Type.Union([Type.String(), Type.Null()]),
  provider: Type.Union([Type.String(), Type.Null()]),
  route: Type.Union([Type.String(), Type.Null()]),
  correlationId: Type.Union([Type.String(), Type.Null()]),
  parentEventId: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  latencyMs: Type.Union([Type.Number(), Type.Null()]),
  ttftMs: Type.Union([Type.Number(), Type.Null()]),
  promptTokens: Type.Union([Type.Number(), Type.Null()]),
  completionTokens: Type.Union([Type.Number(), Type.Null()]),
  totalTokens: Type.Union([Type.Number(), Type.Null()]),
  costUsd: Type.Union([Type.Number(), Type.Null()]),
  isError: Type.Boolean(),
  errorType: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Record(Type.String(), Type.String()),
  attributes: Type.Record(Type.String(), Type.Unknown()),
});
export type EventRecord = Static<typeof EventRecord>;

export const EventSearchResult = Type.Object({
  events: Type.Array(EventRecord),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type EventSearchResult = Static<typeof EventSearchResult>;

export const MetricInfo = Type.Object({
  name: Type.String(),
  unit: Type.String(),
  description: Type.String(),
  measures: Type.Array(Type.String()),
});
export type MetricInfo = Static<typeof MetricInfo>;

export const DimensionValuesQuery = Type.Object(
  {
    prefix: Type.Optional(Type.String({ maxLength: 256 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'default 100' })),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    /** Narrows the values to those seen with these filters (e.g. models of the selected tenant). */
    filters: Type.Optional(Type.Array(Filter, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type DimensionValuesQuery = Static<typeof DimensionValuesQuery>;

/** Distinct values of a dimension, sorted; values never seen (stored as '') are left out. */
export const DimensionValuesResult = Type.Array(Type.String());
export type DimensionValuesResult = Static<typeof DimensionValuesResult>;

/** The error answer of every endpoint. */
export const ApiError = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String({ description: 'what is wrong, e.g. "/window: must be one of 1m, 5m, …"' }),
});
export type ApiError = Static<typeof ApiError>;

/** Every schema of the contract, by name, for the OpenAPI document's components. */
export const SCHEMAS: Record<string, TSchema> = {
  Filter,
  TimeSeriesQuery,
  TimeSeriesResult,
  TableQuery,
  TableResult,
  EventSearchQuery,
  EventSearchResult,
  EventRecord,
  MetricInfo,
  DimensionValuesQuery,
  DimensionValuesResult,
  ApiError,
};

/**
 * Schemas of the answers that have a TypeScript type but no TypeBox schema of their own (ingest,
 * keys, operations), for the OpenAPI document. Each is checked against its type at compile time
 * (the exported `…Described` types), so the document cannot drift from what the routes send.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { SCOPES, type ApiKey } from '../../auth/apiKeys';
import type { IngestAnswer } from './ingest';

/** `Holds<Describes<T, S>>` compiles only when every value of T is valid against the schema S. */
type Describes<T, S extends TSchema> = [T] extends [Static<S>] ? true : false;
type Holds<Check extends true> = Check;

export const IngestAnswerSchema = Type.Object(
  {
    accepted: Type.Integer({ minimum: 0, description: 'items stored now or before (duplicates included)' }),
    duplicates: Type.Integer({ minimum: 0, description: 'accepted items that were already stored' }),
    rejected: Type.Integer({ minimum: 0 }),
    errors: Type.Array(
      Type.Object({
        index: Type.Integer({ minimum: 0, description: 'position of the item in the body' }),
        path: Type.String({ description: "JSON Pointer to the offending field, '' for the item" }),
        reason: Type.String(),
        code: Type.String({ description: 'e.g. invalid_field, missing_field, unknown_field, unparseable' }),
      }),
      { description: 'one entry per rejected item; the item is kept in the dead-letter table' },
    ),
  },
  { description: '200 when some item was accepted, 422 when none was' },
);
export type IngestAnswerDescribed = Holds<Describes<IngestAnswer, typeof IngestAnswerSchema>>;

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.Union(SCOPES.map((scope) => Type.Literal(scope)))),
  tenant: Type.Union([Type.String(), Type.Null()], {
    description: 'set: the key writes and reads this tenant only',
  }),
  rateLimitPerMinute: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: "the key's own requests a minute (0 unlimited); null: the default HUB_RATE_LIMIT_PER_MINUTE",
  }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ApiKeyDescribed = Holds<Describes<ApiKey, typeof ApiKeySchema>>;

export const CreatedApiKeySchema = Type.Composite([
  ApiKeySchema,
  Type.Object({ key: Type.String({ description: 'the bearer token; shown this once, never stored' }) }),
]);
export type CreatedApiKeyDescribed = Holds<Describes<ApiKey & { key: string }, typeof CreatedApiKeySchema>>;

export const ApiKeyListSchema = Type.Object({ keys: Type.Array(ApiKeySchema) });

export const HealthSchema = Type.Object({ status: Type.Literal('ok') });

export const ReadinessSchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
  checks: Type.Record(Type.String(), Type.String(), { description: "check → 'ok' or why it failed" }),
});

/** OTLP/HTTP ExportTraceServiceResponse in its JSON encoding (the protobuf one carries the same). */
export const OtlpExportResponseSchema = Type.Object({
  partialSuccess: Type.Optional(
    Type.Object({ rejectedSpans: Type.Integer({ minimum: 0 }), errorMessage: Type.String() }),
  ),
});

import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { CommonFields, CommonProperties } from './common';
import { FAMILIES, FAMILY_KINDS, FAMILY_TAG, PAYLOAD_KINDS, PAYLOAD_SCHEMAS } from './payloads';
import { Strict, StringEnum } from './primitives';

/**
 * Envelope schemas, validated before the payload: they check the common fields and the kind tag and
 * leave the payload's own fields open, so that the payload is then validated against the one schema
 * its tag names and an error points at the field (`/payload/total_latency_ms: must be a number`)
 * instead of listing why every alternative of a oneOf failed.
 */

/** `{"common": {…}, "payload": {"type": "latency", …}}`, the hub README's REST example. */
export const NestedEnvelope = Strict({
  common: CommonFields,
  payload: Type.Object({ type: StringEnum(PAYLOAD_KINDS) }),
});

/** Common fields at the top level, `"payload": {"payload_type": "telemetry", "data": {"telemetry_type": …}}`. */
export const FlattenedEnvelope = Strict({
  ...CommonProperties,
  payload: Strict({ payload_type: StringEnum(FAMILIES), data: Type.Object({}) }),
});

/*
 * Whole-event schemas for documentation (OpenAPI) and for senders' TypeScript types. Built from
 * the same parts, never compiled: validation goes envelope first, then payload, as described above.
 */

function withTag(tag: string, kind: string, schema: TObject): TSchema {
  const description = schema.description;
  return Strict(
    { [tag]: Type.Literal(kind), ...schema.properties },
    { title: kind, ...(description && { description }) },
  );
}

export const NestedEventDocument = Strict({
  common: CommonFields,
  payload: Type.Union(PAYLOAD_KINDS.map((kind) => withTag('type', kind, PAYLOAD_SCHEMAS[kind]))),
});

export const FlattenedEventDocument = Strict({
  ...CommonProperties,
  payload: Type.Union(
    FAMILIES.map((family) =>
      Strict({
        payload_type: Type.Literal(family),
        data:
          family === 'custom'
            ? PAYLOAD_SCHEMAS.custom
            : Type.Union(
                FAMILY_KINDS[family].map((kind) => withTag(FAMILY_TAG[family], kind, PAYLOAD_SCHEMAS[kind])),
              ),
      }),
    ),
  ),
});

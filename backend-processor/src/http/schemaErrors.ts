/**
 * Readable 400 messages for request bodies that fail their JSON schema. Ajv reports a union of
 * literals (TypeBox's enums) as one "must be equal to constant" per member plus "must match a
 * schema in anyOf"; this turns them into "body/window must be one of 1m, 5m, …", and a failed
 * pattern into the field's own description. Use as a route's `schemaErrorFormatter`.
 */
import type { TSchema } from '@sinclair/typebox';
import type { FastifySchemaValidationError } from 'fastify';

type SchemaErrorFormatter = (errors: FastifySchemaValidationError[], dataVar: string) => Error;

type SchemaNode = Record<string, unknown>;

/** The schema node at a JSON pointer such as `#/properties/groupBy/items`; undefined if absent. */
function nodeAt(schema: unknown, pointer: string): SchemaNode | undefined {
  let node: unknown = schema;
  for (const segment of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as SchemaNode)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node !== null && typeof node === 'object' ? (node as SchemaNode) : undefined;
}

/** The schema holding the failed keyword (the path minus its last segment). */
function parentOf(schema: unknown, error: FastifySchemaValidationError): SchemaNode | undefined {
  return nodeAt(schema, error.schemaPath.replace(/\/[^/]*$/, ''));
}

function describe(schema: unknown, where: string, errors: FastifySchemaValidationError[]): string {
  const union = errors.find((error) => error.keyword === 'anyOf');
  const branches = errors.filter((error) => error !== union);
  const allowed = branches.filter((e) => e.keyword === 'const').map((e) => String(e.params.allowedValue));
  if (union && allowed.length === branches.length) return `${where} must be one of ${allowed.join(', ')}`;
  if (union) {
    const description = parentOf(schema, union)?.description;
    if (typeof description === 'string') return `${where} must be ${description}`;
    const types = branches.filter((e) => e.keyword === 'type').map((e) => String(e.params.type));
    if (types.length > 0) return `${where} must be ${types.join(' or ')}`;
  }
  const first = branches[0] ?? union!;
  switch (first.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown property "${String(first.params.additionalProperty)}"`;
    case 'required':
      return `${where}/${String(first.params.missingProperty)} is required`;
    case 'pattern': {
      const description = parentOf(schema, first)?.description;
      if (typeof description === 'string') return `${where} must be ${description}`;
      return `${where} ${first.message ?? 'is invalid'}`;
    }
    default:
      return `${where} ${first.message ?? 'is invalid'}`;
  }
}

/** A formatter for routes validating with `schema`, the same schema object given to the route. */
export function readableSchemaErrors(schema: unknown): SchemaErrorFormatter {
  return (errors, dataVar) => {
    const byPath = new Map<string, FastifySchemaValidationError[]>();
    for (const error of errors) {
      const path = error.instancePath;
      byPath.set(path, [...(byPath.get(path) ?? []), error]);
    }
    const messages = [...byPath].map(([path, pathErrors]) =>
      describe(schema, `${dataVar}${path}`, pathErrors),
    );
    return new Error(messages.join('; '));
  };
}

/** Options of a route reading with the `read` scope a JSON body checked against `schema`. */
export function readQueryOptions(schema: TSchema) {
  return {
    config: { scope: 'read' as const },
    schema: { body: schema },
    schemaErrorFormatter: readableSchemaErrors(schema),
  };
}

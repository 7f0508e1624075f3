/**
 * TypeBox schemas → the JSON Schema 2020-12 of OpenAPI 3.1. TypeBox writes tuples the draft-07 way
 * (`items: [...]`, `additionalItems`), which 2020-12 spells `prefixItems`; its symbol keys (Kind,
 * Optional) are not JSON and are dropped. A sub-schema that is (the same object as) a named
 * component becomes a `$ref` to it, so Filter, Instant, EventRecord… are described once.
 */
import type { TSchema } from '@sinclair/typebox';

export type JsonSchema = { [key: string]: unknown };

/** Values that are data, not schemas: copied as they are, never searched for sub-schemas. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example']);

export class SchemaRegistry {
  private readonly names = new Map<object, string>();

  /** Registers named schemas; the same object met anywhere later is referenced, not inlined. */
  constructor(private readonly schemas: Readonly<Record<string, TSchema>>) {
    for (const [name, schema] of Object.entries(schemas)) {
      if (!this.names.has(schema)) this.names.set(schema, name);
    }
  }

  /** `components.schemas` of the document. */
  components(): Record<string, JsonSchema> {
    return Object.fromEntries(
      Object.entries(this.schemas).map(([name, schema]) => [name, this.convert(schema, schema)]),
    );
  }

  /** A schema for use in an operation: a `$ref` when it is a component, else converted inline. */
  use(schema: TSchema): JsonSchema {
    return this.convert(schema, null);
  }

  private convert(schema: object, root: object | null): JsonSchema {
    const name = schema !== root ? this.names.get(schema) : undefined;
    if (name !== undefined) return { $ref: `#/components/schemas/${name}` };
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(schema)) {
      if (value === undefined) continue;
      out[key] = DATA_KEYWORDS.has(key) ? structuredClone(value) : this.convertValue(value, root);
    }
    if (Array.isArray(out.items)) {
      out.prefixItems = out.items;
      out.items = out.additionalItems === false ? false : (out.additionalItems ?? true);
      delete out.additionalItems;
    }
    return out;
  }

  private convertValue(value: unknown, root: object | null): unknown {
    if (Array.isArray(value)) return value.map((item) => this.convertValue(item, root));
    if (value !== null && typeof value === 'object') return this.convert(value, root);
    return value;
  }
}

import { Type, type Static } from '@sinclair/typebox';
import { EVENT_TYPES, SEVERITIES, SOURCE_MODULES, type SourceModule } from '../model';
import { Id, Opt, Strict, StringEnum, Timestamp } from './primitives';

/** Spellings of `source_module` accepted besides the canonical ones (the architecture notes write `llm-costops`). */
export const SOURCE_MODULE_ALIASES: Readonly<Record<string, SourceModule>> = {
  'llm-costops': 'llm-cost-ops',
};

export const DEFAULT_SCHEMA_VERSION = '1.0.0';
export const DEFAULT_SEVERITY = 'info';
export const DEFAULT_ENVIRONMENT = 'production';

/**
 * Tags: a free string → string map. `tenant_id` and `route` become columns, so they are held to the
 * id rules; every other key is free.
 */
export const Tags = Type.Object(
  { tenant_id: Type.Optional(Id), route: Type.Optional(Id) },
  { additionalProperties: Type.String(), description: 'string → string; tenant_id and route become columns' },
);

/**
 * The common fields, as properties: the nested envelope holds them in `common`, the flattened one at
 * its top level, so both are built from this one definition.
 */
export const CommonProperties = {
  event_id: Opt(
    Type.String({
      minLength: 1,
      maxLength: 256,
      description: 'dedup key; a name-based UUID is generated when absent',
    }),
  ),
  timestamp: Timestamp,
  source_module: StringEnum([...SOURCE_MODULES, ...Object.keys(SOURCE_MODULE_ALIASES)]),
  event_type: StringEnum(EVENT_TYPES),
  correlation_id: Opt(Id),
  parent_event_id: Opt(Id),
  schema_version: Opt(Type.String({ minLength: 1, maxLength: 64, default: DEFAULT_SCHEMA_VERSION })),
  severity: Opt(StringEnum(SEVERITIES, { default: DEFAULT_SEVERITY })),
  environment: Opt(Type.String({ minLength: 1, maxLength: 256, default: DEFAULT_ENVIRONMENT })),
  tags: Opt(Tags),
  /** Also accepted as `tags.tenant_id`; both may be given only when they agree. */
  tenant_id: Opt(Id),
};

export const CommonFields = Strict(CommonProperties);
export type CommonFields = Static<typeof CommonFields> & { tags?: Record<string, string> | null };

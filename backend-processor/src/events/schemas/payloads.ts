import type { TObject } from '@sinclair/typebox';
import { CostPayloads } from './cost';
import { CustomPayloads } from './custom';
import { GovernancePayloads } from './governance';
import { SecurityPayloads } from './security';
import { TelemetryPayloads } from './telemetry';

/**
 * Registry of payload kinds by family. A payload schema holds the fields of its kind without the
 * kind tag, because the tag is spelled differently per envelope (`type` nested, `<family>_type`
 * flattened) and is checked before the payload is.
 */
export const PAYLOAD_FAMILIES = {
  telemetry: TelemetryPayloads,
  security: SecurityPayloads,
  cost: CostPayloads,
  governance: GovernancePayloads,
  custom: CustomPayloads,
};

export type PayloadFamily = keyof typeof PAYLOAD_FAMILIES;
type Union<T> = T[keyof T];
export type PayloadKind = Union<{ [F in PayloadFamily]: keyof (typeof PAYLOAD_FAMILIES)[F] & string }>;

export const FAMILIES = Object.keys(PAYLOAD_FAMILIES) as PayloadFamily[];

/** Kinds of each family, in EVENTS.md order (the order error messages list them in). */
export const FAMILY_KINDS = Object.fromEntries(
  FAMILIES.map((family) => [family, Object.keys(PAYLOAD_FAMILIES[family]) as PayloadKind[]]),
) as Record<PayloadFamily, PayloadKind[]>;

/** Kind names are unique across families, so a kind alone (nested `payload.type`) names its schema. */
export const PAYLOAD_KINDS = FAMILIES.flatMap((family) => FAMILY_KINDS[family]);

export const PAYLOAD_SCHEMAS = Object.assign({}, ...Object.values(PAYLOAD_FAMILIES)) as Record<
  PayloadKind,
  TObject
>;

/** Field naming the kind inside a flattened payload's `data`; `custom` has none (its payload_type is the kind). */
export const FAMILY_TAG: Record<Exclude<PayloadFamily, 'custom'>, string> = {
  telemetry: 'telemetry_type',
  security: 'security_type',
  cost: 'cost_type',
  governance: 'governance_type',
};

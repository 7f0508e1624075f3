import { Type } from '@sinclair/typebox';
import { Id, Opt, Strict, StringEnum, Text } from './primitives';

/** Governance payloads (LLM-Governance-Dashboard, LLM-Policy-Engine, LLM-Registry). */
export const GovernancePayloads = {
  policy_violation: Strict({
    policy_id: Id,
    policy_name: Text,
    violation_description: Text,
    violated_rules: Type.Array(Text),
    resource_id: Id,
    user_id: Opt(Id),
    // The violation's own severity scale, distinct from the common `severity`; kept in attributes.
    severity: StringEnum(['low', 'medium', 'high', 'critical']),
    auto_remediated: Type.Boolean(),
  }),
  audit_trail: Strict({
    action: Text,
    actor: Text,
    resource_type: Text,
    resource_id: Id,
    changes: Type.Record(Type.String(), Type.Unknown(), { description: 'field → any JSON value' }),
    ip_address: Opt(Type.String({ minLength: 1, maxLength: 256 })),
    user_agent: Opt(Text),
  }),
  compliance_check: Strict({
    check_id: Id,
    framework: Text,
    controls_checked: Type.Array(Text),
    passed: Type.Boolean(),
    findings: Type.Array(
      Strict({
        control_id: Id,
        status: StringEnum(['pass', 'fail', 'not_applicable', 'manual']),
        description: Text,
        evidence: Opt(Text),
      }),
    ),
    score: Type.Number(),
  }),
  data_lineage: Strict({
    data_asset_id: Id,
    operation: StringEnum(['create', 'read', 'update', 'delete', 'transform', 'aggregate']),
    source: Opt(Text),
    destination: Opt(Text),
    transformation: Opt(Text),
    lineage_path: Type.Array(Text),
  }),
};

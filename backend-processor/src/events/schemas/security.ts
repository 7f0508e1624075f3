import { Type } from '@sinclair/typebox';
import { Id, NonNegative, OpenEnum, Opt, Strict, StringEnum, Text } from './primitives';

/** Security payloads (LLM-Sentinel). */
export const SecurityPayloads = {
  threat: Strict({
    threat_id: Id,
    threat_type: OpenEnum([
      'prompt_injection',
      'data_exfiltration',
      'model_poisoning',
      'denial_of_service',
      'unauthorized_access',
      'malicious_input',
    ]),
    threat_level: StringEnum(['low', 'medium', 'high', 'critical']),
    source_ip: Opt(Type.String({ minLength: 1, maxLength: 256 })),
    target_resource: Text,
    attack_vector: Text,
    mitigation_status: StringEnum(['detected', 'blocked', 'mitigated', 'investigating', 'resolved']),
    indicators_of_compromise: Type.Array(Text),
  }),
  vulnerability: Strict({
    vulnerability_id: Id,
    cve_id: Opt(Id),
    severity_score: NonNegative,
    affected_component: Text,
    description: Text,
    remediation_status: StringEnum(['identified', 'patch_available', 'patching', 'patched', 'accepted']),
  }),
  compliance_violation: Strict({
    violation_id: Id,
    regulation: Text,
    requirement: Text,
    violation_description: Text,
    affected_data_types: Type.Array(Text),
    remediation_required: Type.Boolean(),
  }),
  auth: Strict({
    user_id: Id,
    action: StringEnum([
      'login',
      'logout',
      'access_attempt',
      'permission_denied',
      'token_generated',
      'token_revoked',
    ]),
    resource: Text,
    success: Type.Boolean(),
    failure_reason: Opt(Text),
  }),
  privacy: Strict({
    data_type: Text,
    operation: StringEnum([
      'data_access',
      'data_collection',
      'data_sharing',
      'data_deletion',
      'consent_update',
    ]),
    user_consent: Type.Boolean(),
    data_subjects: Type.Array(Text),
    purpose: Text,
  }),
};

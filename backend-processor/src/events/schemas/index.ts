/** The event schemas: TypeBox definitions (TS types via `Static<>`, ajv validators, OpenAPI). */
export * from './primitives';
export * from './common';
export * from './payloads';
export * from './envelopes';
export * from './pair';
export { TelemetryPayloads } from './telemetry';
export { SecurityPayloads } from './security';
export { CostPayloads } from './cost';
export { GovernancePayloads } from './governance';
export { CustomPayloads } from './custom';

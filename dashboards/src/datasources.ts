/**
 * The provisioned datasources' fixed uids: dashboards and alert rules refer to them, and
 * provisioning/datasources/llm-analytics.yaml creates them with these uids.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/dashboard';

export const HUB: Required<DataSourceRef> = { type: 'llmhub-analytics-datasource', uid: 'llm-hub' };
export const PROMETHEUS: Required<DataSourceRef> = { type: 'prometheus', uid: 'llm-prometheus' };
export const TIMESCALEDB: Required<DataSourceRef> = {
  type: 'grafana-postgresql-datasource',
  uid: 'llm-timescaledb',
};

export const DATASOURCES = [HUB, PROMETHEUS, TIMESCALEDB];

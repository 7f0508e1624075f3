import type { TimeRange } from '@grafana/data';
import type { DataSource } from '../datasource';
import type { HubQuery } from '../types';
import type { useMetadata } from './options';

/** What each query type's fields get from the QueryEditor. */
export interface QueryFieldsProps {
  query: HubQuery;
  datasource: DataSource;
  metadata: ReturnType<typeof useMetadata>;
  range?: TimeRange;
  /** Applies the changes; runs the query unless `run` is false (while typing). */
  onChange(changes: Partial<HubQuery>, run?: boolean): void;
}

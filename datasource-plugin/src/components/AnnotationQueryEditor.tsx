/** Annotations from anomaly episodes: which metric, from which severity, only active ones. */
import type { AnnotationQuery } from '@grafana/data';
import type { DataSource } from '../datasource';
import type { HubQuery } from '../types';
import { AnomaliesFields } from './AnomaliesFields';
import { useMetadata } from './options';

interface Props {
  query: HubQuery;
  datasource: DataSource;
  onChange(query: HubQuery): void;
  annotation?: AnnotationQuery<HubQuery>;
}

export function AnnotationQueryEditor({ query, datasource, onChange }: Props) {
  const metadata = useMetadata(datasource);
  return (
    <AnomaliesFields
      query={{ ...query, queryType: 'anomalies' }}
      datasource={datasource}
      metadata={metadata}
      onChange={(changes) => onChange({ ...query, queryType: 'anomalies', ...changes })}
    />
  );
}

/** The query editor: a query type, then the fields of that type. */
import type { QueryEditorProps } from '@grafana/data';
import { Alert, InlineField, InlineFieldRow, RadioButtonGroup, Stack } from '@grafana/ui';
import type { ComponentType } from 'react';
import type { DataSource } from '../datasource';
import { switchQueryType } from '../queryDefaults';
import { QUERY_TYPES, type HubDataSourceOptions, type HubQuery, type QueryType } from '../types';
import { AnomaliesFields } from './AnomaliesFields';
import { CorrelationsFields } from './CorrelationsFields';
import { EventsFields } from './EventsFields';
import type { QueryFieldsProps } from './fieldProps';
import { ForecastFields } from './ForecastFields';
import { useMetadata } from './options';
import { TimeSeriesFields } from './TimeSeriesFields';

const FIELDS: Record<QueryType, ComponentType<QueryFieldsProps>> = {
  timeseries: TimeSeriesFields,
  table: TimeSeriesFields,
  events: EventsFields,
  anomalies: AnomaliesFields,
  correlations: CorrelationsFields,
  forecast: ForecastFields,
  cost_projection: ForecastFields,
};

const TYPE_OPTIONS = QUERY_TYPES.map(({ value, label, description }) => ({ value, label, description }));

type Props = QueryEditorProps<DataSource, HubQuery, HubDataSourceOptions>;

export function QueryEditor({ query, datasource, onChange, onRunQuery, range }: Props) {
  const metadata = useMetadata(datasource);
  const type = query.queryType ?? 'timeseries';
  const Fields = FIELDS[type];
  const update = (changes: Partial<HubQuery>, run = true) => {
    onChange({ ...query, ...changes });
    if (run) onRunQuery();
  };
  return (
    <Stack direction="column" gap={0}>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={14}>
          <RadioButtonGroup<QueryType>
            options={TYPE_OPTIONS}
            value={type}
            onChange={(next) => {
              onChange(switchQueryType(query, next));
              onRunQuery();
            }}
          />
        </InlineField>
      </InlineFieldRow>
      {metadata.error && (
        <Alert severity="error" title="Could not read the processor's metrics and dimensions">
          {metadata.error}
        </Alert>
      )}
      <Fields
        query={{ ...query, queryType: type }}
        datasource={datasource}
        metadata={metadata}
        range={range}
        onChange={update}
      />
    </Stack>
  );
}

/** Anomalies: which metric (all by default), from which severity, only those still going on. */
import { Combobox, InlineField, InlineFieldRow, InlineSwitch } from '@grafana/ui';
import { SEVERITIES } from '@llm-hub/query-contract';
import type { QueryFieldsProps } from './fieldProps';
import { MetricFields } from './MetricFields';
import { dimensionValueOptions, toOptions, withVariables } from './options';
import { LimitField } from './sharedFields';

export function AnomaliesFields({ query, datasource, metadata, range, onChange }: QueryFieldsProps) {
  return (
    <InlineFieldRow>
      <MetricFields
        metrics={metadata.metrics}
        metric={query.metric}
        optionalMetric
        showMeasure={false}
        onChange={({ metric }) => onChange({ metric })}
      />
      <InlineField
        label="Model"
        labelWidth={8}
        htmlFor="hub-anomaly-model"
        tooltip="Only this model's anomalies"
      >
        <Combobox
          id="hub-anomaly-model"
          width={22}
          options={dimensionValueOptions(datasource, 'model', range)}
          value={query.model ?? null}
          placeholder="all models"
          createCustomValue
          isClearable
          onChange={(option) => onChange({ model: option?.value })}
        />
      </InlineField>
      <InlineField label="Severity" labelWidth={10} htmlFor="hub-severity" tooltip="At least this severity">
        <Combobox
          id="hub-severity"
          width={14}
          options={withVariables(toOptions(SEVERITIES))}
          value={query.minSeverity ?? 'low'}
          createCustomValue
          onChange={(option) => onChange({ minSeverity: option.value })}
        />
      </InlineField>
      <InlineField label="Active only" labelWidth={14} tooltip="Only anomalies still going on">
        <InlineSwitch
          aria-label="Active only"
          value={query.activeOnly ?? false}
          onChange={(event) => onChange({ activeOnly: event.currentTarget.checked })}
        />
      </InlineField>
      <LimitField query={query} onChange={onChange} />
    </InlineFieldRow>
  );
}

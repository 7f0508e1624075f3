/** Time series and table: metric, measure, window (time series), group-by, top N, legend alias, filters. */
import { Combobox, InlineField, InlineFieldRow, MultiCombobox } from '@grafana/ui';
import { WINDOWS } from '@llm-hub/query-contract';
import { CommittedInput, positiveInteger } from './CommittedInput';
import type { QueryFieldsProps } from './fieldProps';
import { QueryFilters } from './sharedFields';
import { MetricFields } from './MetricFields';
import { toOptions, withVariables } from './options';

const WINDOW_OPTIONS = [
  { value: 'auto', label: 'auto', description: "from the panel's interval and max data points" },
  ...toOptions(WINDOWS),
];

export function TimeSeriesFields(props: QueryFieldsProps) {
  const { query, metadata, onChange } = props;
  const isTable = query.queryType === 'table';
  return (
    <>
      <InlineFieldRow>
        <MetricFields
          metrics={metadata.metrics}
          metric={query.metric}
          measure={query.measure}
          onChange={onChange}
        />
        {!isTable && (
          <InlineField
            label="Window"
            labelWidth={10}
            htmlFor="hub-window"
            tooltip="Bucket width of each point"
          >
            <Combobox
              id="hub-window"
              width={12}
              options={withVariables(WINDOW_OPTIONS)}
              value={query.window ?? 'auto'}
              createCustomValue
              onChange={(option) => onChange({ window: option.value })}
            />
          </InlineField>
        )}
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Group by"
          labelWidth={14}
          htmlFor="hub-group-by"
          tooltip="One series (row) per combination"
        >
          <MultiCombobox
            id="hub-group-by"
            width="auto"
            minWidth={28}
            options={withVariables(toOptions(metadata.dimensions))}
            value={query.groupBy ?? []}
            createCustomValue
            onChange={(options) => onChange({ groupBy: options.map((option) => option.value) })}
          />
        </InlineField>
        <InlineField
          label="Top"
          labelWidth={6}
          htmlFor="hub-top-n"
          tooltip="Keep the N groups with the largest values"
        >
          <CommittedInput
            id="hub-top-n"
            type="number"
            width={8}
            value={query.topN}
            placeholder={isTable ? '100' : '20'}
            onCommit={(text) => onChange({ topN: positiveInteger(text) })}
          />
        </InlineField>
        {!isTable && (
          <InlineField
            label="Legend"
            labelWidth={8}
            htmlFor="hub-alias"
            tooltip="e.g. {{model}} p95; empty: the group's values"
          >
            <CommittedInput
              id="hub-alias"
              value={query.alias}
              placeholder="{{model}}"
              onCommit={(alias) => onChange({ alias: alias || undefined })}
            />
          </InlineField>
        )}
      </InlineFieldRow>
      <QueryFilters {...props} />
    </>
  );
}

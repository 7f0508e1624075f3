/** A query variable: the values of one dimension, narrowed by filters (e.g. tenant = $tenant). */
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, InlineField, Stack } from '@grafana/ui';
import type { DataSource } from '../datasource';
import type { HubDataSourceOptions, HubQuery, VariableQuery } from '../types';
import { FiltersEditor } from './FiltersEditor';
import { toOptions, useMetadata } from './options';

type Props = QueryEditorProps<DataSource, HubQuery, HubDataSourceOptions, VariableQuery>;

export function VariableQueryEditor({ query, datasource, onChange, range }: Props) {
  const { dimensions } = useMetadata(datasource);
  const update = (changes: Partial<VariableQuery>) =>
    onChange({ ...query, refId: query.refId ?? 'variable', ...changes });
  return (
    <Stack direction="column" gap={0}>
      <InlineField
        label="Values of"
        labelWidth={14}
        htmlFor="hub-variable-dimension"
        tooltip="A dimension of the events"
      >
        <Combobox
          id="hub-variable-dimension"
          width={28}
          options={toOptions(dimensions)}
          value={query.dimension || null}
          createCustomValue
          onChange={(option) => update({ dimension: option.value })}
        />
      </InlineField>
      <FiltersEditor
        datasource={datasource}
        dimensions={dimensions}
        filters={query.filters ?? []}
        range={range}
        onChange={(filters) => update({ filters })}
      />
    </Stack>
  );
}

/** Fields several query types have: the filter rows and how many rows to return. */
import { InlineField } from '@grafana/ui';
import { CommittedInput, positiveInteger } from './CommittedInput';
import type { QueryFieldsProps } from './fieldProps';
import { FiltersEditor } from './FiltersEditor';

export function QueryFilters({ query, datasource, metadata, range, onChange }: QueryFieldsProps) {
  return (
    <FiltersEditor
      datasource={datasource}
      dimensions={metadata.dimensions}
      filters={query.filters ?? []}
      range={range}
      onChange={(filters) => onChange({ filters })}
    />
  );
}

export function LimitField({ query, onChange }: Pick<QueryFieldsProps, 'query' | 'onChange'>) {
  return (
    <InlineField label="Limit" labelWidth={8} htmlFor="hub-limit" tooltip="Newest first, at most 1,000">
      <CommittedInput
        id="hub-limit"
        type="number"
        width={10}
        value={query.limit}
        placeholder="100"
        onCommit={(text) => onChange({ limit: positiveInteger(text) })}
      />
    </InlineField>
  );
}

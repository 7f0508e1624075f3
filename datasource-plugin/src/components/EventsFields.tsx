/** Events: free-text search, how many, filters. */
import { InlineField, InlineFieldRow } from '@grafana/ui';
import { CommittedInput, positiveInteger } from './CommittedInput';
import type { QueryFieldsProps } from './fieldProps';
import { FiltersEditor } from './FiltersEditor';

export function EventsFields({ query, datasource, metadata, range, onChange }: QueryFieldsProps) {
  return (
    <>
      <InlineFieldRow>
        <InlineField
          label="Search"
          labelWidth={14}
          htmlFor="hub-text"
          tooltip="Case-insensitive, in model, route, kind, error type and request id"
        >
          <CommittedInput
            id="hub-text"
            width={40}
            value={query.text}
            placeholder="e.g. timeout or $route"
            onCommit={(text) => onChange({ text: text || undefined })}
          />
        </InlineField>
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
      </InlineFieldRow>
      <FiltersEditor
        datasource={datasource}
        dimensions={metadata.dimensions}
        filters={query.filters ?? []}
        range={range}
        onChange={(filters) => onChange({ filters })}
      />
    </>
  );
}

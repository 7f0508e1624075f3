/** Events: free-text search, how many, filters. */
import { InlineField, InlineFieldRow } from '@grafana/ui';
import { CommittedInput } from './CommittedInput';
import type { QueryFieldsProps } from './fieldProps';
import { LimitField, QueryFilters } from './sharedFields';

export function EventsFields(props: QueryFieldsProps) {
  const { query, onChange } = props;
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
        <LimitField query={query} onChange={onChange} />
      </InlineFieldRow>
      <QueryFilters {...props} />
    </>
  );
}

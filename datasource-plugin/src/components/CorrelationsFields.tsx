/** Correlation graph: which kinds of link to show (all when none is picked). */
import { InlineField, MultiCombobox } from '@grafana/ui';
import { CORRELATION_KINDS } from '@llm-hub/query-contract';
import type { QueryFieldsProps } from './fieldProps';
import { toOptions, withVariables } from './options';

export function CorrelationsFields({ query, onChange }: QueryFieldsProps) {
  return (
    <InlineField
      label="Links"
      labelWidth={14}
      htmlFor="hub-kinds"
      tooltip="Kinds of link between nodes; empty: all"
    >
      <MultiCombobox
        id="hub-kinds"
        width="auto"
        minWidth={40}
        options={withVariables(toOptions(CORRELATION_KINDS))}
        value={query.kinds ?? []}
        placeholder="all kinds"
        createCustomValue
        onChange={(options) => onChange({ kinds: options.map((option) => option.value) })}
      />
    </InlineField>
  );
}

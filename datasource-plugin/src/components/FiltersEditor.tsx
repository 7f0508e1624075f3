/** Filter rows: a dimension, an operator and a value (searched on the processor, or a variable). */
import { css } from '@emotion/css';
import type { TimeRange } from '@grafana/data';
import type { ReactNode } from 'react';
import { Button, Combobox, InlineField, InlineFieldRow, type ComboboxOption } from '@grafana/ui';
import type { DataSource } from '../datasource';
import type { QueryFilter } from '../types';
import { dimensionValueOptions, toOptions, variableOptions, withVariables } from './options';

const OPERATORS: Array<ComboboxOption<QueryFilter['op']>> = [
  { value: 'eq', label: '=', description: 'equals (a multi-value variable: any of its values)' },
  { value: 'neq', label: '!=', description: 'differs from (a multi-value variable: from all of them)' },
  { value: 'regex', label: '=~', description: 'matches the POSIX regular expression' },
];

interface Props {
  datasource: DataSource;
  dimensions: string[];
  filters: QueryFilter[];
  range?: TimeRange;
  onChange(filters: QueryFilter[]): void;
}

/** A label for screen readers only: the row's first label says what the row is. */
function HiddenLabel({ htmlFor, children }: { htmlFor: string; children: ReactNode }) {
  return (
    <label
      htmlFor={htmlFor}
      className={css({
        position: 'absolute',
        width: 1,
        height: 1,
        overflow: 'hidden',
        clip: 'rect(0 0 0 0)',
      })}
    >
      {children}
    </label>
  );
}

export function FiltersEditor({ datasource, dimensions, filters, range, onChange }: Props) {
  const replace = (index: number, changes: Partial<QueryFilter>) =>
    onChange(filters.map((filter, i) => (i === index ? { ...filter, ...changes } : filter)));
  // A key that is a variable has no values to list but the variables.
  const valuesOf = (key: string) =>
    key === '' || key.startsWith('$') ? variableOptions() : dimensionValueOptions(datasource, key, range);
  return (
    <>
      {filters.map((filter, index) => (
        <InlineFieldRow key={index}>
          <InlineField
            label={index === 0 ? 'Filter' : 'and'}
            labelWidth={14}
            htmlFor={`hub-filter-key-${index}`}
          >
            <Combobox
              id={`hub-filter-key-${index}`}
              width={20}
              options={withVariables(toOptions(dimensions))}
              value={filter.key || null}
              createCustomValue
              onChange={(option) => replace(index, { key: option.value, value: '' })}
            />
          </InlineField>
          <HiddenLabel htmlFor={`hub-filter-op-${index}`}>filter {index + 1} operator</HiddenLabel>
          <Combobox
            id={`hub-filter-op-${index}`}
            width={8}
            options={OPERATORS}
            value={filter.op}
            onChange={(option) => replace(index, { op: option.value })}
          />
          <HiddenLabel htmlFor={`hub-filter-value-${index}`}>filter {index + 1} value</HiddenLabel>
          <Combobox
            id={`hub-filter-value-${index}`}
            width={28}
            options={valuesOf(filter.key)}
            value={filter.value || null}
            placeholder="value or $variable"
            createCustomValue
            onChange={(option) => replace(index, { value: option.value })}
          />
          <Button
            variant="secondary"
            icon="times"
            aria-label={`remove filter ${index + 1}`}
            onClick={() => onChange(filters.filter((_, i) => i !== index))}
          />
        </InlineFieldRow>
      ))}
      <InlineFieldRow>
        <InlineField
          label={filters.length === 0 ? 'Filters' : ''}
          labelWidth={14}
          transparent={filters.length > 0}
        >
          <Button
            variant="secondary"
            icon="plus"
            size="sm"
            onClick={() => onChange([...filters, { key: '', op: 'eq', value: '' }])}
          >
            Add filter
          </Button>
        </InlineField>
      </InlineFieldRow>
    </>
  );
}

/** Dropdown options the editors share: metadata from the processor, template variables, fixed lists. */
import type { TimeRange } from '@grafana/data';
import type { ComboboxOption } from '@grafana/ui';
import { getTemplateSrv } from '@grafana/runtime';
import { useEffect, useState } from 'react';
import type { MetricInfo } from '@llm-hub/query-contract';
import type { DataSource } from '../datasource';

/** The dashboard's template variables as `$name` options, so any field can take one. */
export function variableOptions(): Array<ComboboxOption<string>> {
  return getTemplateSrv()
    .getVariables()
    .map((variable) => ({
      value: `$${variable.name}`,
      label: `$${variable.name}`,
      description: 'template variable',
    }));
}

export const toOptions = (values: readonly string[]): Array<ComboboxOption<string>> =>
  values.map((value) => ({ value, label: value }));

/** The options, then the dashboard's variables: every dropdown also takes a variable. */
export const withVariables = (options: Array<ComboboxOption<string>>): Array<ComboboxOption<string>> => [
  ...options,
  ...variableOptions(),
];

/** A dropdown's search: the values of `key` the processor saw in the range, starting with what was typed. */
export function dimensionValueOptions(datasource: DataSource, key: string, range?: TimeRange) {
  return async (typed: string) =>
    withVariables(toOptions(await datasource.dimensionValues(key, { prefix: typed, range, limit: 100 })));
}

interface Metadata {
  metrics: MetricInfo[];
  dimensions: string[];
  /** Why the processor's metadata could not be read; the editor shows it. */
  error?: string;
}

/** The processor's metrics and dimensions, read once per editor. */
export function useMetadata(datasource: DataSource): Metadata {
  const [metadata, setMetadata] = useState<Metadata>({ metrics: [], dimensions: [] });
  useEffect(() => {
    let current = true;
    Promise.all([datasource.metrics(), datasource.dimensions()]).then(
      ([metrics, dimensions]) => current && setMetadata({ metrics, dimensions }),
      (error: Error) => current && setMetadata({ metrics: [], dimensions: [], error: error.message }),
    );
    return () => {
      current = false;
    };
  }, [datasource]);
  return metadata;
}

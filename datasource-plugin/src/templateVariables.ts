/**
 * Template variables in query fields. A multi-value variable (or "All") stands for several values:
 * `model = $model` with two models selected becomes `model in (a, b)`, not a string "{a,b}".
 */
import type { ScopedVars } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import type { Filter } from '@llm-hub/query-contract';
import type { QueryFilter } from './types';

/** The most values one text may expand to (the processor takes up to 1,000 per filter). */
const MAX_VALUES = 1000;
const MARK = '\u0000';

/** A text with its variables replaced; a multi-value variable's values are joined by commas. */
export function interpolate(text: string, scopedVars?: ScopedVars): string {
  return getTemplateSrv().replace(text, scopedVars);
}

/**
 * Every value a text stands for: one per combination of its variables' values (`$model` with
 * gpt-4o and o1 selected gives both; plain text gives itself).
 */
export function interpolateValues(text: string, scopedVars?: ScopedVars): string[] {
  const choices: string[][] = [];
  const marked = getTemplateSrv().replace(text, scopedVars, (value: unknown) => {
    choices.push(Array.isArray(value) ? value.map(String) : [String(value)]);
    return `${MARK}${choices.length - 1}${MARK}`;
  });
  let results = [''];
  marked.split(MARK).forEach((piece, index) => {
    // Odd pieces are the index of a variable's values between two marks.
    const options = index % 2 === 1 ? choices[Number(piece)]! : [piece];
    results = results.flatMap((prefix) => options.map((option) => prefix + option)).slice(0, MAX_VALUES);
  });
  return [...new Set(results)];
}

/**
 * The custom all value that means "no filter": a variable set to All with this all value keeps the
 * events that lack the dimension (an audit entry has no model), which listing every value would not.
 */
export const ANY_VALUE = '*';

/**
 * An editor filter as the processor's filters: `eq` over several values becomes `in`, `neq` one per
 * value; `= *` (a variable on All with the custom all value `*`) is no filter.
 */
export function interpolateFilter(filter: QueryFilter, scopedVars?: ScopedVars): Filter[] {
  const key = interpolate(filter.key, scopedVars) as Filter['key'];
  if (filter.op === 'regex') {
    // Grafana's `regex` format: several values as an escaped alternation (a|b).
    return [{ key, op: 'regex', value: getTemplateSrv().replace(filter.value, scopedVars, 'regex') }];
  }
  const values = interpolateValues(filter.value, scopedVars);
  if (filter.op === 'eq' && values.length === 1 && values[0] === ANY_VALUE) return [];
  if (filter.op === 'neq') return values.map((value) => ({ key, op: 'neq', value }));
  return values.length === 1 ? [{ key, op: 'eq', value: values[0] }] : [{ key, op: 'in', values }];
}

/** Complete filters (key and value set) with their variables interpolated; half-filled rows are left out. */
export function interpolateFilters(filters: readonly QueryFilter[], scopedVars?: ScopedVars): Filter[] {
  return filters
    .filter((filter) => filter.key !== '' && filter.value !== '')
    .flatMap((filter) => interpolateFilter(filter, scopedVars));
}

/** Group-by keys; a multi-value variable of dimension names adds each. */
export function interpolateKeys(keys: readonly string[], scopedVars?: ScopedVars): string[] {
  return [...new Set(keys.flatMap((key) => interpolateValues(key, scopedVars)).filter((key) => key !== ''))];
}

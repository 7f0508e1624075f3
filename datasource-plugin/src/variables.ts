/**
 * Query variables: the values of one dimension, narrowed by filters that may name other variables
 * (the models of `$tenant`), over the dashboard's time range.
 */
import { CustomVariableSupport, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { from, map, type Observable } from 'rxjs';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { DataSource } from './datasource';
import { interpolate, interpolateFilters } from './templateVariables';
import type { VariableQuery } from './types';

export class DimensionVariableSupport extends CustomVariableSupport<DataSource, VariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<VariableQuery>): Observable<DataQueryResponse> {
    const [query] = request.targets;
    if (!query?.dimension) return from([{ data: [] }]);
    const { scopedVars } = request;
    const filters = interpolateFilters(query.filters ?? [], scopedVars);
    const values = this.datasource.dimensionValues(interpolate(query.dimension, scopedVars), {
      filters,
      range: request.range,
      limit: 1000,
    });
    return from(values).pipe(map((texts) => ({ data: texts.map((text) => ({ text, value: text })) })));
  }
}

import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { choose, watchMetadata } from '../../tests/editing';
import { hubDataSource, useVariables } from '../../tests/hubDataSource';
import type { VariableQuery } from '../types';
import { AnnotationQueryEditor } from './AnnotationQueryEditor';
import { VariableQueryEditor } from './VariableQueryEditor';

beforeEach(() => useVariables([{ name: 'tenant', current: 'acme', options: ['acme', 'globex'] }]));

test('a variable query: a dimension of the processor, narrowed by another variable', async () => {
  const onChange = jest.fn();
  const datasource = hubDataSource();
  const loaded = watchMetadata(datasource);
  render(
    <VariableQueryEditor
      query={{ refId: 'variable', dimension: '', filters: [{ key: 'tenant', op: 'eq', value: '' }] }}
      datasource={datasource}
      onChange={onChange}
      onRunQuery={() => undefined}
    />,
  );
  await loaded();
  const user = userEvent.setup();
  await choose(user, screen.getByLabelText('Values of'), 'mod', 'model');
  await waitFor(() =>
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ dimension: 'model' })),
  );
  await choose(user, screen.getByLabelText('filter 1 value'), '$ten', '$tenant');
  await waitFor(() =>
    expect((onChange.mock.calls.at(-1)[0] as VariableQuery).filters).toEqual([
      { key: 'tenant', op: 'eq', value: '$tenant' },
    ]),
  );
});

test('an annotation query: anomalies of a metric from a severity', async () => {
  const onChange = jest.fn();
  const datasource = hubDataSource();
  const loaded = watchMetadata(datasource);
  render(
    <AnnotationQueryEditor
      query={{ refId: 'Anno', queryType: 'anomalies' }}
      datasource={datasource}
      onChange={onChange}
    />,
  );
  await loaded();
  const user = userEvent.setup();
  await choose(user, screen.getByLabelText('Metric'), 'ttft', 'ttft_ms');
  await waitFor(() =>
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ metric: 'ttft_ms' })),
  );
  await choose(user, screen.getByLabelText('Severity'), 'crit', 'critical');
  await waitFor(() =>
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'Anno',
      queryType: 'anomalies',
      minSeverity: 'critical',
    }),
  );
});

/**
 * The editors render and edit their queries. Dropdowns are filled from the demo processor through
 * the datasource (and the stand-in data source proxy), as in Grafana.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { choose, watchMetadata } from '../../tests/editing';
import { hubDataSource, useVariables } from '../../tests/hubDataSource';
import { DEFAULT_QUERY } from '../queryDefaults';
import type { HubQuery } from '../types';
import { QueryEditor } from './QueryEditor';

/** Renders the editor and waits until it has the processor's metrics and dimensions. */
async function renderEditor(query: Partial<HubQuery>) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const datasource = hubDataSource();
  const metadataLoaded = watchMetadata(datasource);
  render(
    <QueryEditor
      query={{ refId: 'A', ...query } as HubQuery}
      datasource={datasource}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />,
  );
  await metadataLoaded();
  return { onChange, onRunQuery, user: userEvent.setup() };
}

const lastQuery = (onChange: jest.Mock): HubQuery => onChange.mock.calls.at(-1)[0];

beforeEach(() => useVariables([{ name: 'tenant', current: 'acme', options: ['acme', 'globex'] }]));

describe('time series', () => {
  test('a new query shows its defaults', async () => {
    await renderEditor(DEFAULT_QUERY);
    expect(screen.getByLabelText('Metric')).toHaveValue('latency_ms');
    expect(screen.getByLabelText('Measure')).toHaveValue('p95');
    expect(screen.getByLabelText('Window')).toHaveValue('auto');
    expect(screen.getByRole('radio', { name: 'Time series' })).toBeChecked();
  });

  test('a metric without the measure falls back to its first measure, and the query runs', async () => {
    const { onChange, onRunQuery, user } = await renderEditor(DEFAULT_QUERY);
    await choose(user, screen.getByLabelText('Metric'), 'requests');
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(lastQuery(onChange)).toMatchObject({ metric: 'requests', measure: 'count', groupBy: ['model'] });
    expect(onRunQuery).toHaveBeenCalled();
  });

  test('legend and top N commit on Enter', async () => {
    const { onChange, user } = await renderEditor(DEFAULT_QUERY);
    await user.type(screen.getByLabelText('Legend'), '{{{{model}} p95{Enter}');
    expect(lastQuery(onChange)).toMatchObject({ alias: '{{model}} p95' });
    await user.type(screen.getByLabelText('Top'), '5{Enter}');
    expect(lastQuery(onChange)).toMatchObject({ topN: 5 });
  });

  test('a filter row takes a dimension, an operator and a value (a variable too)', async () => {
    const { onChange, user } = await renderEditor({
      ...DEFAULT_QUERY,
      filters: [{ key: 'tenant', op: 'eq', value: '' }],
    });
    // Values the processor has seen for the dimension, found by what was typed.
    await choose(user, screen.getByLabelText('filter 1 value'), 'glo', 'globex');
    await waitFor(() =>
      expect(lastQuery(onChange).filters).toEqual([{ key: 'tenant', op: 'eq', value: 'globex' }]),
    );
    await choose(user, screen.getByLabelText('filter 1 operator'), '!=');
    await waitFor(() => expect(lastQuery(onChange).filters?.[0]?.op).toBe('neq'));
    await user.click(screen.getByRole('button', { name: 'remove filter 1' }));
    expect(lastQuery(onChange).filters).toEqual([]);
  });

  test('Add filter adds an empty row', async () => {
    const { onChange, user } = await renderEditor(DEFAULT_QUERY);
    await user.click(screen.getByRole('button', { name: /Add filter/ }));
    expect(lastQuery(onChange).filters).toEqual([{ key: '', op: 'eq', value: '' }]);
  });
});

describe('query types', () => {
  test("switching type keeps the filters and takes the new type's defaults", async () => {
    const filters = [{ key: 'model', op: 'eq' as const, value: 'gpt-4o' }];
    const { onChange, onRunQuery, user } = await renderEditor({ ...DEFAULT_QUERY, filters });
    await user.click(screen.getByRole('radio', { name: 'Events' }));
    expect(lastQuery(onChange)).toEqual({ refId: 'A', queryType: 'events', limit: 100, filters });
    expect(onRunQuery).toHaveBeenCalled();
  });

  test('events: search text and limit', async () => {
    const { onChange, user } = await renderEditor({ queryType: 'events', limit: 100 });
    await user.type(screen.getByLabelText('Search'), 'timeout{Enter}');
    expect(lastQuery(onChange)).toMatchObject({ text: 'timeout' });
    await user.clear(screen.getByLabelText('Limit'));
    await user.type(screen.getByLabelText('Limit'), '25{Enter}');
    expect(lastQuery(onChange)).toMatchObject({ limit: 25 });
  });

  test('anomalies: a model of the processor, severity and active only', async () => {
    const { onChange, user } = await renderEditor({ queryType: 'anomalies', minSeverity: 'low' });
    await choose(user, screen.getByLabelText('Model'), 'gpt-4o-m', 'gpt-4o-mini');
    await waitFor(() => expect(lastQuery(onChange)).toMatchObject({ model: 'gpt-4o-mini' }));
    await choose(user, screen.getByLabelText('Severity'), 'high');
    await waitFor(() => expect(lastQuery(onChange)).toMatchObject({ minSeverity: 'high' }));
    await user.click(screen.getByLabelText('Active only'));
    expect(lastQuery(onChange)).toMatchObject({ activeOnly: true });
  });

  test('correlation graph: kinds of link', async () => {
    const { onChange, user } = await renderEditor({ queryType: 'correlations' });
    await choose(user, screen.getByLabelText('Links'), 'causal');
    await waitFor(() => expect(lastQuery(onChange).kinds).toEqual(['causal']));
  });

  test('forecast: metric, measure and hours ahead', async () => {
    const { onChange, user } = await renderEditor({
      queryType: 'forecast',
      metric: 'cost_usd',
      measure: 'sum',
      horizonHours: 24,
    });
    expect(screen.getByLabelText('Metric')).toHaveValue('cost_usd');
    await user.clear(screen.getByLabelText('Hours ahead'));
    await user.type(screen.getByLabelText('Hours ahead'), '48{Enter}');
    expect(lastQuery(onChange)).toMatchObject({ horizonHours: 48 });
  });

  test('cost projection: a budget', async () => {
    const { onChange, user } = await renderEditor({ queryType: 'cost_projection' });
    await user.type(screen.getByLabelText('Budget (USD)'), '2500{Enter}');
    expect(lastQuery(onChange)).toMatchObject({ budgetUsd: 2500 });
  });

  test('table: no window or legend, top N placeholder of the table', async () => {
    await renderEditor({ queryType: 'table', metric: 'cost_usd', measure: 'sum', groupBy: ['model'] });
    expect(screen.queryByLabelText('Window')).toBeNull();
    expect(screen.queryByLabelText('Legend')).toBeNull();
    expect(screen.getByLabelText('Top')).toHaveAttribute('placeholder', '100');
  });
});

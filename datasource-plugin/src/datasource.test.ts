/**
 * The datasource against a real processor (embedded store, demo traffic; plugin-testing), reached
 * through the data source proxy as plugin.json's route declares it: every query type, variables,
 * annotations, template interpolation, errors. Only Grafana's services are stand-ins.
 */
import { FieldType, type DataFrame } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { ADMIN_KEY } from '../../plugin-testing/demoProcessor';
import { httpExchange } from '../../plugin-testing/dataSourceProxy';
import type { TestVariable } from '../../plugin-testing/grafanaServices';
import { demoProcessor } from '../../plugin-testing/testProcessor';
import { hubDataSource, panelRequest, useVariables } from '../tests/hubDataSource';
import type { HubQuery, VariableQuery } from './types';

const MINUTE = 60_000;
const { url: processorUrl, readKey, window } = demoProcessor();

/** The processor's own answer, asked directly with the read key: what the frames must hold. */
async function processor(path: string, body?: unknown, key = readKey) {
  const answer = await httpExchange(`${processorUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(answer.status).toBeLessThan(300);
  return JSON.parse(answer.body);
}

const field = (frame: DataFrame, name: string) => {
  const found = frame.fields.find((f) => f.name === name);
  if (!found)
    throw new Error(
      `frame ${frame.name} has no field ${name}: ${frame.fields.map((f) => f.name).join(', ')}`,
    );
  return found;
};

const valueSeries = (frames: DataFrame[]) =>
  Object.fromEntries(frames.map((frame) => [field(frame, 'Value').labels?.model, frame]));

beforeEach(() => useVariables());

describe('time series', () => {
  test('one frame per group with the processor values, unit and display name; window from the interval', async () => {
    const ds = hubDataSource();
    const response = await ds.query(
      panelRequest([
        { queryType: 'timeseries', metric: 'latency_ms', measure: 'p95', window: 'auto', groupBy: ['model'] },
      ]),
    );
    expect(response.errors).toEqual([]);
    const expected = await processor('/api/v1/query/timeseries', {
      metric: 'latency_ms',
      measure: 'p95',
      from: window.end - 180 * MINUTE,
      to: window.end,
      window: '5m',
      groupBy: ['model'],
    });
    expect(response.data).toHaveLength(expected.series.length);
    expect(expected.series.length).toBeGreaterThanOrEqual(5);
    const byModel = valueSeries(response.data);
    for (const series of expected.series) {
      const frame = byModel[series.labels.model];
      expect(field(frame, 'Time').type).toBe(FieldType.time);
      expect(field(frame, 'Time').values).toEqual(series.points.map((p: [number, number]) => p[0]));
      expect(field(frame, 'Value').values).toEqual(series.points.map((p: [number, number | null]) => p[1]));
      expect(field(frame, 'Value').config.unit).toBe('ms');
      expect(field(frame, 'Value').config.displayNameFromDS).toBe(series.labels.model);
    }
    expect(response.data[0]!.meta?.type).toBe('timeseries-multi');
  });

  test("the panel's interval picks the window, max data points bound the points", async () => {
    const ds = hubDataSource();
    const hourly = await ds.query(
      panelRequest([{ metric: 'requests', measure: 'count', window: 'auto' }], {
        from: window.start,
        intervalMs: 40 * MINUTE,
        maxDataPoints: 40,
      }),
    );
    expect(hourly.errors).toEqual([]);
    const times = field(hourly.data[0]!, 'Time').values as number[];
    expect(times[1]! - times[0]!).toBe(60 * MINUTE);
    expect(times.length).toBeLessThanOrEqual(40);
    const capped = await ds.query(
      panelRequest([{ metric: 'requests', measure: 'count', window: '1m' }], { maxDataPoints: 50 }),
    );
    expect(field(capped.data[0]!, 'Time').values.length).toBeLessThanOrEqual(50);
    expect(capped.data[0]!.meta?.notices?.[0]?.text).toMatch(/maxPoints|points/);
  });

  test('the legend alias fills in {{labels}} and variables', async () => {
    useVariables([{ name: 'stat', current: 'p95', options: ['p95'] }]);
    const ds = hubDataSource();
    const response = await ds.query(
      panelRequest([
        { metric: 'latency_ms', measure: '$stat', groupBy: ['model'], alias: '{{model}} $stat' },
      ]),
    );
    const names = response.data.map((frame) => field(frame, 'Value').config.displayNameFromDS);
    expect(names).toContain('gpt-4o p95');
  });
});

describe('template variables in queries', () => {
  const models = [
    'gpt-4o',
    'claude-3-5-haiku',
    'gpt-4o-mini',
    'claude-sonnet-4',
    'gemini-2.0-flash',
    'llama-3.1-70b',
  ];
  const modelsOf = async (filter: HubQuery['filters'], variables: TestVariable[]) => {
    useVariables(variables);
    const response = await hubDataSource().query(
      panelRequest([{ metric: 'requests', measure: 'count', groupBy: ['model'], filters: filter }]),
    );
    expect(response.errors).toEqual([]);
    return Object.keys(valueSeries(response.data)).sort();
  };

  test('a multi-value variable in an = filter asks for any of its values', async () => {
    const picked = ['claude-3-5-haiku', 'gpt-4o'];
    expect(
      await modelsOf(
        [{ key: 'model', op: 'eq', value: '$model' }],
        [{ name: 'model', current: picked, options: models }],
      ),
    ).toEqual(picked);
  });

  test('All stands for every value, or for a custom all value used as a regular expression', async () => {
    const all = await modelsOf(
      [{ key: 'model', op: 'eq', value: '${model}' }],
      [{ name: 'model', current: '$__all', options: models }],
    );
    expect(all).toEqual([...models].sort());
    const regexAll = await modelsOf(
      [{ key: 'model', op: 'regex', value: '$model' }],
      [{ name: 'model', current: '$__all', options: models, allValue: 'gpt.*' }],
    );
    expect(regexAll).toEqual(['gpt-4o', 'gpt-4o-mini']);
  });

  test('!= with several values excludes each; =~ joins them into one expression', async () => {
    const variable = { name: 'model', current: ['gpt-4o', 'gpt-4o-mini'], options: models };
    const rest = await modelsOf([{ key: 'model', op: 'neq', value: '$model' }], [variable]);
    // Events without a model (security, audit) are not gpt-*: they stay.
    expect(rest).toEqual(['(none)', ...models.filter((m) => !m.startsWith('gpt')).sort()]);
    const matched = await modelsOf([{ key: 'model', op: 'regex', value: '^$model$' }], [variable]);
    expect(matched).toEqual(['gpt-4o', 'gpt-4o-mini']);
  });

  test('ad hoc filters and the default tenant narrow every query', async () => {
    const ds = hubDataSource({ defaultTenant: 'acme' });
    const request = panelRequest([{ queryType: 'events', limit: 50 }]);
    request.filters = [{ key: 'model', operator: '=', value: 'gpt-4o' }];
    const response = await ds.query(request);
    expect(response.errors).toEqual([]);
    const labels = field(response.data[0]!, 'labels').values as Array<Record<string, string>>;
    expect(labels.length).toBeGreaterThan(0);
    labels.forEach((l) => expect([l.tenant, l.model]).toEqual(['acme', 'gpt-4o']));
  });
});

describe('other query types', () => {
  test('table: one row per group with the processor values and unit', async () => {
    const response = await hubDataSource().query(
      panelRequest([{ queryType: 'table', metric: 'cost_usd', measure: 'sum', groupBy: ['model'] }]),
    );
    const expected = await processor('/api/v1/query/table', {
      metric: 'cost_usd',
      measure: 'sum',
      from: window.end - 180 * MINUTE,
      to: window.end,
      groupBy: ['model'],
    });
    const [frame] = response.data as DataFrame[];
    expect(field(frame!, 'model').values).toEqual(expected.rows.map((r: any) => r.labels.model));
    expect(field(frame!, 'sum cost_usd').values).toEqual(expected.rows.map((r: any) => r.value));
    expect(field(frame!, 'sum cost_usd').config.unit).toBe('currencyUSD');
  });

  test('events: a logs frame, newest first, with text search', async () => {
    const response = await hubDataSource().query(
      panelRequest([{ queryType: 'events', text: 'gpt-4o-mini', limit: 20 }]),
    );
    const [frame] = response.data as DataFrame[];
    expect(frame!.meta?.type).toBe('log-lines');
    expect(frame!.meta?.preferredVisualisationType).toBe('logs');
    expect(frame!.length).toBe(20);
    const times = field(frame!, 'timestamp').values as number[];
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    (field(frame!, 'body').values as string[]).forEach((line) => expect(line).toContain('gpt-4o-mini'));
    expect(
      field(frame!, 'severity').values.every((s: string) =>
        ['debug', 'info', 'warning', 'error', 'critical'].includes(s),
      ),
    ).toBe(true);
    expect(new Set(field(frame!, 'id').values).size).toBe(20);
    expect(frame!.meta?.notices?.[0]?.text).toMatch(/newest 20 events/);
  });

  test('anomalies: the injected latency spike on gpt-4o, as a table and as annotations', async () => {
    const ds = hubDataSource({}, { apiKey: readKey });
    const range = { from: window.spikeOnset - 30 * MINUTE, to: window.end };
    const table = await ds.query(panelRequest([{ queryType: 'anomalies', metric: 'latency_ms' }], range));
    const [frame] = table.data as DataFrame[];
    const rows = frame!.fields[0]!.values.map((_, i) =>
      Object.fromEntries(frame!.fields.map((f) => [f.name, f.values[i]])),
    );
    const spike = rows.find(
      (row) => row.model === 'gpt-4o' && Math.abs(row.started - window.spikeOnset) <= 2 * MINUTE,
    );
    expect(spike).toMatchObject({ metric: 'latency_ms', measure: 'p95' });
    expect(spike!.value).toBeGreaterThan(spike!.upper);
    expect(field(frame!, 'value').config.unit).toBe('ms');

    // A model variable narrows them to its models.
    useVariables([{ name: 'model', current: ['claude-3-5-haiku', 'gpt-4o'], options: [] }]);
    const ofModels = await ds.query(
      panelRequest([{ queryType: 'anomalies', metric: 'latency_ms', model: '$model' }], range),
    );
    const models = field((ofModels.data as DataFrame[])[0]!, 'model').values;
    expect(models).toContain('gpt-4o');
    models.forEach((model) => expect(['claude-3-5-haiku', 'gpt-4o']).toContain(model));

    const annotationQuery = ds.annotations!.prepareQuery!({
      name: 'Anomalies',
      enable: true,
      iconColor: 'red',
      target: { refId: 'Anno', queryType: 'anomalies', metric: 'latency_ms' },
    } as any);
    const annotations = await ds.query(panelRequest([annotationQuery!], range));
    const [annotationFrame] = annotations.data as DataFrame[];
    expect(annotationFrame!.fields.map((f) => f.name)).toEqual(['time', 'timeEnd', 'title', 'text', 'tags']);
    const index = (field(annotationFrame!, 'time').values as number[]).indexOf(spike!.started);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(field(annotationFrame!, 'title').values[index]).toMatch(/latency_ms p95 \(model=gpt-4o\)/);
    expect(field(annotationFrame!, 'tags').values[index]).toEqual(
      expect.arrayContaining(['anomaly', 'gpt-4o']),
    );
  });

  test('correlation graph: nodes and edges frames in the Node Graph contract', async () => {
    const response = await hubDataSource().query(
      panelRequest([{ queryType: 'correlations' }], {
        from: window.spikeOnset - 10 * MINUTE,
        to: window.spikeOnset + 20 * MINUTE,
      }),
    );
    expect(response.errors).toEqual([]);
    const [nodes, edges] = response.data as DataFrame[];
    expect([nodes!.name, edges!.name]).toEqual(['nodes', 'edges']);
    expect(nodes!.meta?.preferredVisualisationType).toBe('nodeGraph');
    expect(nodes!.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['id', 'title', 'mainstat', 'arc__anomalous', 'arc__normal']),
    );
    expect(field(nodes!, 'arc__anomalous').config.color).toEqual({ mode: 'fixed', fixedColor: 'red' });
    const ids = new Set(field(nodes!, 'id').values);
    expect(ids.size).toBe(nodes!.length);
    expect(edges!.length).toBeGreaterThan(0);
    for (const end of [...field(edges!, 'source').values, ...field(edges!, 'target').values])
      expect(ids.has(end)).toBe(true);
    // The incident's root cause ranks first.
    const rank1 = field(nodes!, 'detail__root_cause_rank').values.indexOf(1);
    expect(field(nodes!, 'id').values[rank1]).toBe('model:gpt-4o');
  });

  test('forecast: actual hours, then the forecast inside its 80 % and 95 % bands, drawable by the time series panel', async () => {
    const response = await hubDataSource().query(
      panelRequest([{ queryType: 'forecast', metric: 'cost_usd', measure: 'sum', horizonHours: 12 }], {
        from: window.start,
      }),
    );
    expect(response.errors).toEqual([]);
    const [frame] = response.data as DataFrame[];
    const values = (name: string) => field(frame!, name).values as Array<number | null>;
    const ahead = values('forecast')
      .map((v, i) => i)
      .filter((i) => values('forecast')[i] !== null);
    expect(ahead).toHaveLength(12);
    expect(values('actual').filter((v) => v !== null).length).toBeGreaterThanOrEqual(24);
    for (const i of ahead) {
      expect(values('lower_95')[i]!).toBeLessThanOrEqual(values('lower_80')[i]!);
      expect(values('lower_80')[i]!).toBeLessThanOrEqual(values('forecast')[i]!);
      expect(values('forecast')[i]!).toBeLessThanOrEqual(values('upper_80')[i]!);
      expect(values('upper_80')[i]!).toBeLessThanOrEqual(values('upper_95')[i]!);
    }
    expect(field(frame!, 'upper_95').config.custom).toMatchObject({ fillBelowTo: 'lower_95' });
    expect(field(frame!, 'forecast').config.unit).toBe('currencyUSD');
  });

  test('cost projection: month to date plus the forecast, against the budget', async () => {
    const response = await hubDataSource().query(
      panelRequest([{ queryType: 'cost_projection', budgetUsd: 5 }]),
    );
    const [frame] = response.data as DataFrame[];
    expect(frame!.length).toBe(1);
    const projected = field(frame!, 'projectedUsd').values[0] as number;
    expect(projected).toBeGreaterThanOrEqual(field(frame!, 'monthToDateUsd').values[0] as number);
    expect(field(frame!, 'budgetUsd').values[0]).toBe(5);
    expect(field(frame!, 'overBudgetUsd').values[0]).toBeCloseTo(projected - 5, 9);
  });
});

describe('variable queries', () => {
  const values = async (query: Partial<VariableQuery>, variables: TestVariable[] = []) => {
    useVariables(variables);
    const ds = hubDataSource();
    const response = await lastValueFrom(
      (ds.variables as any).query(panelRequest<VariableQuery>([query], { from: window.start })),
    );
    return (response as any).data.map((v: { text: string }) => v.text);
  };

  test("a dimension's values, as the processor lists them", async () => {
    const expected = await processor(
      `/api/v1/metadata/dimensions/model/values?from=${window.start}&to=${window.end}&limit=1000`,
    );
    expect(await values({ dimension: 'model' })).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(5);
  });

  test('narrowed by another variable: the routes of the selected tenant', async () => {
    const filters = encodeURIComponent(JSON.stringify([{ key: 'tenant', op: 'eq', value: 'acme' }]));
    const expected = await processor(
      `/api/v1/metadata/dimensions/route/values?from=${window.start}&to=${window.end}&limit=1000&filters=${filters}`,
    );
    const routes = await values(
      { dimension: 'route', filters: [{ key: 'tenant', op: 'eq', value: '$tenant' }] },
      [{ name: 'tenant', current: 'acme', options: ['acme', 'globex', 'initech'] }],
    );
    expect(routes).toEqual(expected);
  });

  test('ad hoc filter keys and values', async () => {
    const ds = hubDataSource();
    expect((await ds.getTagKeys()).map((k) => k.text)).toEqual(
      expect.arrayContaining(['tenant', 'model', 'route']),
    );
    const tenants = await ds.getTagValues({ key: 'tenant', filters: [] } as any);
    expect(tenants.map((t) => t.text)).toEqual(['acme', 'globex', 'initech']);
  });
});

describe('errors read as sentences, per query', () => {
  test('a query the processor rejects says why, and the other queries still return data', async () => {
    const response = await hubDataSource().query(
      panelRequest([
        { metric: 'latency_ms', measure: 'p95' },
        { metric: 'latency_ms', measure: 'p95', window: '7m' },
      ]),
    );
    expect(response.data.length).toBeGreaterThan(0);
    expect(response.errors).toEqual([
      {
        refId: 'B',
        message: expect.stringMatching(/^The processor rejected the query: .*window.*must be one of/),
      },
    ]);
  });

  test('a multi-value variable where one value is needed', async () => {
    useVariables([
      { name: 'metric', current: ['latency_ms', 'ttft_ms'], options: ['latency_ms', 'ttft_ms'] },
    ]);
    const response = await hubDataSource().query(panelRequest([{ metric: '$metric', measure: 'p95' }]));
    expect(response.errors?.[0]?.message).toBe('Metric "$metric" stands for 2 values; pick one');
  });

  test('a tenant-bound key may not read anomalies: 403 in words', async () => {
    const { key } = await processor(
      '/api/v1/keys',
      { name: 'acme only', scopes: ['read'], tenant: 'acme' },
      ADMIN_KEY,
    );
    const response = await hubDataSource({}, { apiKey: key }).query(
      panelRequest([{ queryType: 'anomalies' }]),
    );
    expect(response.errors?.[0]?.message).toMatch(
      /^The API key may not do this: anomalies .* bound to tenant "acme"/,
    );
  });

  test('Save & test says whether the processor or the key failed', async () => {
    expect(await hubDataSource().testDatasource()).toEqual({
      status: 'success',
      message: expect.stringMatching(
        /^Connected to the processor at .*; the API key can read \(13 metrics\)/,
      ),
    });
    const wrongKey = await hubDataSource({}, { apiKey: 'not-a-key-at-all' }).testDatasource();
    expect(wrongKey).toEqual({
      status: 'error',
      message: expect.stringMatching(
        /^Reached the processor, but the API key cannot read\. The processor refused the API key: the API key is unknown or revoked/,
      ),
    });
    const noKey = await hubDataSource({}, {}).testDatasource();
    expect(noKey.message).toMatch(/refused the API key: missing "Authorization: Bearer <API key>" header/);
    const down = await hubDataSource({ url: 'http://127.0.0.1:9' }).testDatasource();
    expect(down).toEqual({
      status: 'error',
      message: expect.stringMatching(
        /^Cannot reach the processor at http:\/\/127\.0\.0\.1:9\. Grafana could not reach the processor \(502 Bad Gateway\)/,
      ),
    });
    expect((await hubDataSource({ url: '' }).testDatasource()).message).toMatch(/^Set the processor's URL/);
  });

  test('a query slower than the timeout is reported as such', async () => {
    const ds = hubDataSource({ timeoutSeconds: 0.001 });
    const response = await ds.query(
      panelRequest([{ metric: 'latency_ms', measure: 'p99', window: '1m' }], { from: window.start }),
    );
    expect(response.errors?.[0]?.message).toMatch(/^The processor did not answer within 0\.001 s/);
  });
});

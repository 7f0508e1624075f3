/**
 * Harness page of the datasource's editors (built and opened by editors.browser.test.ts):
 * `?view=config` or `?view=query&type=<query type>`, `&theme=dark|light`. The editors talk to the
 * demo processor through the harness server's data source proxy.
 */
import type { DataSourceInstanceSettings, DataSourceSettings } from '@grafana/data';
import { useState } from 'react';
import { proxyUrlOf } from '../../../plugin-testing/grafanaServices';
import {
  installGrafanaServices,
  params,
  renderGrafanaPage,
} from '../../../plugin-testing/harness/GrafanaPage';
import { ConfigEditor } from '../../src/components/ConfigEditor';
import { QueryEditor } from '../../src/components/QueryEditor';
import { DataSource } from '../../src/datasource';
import { DEFAULT_QUERIES } from '../../src/queryDefaults';
import type { HubDataSourceOptions, HubQuery, HubSecureJsonData, QueryType } from '../../src/types';

installGrafanaServices([{ name: 'tenant', current: 'acme', options: ['acme', 'globex', 'initech'] }]);

const datasource = new DataSource({
  uid: 'llm-hub',
  url: proxyUrlOf('llm-hub'),
  jsonData: { url: 'http://llm-hub-processor:8080' },
} as DataSourceInstanceSettings<HubDataSourceOptions>);

function Config() {
  const [options, setOptions] = useState({
    jsonData: { url: 'http://llm-hub-processor:8080', defaultTenant: 'acme' },
    secureJsonFields: { apiKey: true },
    secureJsonData: {},
  } as unknown as DataSourceSettings<HubDataSourceOptions, HubSecureJsonData>);
  return <ConfigEditor options={options} onOptionsChange={setOptions} />;
}

function Query({ type }: { type: QueryType }) {
  const [query, setQuery] = useState<HubQuery>({
    refId: 'A',
    queryType: type,
    ...DEFAULT_QUERIES[type],
    ...(['timeseries', 'events', 'forecast'].includes(type)
      ? { filters: [{ key: 'tenant', op: 'eq', value: '$tenant' }] }
      : {}),
  });
  return (
    <QueryEditor query={query} datasource={datasource} onChange={setQuery} onRunQuery={() => undefined} />
  );
}

renderGrafanaPage(
  params.get('view') === 'config' ? (
    <Config />
  ) : (
    <Query type={(params.get('type') ?? 'timeseries') as QueryType} />
  ),
  Promise.all([datasource.metrics(), datasource.dimensions()]),
);

/** The hub datasource in a test: as Grafana constructs it, behind the stand-in proxy to the demo processor. */
import { dateTime, type DataQueryRequest, type DataSourceInstanceSettings } from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { dataSourceProxy } from '../../plugin-testing/dataSourceProxy';
import {
  createBackendSrv,
  createTemplateSrv,
  proxyUrlOf,
  type TestVariable,
} from '../../plugin-testing/grafanaServices';
import { demoProcessor, hubDataSourceInstance } from '../../plugin-testing/testProcessor';
import { DataSource } from '../src/datasource';
import type { HubDataSourceOptions, HubQuery } from '../src/types';

const MINUTE = 60_000;
const { readKey, window } = demoProcessor();

/** The hub datasource as Grafana constructs it, behind the (stand-in) proxy to the real processor. */
export function hubDataSource(
  jsonData: Partial<HubDataSourceOptions> = {},
  secure: Record<string, string> = { apiKey: readKey },
) {
  const instance = hubDataSourceInstance(jsonData, secure);
  setBackendSrv(createBackendSrv(dataSourceProxy(instance)));
  return new DataSource({
    id: 1,
    uid: instance.uid,
    type: 'llmhub-analytics-datasource',
    name: 'LLM Analytics Hub',
    url: proxyUrlOf(instance.uid),
    access: 'proxy',
    readOnly: false,
    jsonData: instance.jsonData,
    meta: {},
  } as unknown as DataSourceInstanceSettings<HubDataSourceOptions>);
}

export function useVariables(variables: TestVariable[] = []) {
  setTemplateSrv(createTemplateSrv(variables));
}

/** A panel's request over [from, to) with Grafana's interval for its width. */
export function panelRequest<Q = HubQuery>(
  targets: Array<Partial<NoInfer<Q>>>,
  options: { from?: number; to?: number; intervalMs?: number; maxDataPoints?: number } = {},
): DataQueryRequest<Q & { refId: string }> {
  const from = options.from ?? window.end - 3 * 60 * MINUTE;
  const to = options.to ?? window.end;
  return {
    requestId: 'test',
    app: 'dashboard',
    interval: '5m',
    intervalMs: options.intervalMs ?? 5 * MINUTE,
    maxDataPoints: options.maxDataPoints ?? 1000,
    range: { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } },
    scopedVars: {},
    targets: targets.map((target, i) => ({ refId: String.fromCharCode(65 + i), ...target })),
    timezone: 'utc',
    startTime: Date.now(),
  } as unknown as DataQueryRequest<Q & { refId: string }>;
}

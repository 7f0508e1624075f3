/**
 * What the panels' harness pages share: the hub datasource's answers as Grafana hands them to a
 * panel (queried through the harness proxy, field overrides applied with the page's theme), and the
 * panel rendered in Grafana's panel chrome with the props Grafana gives it.
 */
import {
  applyFieldOverrides,
  dateTime,
  EventBusSrv,
  LoadingState,
  type DataFrame,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
  type PanelData,
  type PanelProps,
  type TimeRange,
  ThemeContext,
} from '@grafana/data';
import { PanelChrome } from '@grafana/ui';
import type { ComponentType, ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { DataSource } from '../../datasource-plugin/src/datasource';
import type { HubDataSourceOptions, HubQuery } from '../../datasource-plugin/src/types';
import { proxyUrlOf } from '../grafanaServices';
import { harnessTheme } from './GrafanaPage';

export function timeRangeOf(from: number, to: number): TimeRange {
  return { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
}

/** Frames as Grafana gives them to panels: display processors, units and links from field config. */
export function withFieldConfig(frames: DataFrame[]): DataFrame[] {
  return applyFieldOverrides({
    data: frames,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (value) => value,
    theme: harnessTheme(),
    timeZone: 'utc',
  });
}

/**
 * Runs `targets` on the hub datasource (through the harness server's proxy to the demo processor)
 * over `range`, as a panel's query issued at `startTime`.
 */
export async function queryHub(
  targets: Array<Partial<HubQuery>>,
  range: TimeRange,
  startTime: number,
): Promise<PanelData> {
  const datasource = new DataSource({
    uid: 'llm-hub',
    url: proxyUrlOf('llm-hub'),
    jsonData: {},
  } as DataSourceInstanceSettings<HubDataSourceOptions>);
  const request = {
    requestId: 'harness',
    app: 'dashboard',
    interval: '5m',
    intervalMs: 300_000,
    maxDataPoints: 1000,
    range,
    scopedVars: {},
    targets: targets.map((target, i) => ({ refId: String.fromCharCode(65 + i), ...target })),
    timezone: 'utc',
    startTime,
  } as unknown as DataQueryRequest<HubQuery>;
  const response = await datasource.query(request);
  const errors = response.errors ?? (response.error ? [response.error] : []);
  return {
    state: errors.length > 0 ? LoadingState.Error : LoadingState.Done,
    series: withFieldConfig(response.data as DataFrame[]),
    errors,
    timeRange: range,
    request,
  };
}

interface PanelFrameProps<T> {
  Panel: ComponentType<PanelProps<T>>;
  title: string;
  options: T;
  data: PanelData;
  width: number;
  height: number;
}

const eventBus = new EventBusSrv();

/** The panel in Grafana's chrome (title bar, padding), with the props a dashboard passes. */
export function PanelFrame<T>({ Panel, title, options, data, width, height }: PanelFrameProps<T>) {
  return (
    <PanelChrome title={title} width={width} height={height}>
      {(innerWidth, innerHeight) => (
        <Panel
          id={1}
          data={data}
          timeRange={data.timeRange}
          timeZone="utc"
          options={options}
          transparent={false}
          width={innerWidth}
          height={innerHeight}
          fieldConfig={{ defaults: {}, overrides: [] }}
          renderCounter={0}
          title={title}
          eventBus={eventBus}
          onOptionsChange={() => undefined}
          onFieldConfigChange={() => undefined}
          replaceVariables={(value) => value}
          onChangeTimeRange={() => undefined}
        />
      )}
    </PanelChrome>
  );
}

/** For the benchmarks: resolves once the browser has run the next frame (what was drawn is on screen). */
export const nextFrame = () => new Promise((done) => requestAnimationFrame(() => done(undefined)));

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Milliseconds from rendering `element` into `host` until the browser's next frame; then unmounted. */
export async function timeFirstRender(host: HTMLElement, element: ReactElement): Promise<number> {
  const root = createRoot(host);
  const started = performance.now();
  flushSync(() =>
    root.render(<ThemeContext.Provider value={harnessTheme()}>{element}</ThemeContext.Provider>),
  );
  await nextFrame();
  const elapsed = performance.now() - started;
  root.unmount();
  return elapsed;
}

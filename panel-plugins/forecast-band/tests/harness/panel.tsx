/**
 * Harness page of the forecast band (built and opened by panel.browser.test.ts and the benchmark):
 * `?view=demo&start=…&end=…` renders the demo processor's cost forecast with its anomalies and a
 * budget line; `?view=bench&points=…` times the first render of synthetic series. `&theme=dark|light`.
 */
import { createDataFrame, FieldType, LoadingState, type PanelData } from '@grafana/data';
import uPlot from 'uplot';
import {
  installGrafanaServices,
  params,
  renderGrafanaPage,
} from '../../../../plugin-testing/harness/GrafanaPage';
import {
  median,
  nextFrame,
  PanelFrame,
  timeFirstRender,
  queryHub,
  timeRangeOf,
  withFieldConfig,
} from '../../../../plugin-testing/harness/PanelPage';
import { ForecastBandPanel } from '../../src/components/ForecastBandPanel';
import { DEFAULT_OPTIONS, type ForecastBandOptions } from '../../src/types';

const HOUR = 3_600_000;
const SIZE = { width: 1100, height: 420 };

async function demo() {
  installGrafanaServices();
  const start = Number(params.get('start'));
  const end = Number(params.get('end'));
  const range = timeRangeOf(start, end + 24 * HOUR);
  // Asked a minute after the traffic, as the processor's clock says.
  const data = await queryHub(
    [
      { queryType: 'forecast', metric: 'cost_usd', measure: 'sum', horizonHours: 24 },
      { queryType: 'anomalies', metric: 'cost_usd', limit: 50 },
    ],
    range,
    end + 60_000,
  );
  const upper = data.series[0]?.fields.find((field) => field.name === 'upper_95')?.values ?? [];
  const budget = Math.ceil(Math.max(...upper.filter((v): v is number => v !== null)) * 1.15 * 10) / 10;
  const options: ForecastBandOptions = {
    ...DEFAULT_OPTIONS,
    threshold: budget,
    thresholdLabel: 'Hourly budget',
  };
  renderGrafanaPage(
    <PanelFrame
      Panel={ForecastBandPanel}
      title="Cost per hour: forecast"
      options={options}
      data={data}
      {...SIZE}
    />,
  );
}

/** `points` rows of actual, forecast and an 80 % band (the second half forecast), one a second. */
function syntheticForecast(points: number): PanelData {
  const start = Date.UTC(2026, 0, 1);
  const time = Array.from({ length: points }, (_, i) => start + i * 1000);
  const half = points / 2;
  const wave = (i: number) => 100 + 30 * Math.sin(i / 2000) + 10 * Math.sin(i / 37);
  const frame = createDataFrame({
    name: 'forecast',
    fields: [
      { name: 'time', type: FieldType.time, values: time },
      {
        name: 'actual',
        type: FieldType.number,
        values: time.map((_, i) => (i < half ? wave(i) + ((i * 7919) % 13) : null)),
      },
      { name: 'forecast', type: FieldType.number, values: time.map((_, i) => (i >= half ? wave(i) : null)) },
      {
        name: 'lower_80',
        type: FieldType.number,
        values: time.map((_, i) => (i >= half ? wave(i) - 15 : null)),
      },
      {
        name: 'upper_80',
        type: FieldType.number,
        values: time.map((_, i) => (i >= half ? wave(i) + 15 : null)),
      },
    ],
  });
  const range = timeRangeOf(start, start + points * 1000);
  return { state: LoadingState.Done, series: withFieldConfig([frame]), timeRange: range };
}

/**
 * First render (React render, downsampling, uPlot set-up and drawing, until the next frame) of the
 * panel, against uPlot alone drawing every point of the same series: the baseline.
 */
async function bench() {
  const points = Number(params.get('points') ?? 100_000);
  const runs = Number(params.get('runs') ?? 7);
  const data = syntheticForecast(points);
  const options: ForecastBandOptions = {
    ...DEFAULT_OPTIONS,
    bandLevels: 'inner',
    markers: 'none',
    showNow: false,
  };
  const host = document.createElement('div');
  document.body.appendChild(host);
  const panelMs: number[] = [];
  const uplotMs: number[] = [];
  const fields = data.series[0]!.fields;
  const aligned = fields.map((field) => field.values) as uPlot.AlignedData;
  for (let run = 0; run < runs; run++) {
    panelMs.push(
      await timeFirstRender(
        host,
        <PanelFrame Panel={ForecastBandPanel} title="bench" options={options} data={data} {...SIZE} />,
      ),
    );

    const started = performance.now();
    const plot = new uPlot(
      {
        ...SIZE,
        series: [{}, ...fields.slice(1).map((field) => ({ label: field.name, stroke: 'blue' }))],
        bands: [{ series: [4, 3], fill: 'rgba(0,0,255,0.2)' }],
      },
      aligned,
      host,
    );
    await nextFrame();
    uplotMs.push(performance.now() - started);
    plot.destroy();
  }
  Object.assign(window, {
    benchResult: { points, series: 3, runs, panelMs: median(panelMs), uplotAllPointsMs: median(uplotMs) },
  });
  document.body.setAttribute('data-harness-ready', 'true');
}

void (params.get('view') === 'bench' ? bench() : demo());

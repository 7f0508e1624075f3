import {
  createDataFrame,
  dateTime,
  FieldType,
  getDefaultTimeRange,
  LoadingState,
  type DataFrame,
  type PanelData,
  type PanelProps,
} from '@grafana/data';
import { render, screen } from '@testing-library/react';
import { anomalyAnnotations, anomalyTable, forecastFrameOf, HOUR, START } from '../../tests/frames';
import { DEFAULT_OPTIONS, type ForecastBandOptions } from '../types';
import { ForecastBandPanel } from './ForecastBandPanel';

function renderPanel(
  series: DataFrame[],
  options: Partial<ForecastBandOptions> = {},
  data: Partial<PanelData> = {},
) {
  const timeRange = {
    from: dateTime(START),
    to: dateTime(START + 10 * HOUR),
    raw: getDefaultTimeRange().raw,
  };
  const props = {
    id: 1,
    data: { state: LoadingState.Done, series, timeRange, ...data },
    options: { ...DEFAULT_OPTIONS, ...options },
    width: 800,
    height: 300,
    timeZone: 'utc',
    timeRange,
    onChangeTimeRange: jest.fn(),
  } as unknown as PanelProps<ForecastBandOptions>;
  return render(<ForecastBandPanel {...props} />);
}

const legendLabels = () => screen.getAllByRole('button').map((button) => button.textContent);

test('the forecast frame: a uPlot chart of the time axis and six series', () => {
  // jsdom never measures the legend, which Grafana's VizLayout waits for: the chart alone here.
  const { container } = renderPanel([forecastFrameOf()], { showLegend: false });
  expect(container.querySelector('.uplot canvas')).toBeInTheDocument();
  expect(container.querySelectorAll('.uplot .u-axis')).toHaveLength(2);
});

test('a legend of actual, forecast and both bands', () => {
  renderPanel([forecastFrameOf()]);
  expect(legendLabels()).toEqual(['Actual', 'Forecast', '80 % interval', '95 % interval']);
});

test('anomalies from a frame or annotations, and a budget, join the legend', () => {
  renderPanel(
    [forecastFrameOf(), anomalyTable()],
    { threshold: 40, thresholdLabel: 'Monthly budget' },
    {
      annotations: [anomalyAnnotations()],
    },
  );
  expect(legendLabels()).toEqual([
    'Actual',
    'Forecast',
    '80 % interval',
    '95 % interval',
    'Anomaly',
    'Monthly budget',
  ]);
});

test('options: one band level, no legend', () => {
  renderPanel([forecastFrameOf()], { bandLevels: 'outer', outerLabel: '99 %' });
  expect(legendLabels()).toEqual(['Actual', 'Forecast', '99 % interval']);
  const { container } = renderPanel([forecastFrameOf()], { showLegend: false });
  expect(container.querySelectorAll('button')).toHaveLength(0);
});

test('empty: "No data"; the wrong frame: what was looked for; a failed query: its error', () => {
  renderPanel([]);
  expect(screen.getByRole('status')).toHaveTextContent('No data');
  const other = createDataFrame({
    name: 'requests',
    fields: [{ name: 'count', type: FieldType.number, values: [1] }],
  });
  renderPanel([other]);
  expect(screen.getAllByRole('status')[1]).toHaveTextContent(
    /No forecast in the data: looked for .*found requests \(count\)/,
  );
  renderPanel(
    [],
    {},
    { state: LoadingState.Error, errors: [{ message: 'Forecast failed: the processor answered 503' }] },
  );
  expect(screen.getByRole('alert')).toHaveTextContent('Forecast failed: the processor answered 503');
});

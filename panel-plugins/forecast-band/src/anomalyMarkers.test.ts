import { anomalyAnnotations, anomalyTable, forecastFrameOf, HOUR, START } from '../tests/frames';
import { anomalyMarkers, markersAt, markersFromAnnotations, markersFromFrames } from './anomalyMarkers';

const RANGE = { from: START, to: START + 10 * HOUR };

test("markers from the datasource's anomalies table: start, end, severity, what", () => {
  expect(markersFromFrames([forecastFrameOf(), anomalyTable()])).toEqual([
    {
      time: START + 2 * HOUR,
      timeEnd: START + 3 * HOUR,
      severity: 'high',
      title: 'high level shift cost_usd sum',
      text: 'gpt-4o',
    },
  ]);
});

test('markers from annotations take the severity from the tags', () => {
  const markers = markersFromAnnotations([anomalyAnnotations()]);
  expect(markers.map((m) => [m.time, m.severity, m.title])).toEqual([
    [START + 2 * HOUR, 'high', 'high level shift: cost_usd sum (model=gpt-4o)'],
    [START + 4 * HOUR, 'critical', 'critical spike: cost_usd sum'],
  ]);
});

test('both sources: one marker per anomaly, within the time range, by the source option', () => {
  const data = { series: [forecastFrameOf(), anomalyTable()], annotations: [anomalyAnnotations()] };
  const titles = (source: 'both' | 'frames' | 'annotations' | 'none', range = RANGE) =>
    anomalyMarkers(data, source, range).map((m) => m.title);
  expect(titles('both')).toEqual(['high level shift cost_usd sum', 'critical spike: cost_usd sum']);
  expect(titles('frames')).toEqual(['high level shift cost_usd sum']);
  expect(titles('annotations')).toHaveLength(2);
  expect(titles('none')).toEqual([]);
  expect(titles('both', { from: START + 3 * HOUR, to: START + 10 * HOUR })).toEqual([
    'critical spike: cost_usd sum',
  ]);
});

test('markers under the cursor: within their span or the tolerance around their start', () => {
  const markers = markersFromAnnotations([anomalyAnnotations()]);
  expect(markersAt(markers, START + 2.5 * HOUR, 0).map((m) => m.severity)).toEqual(['high']);
  expect(markersAt(markers, START + 4 * HOUR - 60_000, 120_000).map((m) => m.severity)).toEqual(['critical']);
  expect(markersAt(markers, START + 5 * HOUR, 60_000)).toEqual([]);
});

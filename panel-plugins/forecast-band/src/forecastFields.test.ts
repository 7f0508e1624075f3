import { createDataFrame, FieldType } from '@grafana/data';
import { forecastFrameOf } from '../tests/frames';
import { findForecast } from './forecastFields';
import { DEFAULT_FIELDS } from './types';

test("the defaults find every field of the datasource's forecast frame", () => {
  const lookup = findForecast([forecastFrameOf()], DEFAULT_FIELDS, 'both');
  if (!('found' in lookup)) throw new Error(lookup.problem);
  const { time, actual, forecast, bands } = lookup.found;
  expect([time.name, actual?.name, forecast?.name]).toEqual(['time', 'actual', 'forecast']);
  expect(bands.map((band) => [band.level, band.lower.name, band.upper.name])).toEqual([
    ['outer', 'lower_95', 'upper_95'],
    ['inner', 'lower_80', 'upper_80'],
  ]);
});

test('band levels choose which bands are drawn', () => {
  const levels = (option: 'inner' | 'outer' | 'none') => {
    const lookup = findForecast([forecastFrameOf()], DEFAULT_FIELDS, option);
    return 'found' in lookup ? lookup.found.bands.map((band) => band.level) : lookup.problem;
  };
  expect(levels('inner')).toEqual(['inner']);
  expect(levels('outer')).toEqual(['outer']);
  expect(levels('none')).toEqual([]);
});

test('other field names, set in the options, are found by name or display name', () => {
  const frame = createDataFrame({
    name: 'mine',
    fields: [
      { name: 'ts', type: FieldType.time, values: [1, 2] },
      { name: 'p50', type: FieldType.number, values: [3, 4] },
      { name: 'lo', type: FieldType.number, values: [1, 2], config: { displayName: 'Low' } },
      { name: 'hi', type: FieldType.number, values: [5, 6] },
    ],
  });
  const names = { ...DEFAULT_FIELDS, time: 'ts', forecast: 'p50', lowerInner: 'Low', upperInner: 'hi' };
  const lookup = findForecast([frame], names, 'both');
  if (!('found' in lookup)) throw new Error(lookup.problem);
  expect(lookup.found.forecast?.name).toBe('p50');
  expect(lookup.found.actual).toBeUndefined();
  expect(lookup.found.bands.map((band) => [band.lower.name, band.upper.name])).toEqual([['lo', 'hi']]);
});

test('a frame without the fields: a message naming what was looked for and what is there', () => {
  const frame = createDataFrame({
    name: 'requests',
    fields: [
      { name: 'time', type: FieldType.time, values: [1] },
      { name: 'count', type: FieldType.number, values: [1] },
    ],
  });
  const lookup = findForecast([frame], DEFAULT_FIELDS, 'both');
  expect(lookup).toEqual({
    problem:
      'No forecast in the data: looked for a time field and a number field named "actual" or "forecast" ' +
      '(names are set under Fields in the panel options); found requests (time, count)',
  });
  expect(findForecast([], DEFAULT_FIELDS, 'both')).toEqual({ problem: 'No data' });
});

/**
 * Finds the forecast in the panel's frames by the field names set in the options: the time, the
 * actual series, the forecast and the bounds of the two bands. A frame without them gets a message
 * that says what was looked for and what was there.
 */
import { FieldType, getFieldDisplayName, type DataFrame, type Field } from '@grafana/data';
import type { BandLevels, FieldNames } from './types';

export interface ForecastBand {
  level: 'inner' | 'outer';
  lower: Field;
  upper: Field;
}

export interface ForecastFields {
  frame: DataFrame;
  time: Field<number>;
  actual?: Field;
  forecast?: Field;
  /** Outer first: drawn first, so the inner band lies on top of it. */
  bands: ForecastBand[];
}

export type ForecastLookup = { found: ForecastFields } | { problem: string };

function fieldNamed(frame: DataFrame, name: string, type: FieldType): Field | undefined {
  const ofType = frame.fields.filter((field) => field.type === type);
  return (
    ofType.find((field) => field.name === name) ??
    ofType.find((field) => getFieldDisplayName(field, frame) === name)
  );
}

const LEVELS: Record<BandLevels, Array<ForecastBand['level']>> = {
  both: ['outer', 'inner'],
  outer: ['outer'],
  inner: ['inner'],
  none: [],
};

function lookIn(frame: DataFrame, names: FieldNames, levels: BandLevels): ForecastFields | undefined {
  const time =
    fieldNamed(frame, names.time, FieldType.time) ?? frame.fields.find((f) => f.type === FieldType.time);
  const actual = fieldNamed(frame, names.actual, FieldType.number);
  const forecast = fieldNamed(frame, names.forecast, FieldType.number);
  if (!time || (!actual && !forecast)) return undefined;
  const bands = LEVELS[levels].flatMap((level): ForecastBand[] => {
    const lower = fieldNamed(
      frame,
      level === 'inner' ? names.lowerInner : names.lowerOuter,
      FieldType.number,
    );
    const upper = fieldNamed(
      frame,
      level === 'inner' ? names.upperInner : names.upperOuter,
      FieldType.number,
    );
    return lower && upper ? [{ level, lower, upper }] : [];
  });
  return { frame, time: time as Field<number>, actual, forecast, bands };
}

const describe = (frame: DataFrame) =>
  `${frame.name ?? frame.refId ?? 'a frame'} (${frame.fields.map((field) => field.name).join(', ')})`;

export function findForecast(frames: DataFrame[], names: FieldNames, levels: BandLevels): ForecastLookup {
  for (const frame of frames) {
    const found = lookIn(frame, names, levels);
    if (found) return { found };
  }
  const wanted = `a time field and a number field named "${names.actual}" or "${names.forecast}"`;
  const seen = frames.filter((frame) => frame.fields.length > 0);
  return {
    problem:
      seen.length === 0
        ? 'No data'
        : `No forecast in the data: looked for ${wanted} (names are set under Fields in the panel options); ` +
          `found ${seen.map(describe).join('; ')}`,
  };
}

/**
 * The CLI's input: a CSV of `timestamp,value` rows in time order at one regular step. Timestamps
 * are ISO 8601 or `YYYY-MM-DD HH:MM:SS` (read as UTC). Every problem names the line and the fix.
 */
export class InputError extends Error {}

export interface Series {
  /** The timestamps as written, echoed in the output. */
  labels: string[];
  /** Milliseconds since the epoch. */
  times: number[];
  values: number[];
  stepMs: number;
}

const PLAIN = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

export function parseTimestamp(text: string): number {
  const plain = PLAIN.exec(text);
  const ms = plain ? Date.parse(`${plain[1]}T${plain[2]}Z`) : Date.parse(text);
  return ms;
}

export function parseSeries(text: string, source: string, minRows = 2): Series {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim().toLowerCase());
  if (header.length !== 2 || header[0] !== 'timestamp' || header[1] !== 'value') {
    throw new InputError(`${source}:1: the header must be "timestamp,value", found "${lines[0] ?? ''}"`);
  }
  const series: Series = { labels: [], times: [], values: [], stepMs: 0 };
  for (let i = 1; i < lines.length; i++) {
    const where = `${source}:${i + 1}`;
    const cells = lines[i]!.split(',');
    if (cells.length !== 2)
      throw new InputError(`${where}: expected 2 columns (timestamp,value), found ${cells.length}`);
    const label = cells[0]!.trim();
    const time = parseTimestamp(label);
    if (!Number.isFinite(time)) {
      throw new InputError(`${where}: "${label}" is not a timestamp (ISO 8601 or YYYY-MM-DD HH:MM:SS)`);
    }
    const value = Number(cells[1]!.trim());
    if (cells[1]!.trim() === '' || !Number.isFinite(value)) {
      throw new InputError(`${where}: "${cells[1]!.trim()}" is not a finite number`);
    }
    const previous = series.times[series.times.length - 1];
    if (previous !== undefined) {
      const step = time - previous;
      if (step <= 0)
        throw new InputError(`${where}: ${label} is not after the previous row: rows must be in time order`);
      if (series.stepMs === 0) series.stepMs = step;
      else if (step !== series.stepMs) {
        throw new InputError(
          `${where}: irregular step: ${step / 1000} s after the previous row, the series so far steps ${series.stepMs / 1000} s`,
        );
      }
    }
    series.labels.push(label);
    series.times.push(time);
    series.values.push(value);
  }
  if (series.values.length < minRows) {
    throw new InputError(`${source}: needs at least ${minRows} data rows, found ${series.values.length}`);
  }
  return series;
}

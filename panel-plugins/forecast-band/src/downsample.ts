/**
 * M4 downsampling (Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation",
 * VLDB 2014): in each pixel column keep the first and the last point and every series' lowest and
 * highest; a line through those is drawn the same as a line through all points. Written here
 * because the libraries at hand (LTTB in `downsample`) choose points per series and drop extremes:
 * the series of a forecast must keep one shared time axis (uPlot's aligned data, the bands).
 */
export interface AlignedSeries {
  x: number[];
  series: Array<Array<number | null>>;
}

const present = (value: number | null | undefined): value is number =>
  value !== null && value !== undefined && !Number.isNaN(value);

/** `x` ascending; `columns` pixel columns. Leaves data with at most four points a column as it is. */
export function downsampleToColumns(
  x: ArrayLike<number>,
  series: Array<ArrayLike<number | null | undefined>>,
  columns: number,
): AlignedSeries {
  const n = x.length;
  const keep: number[] = [];
  if (n <= 4 * columns || columns < 1) {
    for (let i = 0; i < n; i++) keep.push(i);
  } else {
    const first = x[0]!;
    const perUnit = columns / (x[n - 1]! - first || 1);
    const columnOf = (i: number) => Math.min(columns - 1, Math.floor((x[i]! - first) * perUnit));
    const chosen = new Set<number>();
    for (let start = 0; start < n;) {
      const column = columnOf(start);
      let end = start;
      while (end + 1 < n && columnOf(end + 1) === column) end++;
      chosen.clear();
      chosen.add(start).add(end);
      for (const values of series) {
        let low = -1;
        let high = -1;
        for (let i = start; i <= end; i++) {
          const value = values[i];
          if (!present(value)) continue;
          if (low < 0 || value < values[low]!) low = i;
          if (high < 0 || value > values[high]!) high = i;
        }
        if (low >= 0) chosen.add(low).add(high);
      }
      keep.push(...[...chosen].sort((a, b) => a - b));
      start = end + 1;
    }
  }
  return {
    x: keep.map((i) => x[i]!),
    series: series.map((values) => keep.map((i) => (present(values[i]) ? values[i] : null))),
  };
}

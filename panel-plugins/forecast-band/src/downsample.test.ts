import { downsampleToColumns } from './downsample';

test('known answer: two columns keep first, last, lowest and highest of each series', () => {
  const x = Array.from({ length: 16 }, (_, i) => i);
  //           column 0: indices 0–7            column 1: indices 8–15
  const a = [5, 9, 1, 5, 5, 5, 5, 5, /**/ 5, 5, 5, 0, 5, 8, 5, 5];
  const b = [5, 5, 5, 5, 7, 5, 5, 5, /**/ 5, 5, 5, 5, 5, 5, 5, 2];
  const { x: kept, series } = downsampleToColumns(x, [a, b], 2);
  // a: min at 2, max at 1; b: max at 4 (its min is the first point); column 1: a min 11, max 13, b min 15.
  expect(kept).toEqual([0, 1, 2, 4, 7, 8, 11, 13, 15]);
  expect(series[0]).toEqual([5, 9, 1, 5, 5, 5, 0, 8, 5]);
  expect(series[1]).toEqual([5, 5, 5, 7, 5, 5, 5, 5, 2]);
});

test('few points per column: the data as it is, gaps kept as null', () => {
  const { x, series } = downsampleToColumns([1, 2, 3], [[1, undefined, NaN]], 100);
  expect(x).toEqual([1, 2, 3]);
  expect(series).toEqual([[1, null, null]]);
});

test('100,000 points to 1,000 columns: every column keeps its extremes, all series share the times', () => {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const n = 100_000;
  const x = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 1000);
  const actual = x.map((_, i) => (i > 60_000 ? null : Math.sin(i / 500) * 10 + random() * 3));
  const forecast = x.map((_, i) => (i < 60_000 ? null : 5 + random()));
  const { x: kept, series } = downsampleToColumns(x, [actual, forecast], 1000);
  expect(kept.length).toBeLessThanOrEqual(6 * 1000);
  expect(series.every((values) => values.length === kept.length)).toBe(true);
  const column = (t: number) => Math.min(999, Math.floor(((t - x[0]!) * 1000) / (x[n - 1]! - x[0]!)));
  for (const [s, original] of [actual, forecast].entries()) {
    const expected = new Map<number, [number, number]>();
    original.forEach((v, i) => {
      if (v === null) return;
      const [lo, hi] = expected.get(column(x[i]!)) ?? [Infinity, -Infinity];
      expected.set(column(x[i]!), [Math.min(lo, v), Math.max(hi, v)]);
    });
    const got = new Map<number, [number, number]>();
    series[s]!.forEach((v, i) => {
      if (v === null) return;
      const [lo, hi] = got.get(column(kept[i]!)) ?? [Infinity, -Infinity];
      got.set(column(kept[i]!), [Math.min(lo, v), Math.max(hi, v)]);
    });
    expect(got).toEqual(expected);
  }
});

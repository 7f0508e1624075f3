/** Merged sketches answer within 1 % of percentile_cont for any number of values; measures from sums. */
import { evaluate, type Stats } from '../../src/query/measures';
import { QuantileSketch } from '../../src/query/quantiles';
import { decodeSketch, encodeSketch, newSketch } from '../../src/rollups/sketch';

/** PostgreSQL's percentile_cont over sorted values. */
function percentileCont(sorted: number[], q: number): number {
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (rank - low) * (sorted[high]! - sorted[low]!);
}

/** Deterministic lognormal-ish values. */
function values(n: number, seed: number): number[] {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) + 0.5) / 2 ** 31;
  return Array.from({ length: n }, () => {
    const normal = Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
    return 300 * Math.exp(0.6 * normal);
  });
}

test.each([1, 2, 5, 20, 57, 1000])(
  '%i values in 3 sketches: p50/p90/p95/p99 within 1 %% of percentile_cont',
  (n) => {
    const all = values(n, n);
    const merged = new QuantileSketch();
    for (let part = 0; part < 3; part++) {
      const sketch = newSketch();
      all.filter((_, i) => i % 3 === part).forEach((value) => sketch.accept(value));
      if (sketch.count > 0) merged.addEncoded(encodeSketch(sketch));
    }
    const sorted = [...all].sort((a, b) => a - b);
    for (const q of [0, 0.5, 0.9, 0.95, 0.99, 1]) {
      const expected = percentileCont(sorted, q);
      const got = merged.quantile(q, sorted[0]!, sorted[sorted.length - 1]!)!;
      expect(Math.abs(got - expected) / expected).toBeLessThanOrEqual(0.01 + 1e-12);
    }
  },
);

test('zeros and negative values keep their order', () => {
  const all = [-50, -5, 0, 0, 3, 40, 400];
  const sketch = newSketch();
  all.forEach((value) => sketch.accept(value));
  const merged = new QuantileSketch();
  merged.addEncoded(encodeSketch(sketch));
  expect(merged.quantile(0.5, -50, 400)).toBe(0);
  expect(merged.quantile(1 / 6, -50, 400)! / -5).toBeCloseTo(1, 1);
  expect(merged.quantile(5 / 6, -50, 400)! / 40).toBeCloseTo(1, 1);
});

describe('stddev from count, sum and sum of squares', () => {
  const stats = (xs: number[]): Stats => ({
    count: xs.length,
    sum: xs.reduce((a, b) => a + b, 0),
    sumsq: xs.reduce((a, b) => a + b * b, 0),
    min: Math.min(...xs),
    max: Math.max(...xs),
    sketch: null,
  });

  test('is the sample standard deviation', () => {
    expect(evaluate('stddev', stats([2, 4, 4, 4, 5, 5, 7, 9]), 1)).toBeCloseTo(2.138089935, 9);
    expect(evaluate('stddev', stats([5]), 1)).toBeNull();
  });

  test('is 0, never NaN or noise, for equal values', () => {
    expect(evaluate('stddev', stats(Array(1000).fill(0.1)), 1)).toBe(0);
    expect(evaluate('stddev', { ...stats([1e9 + 0.1, 1e9 + 0.1, 1e9 + 0.1]), min: 1, max: 2 }, 1)).toBe(0);
  });
});

test('stored sketches read straight into bins count what the sketch library decodes', () => {
  const sketch = newSketch();
  [-7, -0.5, 0, 0, 1, 2, 300, 301, 5000, 1e6].forEach((value) => sketch.accept(value));
  const bytes = encodeSketch(sketch);
  const direct = new QuantileSketch();
  direct.addEncoded(bytes);
  const library = decodeSketch(bytes);
  expect(direct.count).toBe(library.count);
  expect(direct.zeros).toBe(library.zeroCount);
  // At whole ranks (k of 9) the library answers its bin's value too: both must agree.
  for (let k = 1; k < 9; k++) {
    const expected = library.getValueAtQuantile(k / 9);
    expect(Math.abs(direct.quantile(k / 9, -7, 1e6)! - expected)).toBeLessThan(
      1e-9 * Math.abs(expected) + 1e-12,
    );
  }
  // A list of stored sketches, as the aggregate query concatenates them (4-byte length before each).
  const prefixed = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, b.length >> 8, b.length & 255]), b]);
  const list = new QuantileSketch();
  list.addEncodedList(Buffer.concat([prefixed(bytes), prefixed(bytes)]));
  expect(list.count).toBe(2 * library.count);
});

import { decodeSketch, encodeSketch, mergeEncoded, newSketch } from '../../src/rollups/sketch';

function sketchOf(values: number[]) {
  const sketch = newSketch();
  for (const value of values) sketch.accept(value);
  return sketch;
}

test('encoding keeps every bin: quantiles after a round trip equal those before', () => {
  // Positive values over six orders of magnitude, zeros, and a few negatives (bins below 1 have negative keys).
  const values = [0, 0, -3, -0.5, ...Array.from({ length: 5_000 }, (_, i) => 0.001 * 1.003 ** i)];
  const original = sketchOf(values);
  const decoded = decodeSketch(encodeSketch(original));
  expect(decoded.count).toBe(original.count);
  expect(decoded.zeroCount).toBe(2);
  for (const q of [0, 0.001, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
    expect(decoded.getValueAtQuantile(q)).toBe(original.getValueAtQuantile(q));
  }
});

test('an empty sketch round-trips, and merging nothing gives an empty sketch', () => {
  expect(decodeSketch(encodeSketch(newSketch())).count).toBe(0);
  expect(mergeEncoded([null]).count).toBe(0);
});

test('merging encoded sketches equals one sketch of all values, within the 1 % guarantee of the exact quantile', () => {
  const parts = [
    Array.from({ length: 1_000 }, (_, i) => 100 + i),
    Array.from({ length: 3_000 }, (_, i) => 500 + (i % 700) * 3),
  ];
  const merged = mergeEncoded(parts.map((part) => encodeSketch(sketchOf(part))));
  const whole = sketchOf(parts.flat());
  const sorted = parts.flat().sort((a, b) => a - b);
  for (const q of [0.5, 0.95, 0.99]) {
    expect(merged.getValueAtQuantile(q)).toBe(whole.getValueAtQuantile(q));
    const exact = sorted[Math.floor(q * (sorted.length - 1))]!;
    expect(Math.abs(merged.getValueAtQuantile(q) - exact) / exact).toBeLessThanOrEqual(0.01);
  }
});

test('the encoding is compact: a minute of latencies takes a few hundred bytes', () => {
  const latencies = sketchOf(Array.from({ length: 1_000 }, (_, i) => 200 + i));
  expect(encodeSketch(latencies).length).toBeLessThan(400);
});

test('a truncated or foreign encoding is an error, not a wrong answer', () => {
  const bytes = encodeSketch(sketchOf([1, 2, 3]));
  expect(() => decodeSketch(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
  expect(() => decodeSketch(Buffer.from([9, 0, 0, 0]))).toThrow(/version 9/);
});

/** The anomaly detector on generated series whose anomalies are known. */
import { SeriesDetector, optionsForStep, type PointAssessment } from '../../src/analytics/anomaly/detector';
import { kindOf } from '../../src/analytics/anomaly/episodes';

const FIVE_MIN = 300_000;
const DAY = 288;

/** A daily-seasonal series at 5-minute steps with seeded noise, like request rates. */
function seasonal(length: number, seed = 7): number[] {
  let state = seed;
  const noise = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  return Array.from({ length }, (_, t) => 400 + 150 * Math.sin((2 * Math.PI * t) / DAY) + 20 * noise());
}

function assess(values: readonly number[]): PointAssessment[] {
  const detector = new SeriesDetector(optionsForStep(FIVE_MIN));
  return values.map((value) => detector.push(value));
}

const flagged = (points: PointAssessment[], from: number, to = points.length) =>
  points.slice(from, to).filter((p) => p.score >= 0.5).length;

test('ordinary seasonal traffic raises (almost) nothing after the first day', () => {
  const points = assess(seasonal(4 * DAY));
  expect(flagged(points, DAY)).toBeLessThanOrEqual(3);
  expect(points.every((p) => p.score >= 0 && p.score <= 1)).toBe(true);
});

test('a spike and a drop are flagged at the point itself, with kind, expected value and band', () => {
  const values = seasonal(3 * DAY);
  values[2 * DAY + 10] = values[2 * DAY + 10]! + 400;
  values[2 * DAY + 100] = values[2 * DAY + 100]! - 300;
  const points = assess(values);
  const spike = points[2 * DAY + 10]!;
  expect(spike).toMatchObject({ kind: 'spike' });
  expect(spike.score).toBeGreaterThan(0.8);
  expect(spike.upper).toBeLessThan(values[2 * DAY + 10]!);
  expect(Math.abs(spike.expected - (values[2 * DAY + 10]! - 400))).toBeLessThan(40);
  expect(points[2 * DAY + 100]).toMatchObject({ kind: 'drop' });
  expect(points[2 * DAY + 100]!.score).toBeGreaterThan(0.8);
  expect(flagged(points, 2 * DAY + 11, 2 * DAY + 99)).toBeLessThanOrEqual(2);
});

test('a level shift is flagged at onset, then learnt as the new level', () => {
  const values = seasonal(4 * DAY).map((v, t) => (t >= 2 * DAY ? v + 120 : v));
  const points = assess(values);
  expect(flagged(points, 2 * DAY, 2 * DAY + 3)).toBeGreaterThan(0);
  expect(flagged(points, DAY, 2 * DAY)).toBeLessThanOrEqual(2);
  // Within a few hours the shifted level is ordinary again, also a day later at the same time.
  expect(flagged(points, 2 * DAY + 48)).toBeLessThanOrEqual(4);
});

test('a variance change is flagged', () => {
  const base = seasonal(3 * DAY);
  const values = base.map((v, t) => (t >= 2 * DAY + 20 && t < 2 * DAY + 60 ? v + (t % 2 ? 90 : -90) : v));
  const points = assess(values);
  expect(flagged(points, 2 * DAY + 20, 2 * DAY + 30)).toBeGreaterThan(0);
  expect(points.slice(2 * DAY + 20, 2 * DAY + 60).some((p) => p.kind === 'variance_change')).toBe(true);
});

test('causal: a point is scored from the points at or before it only', () => {
  const values = seasonal(2 * DAY);
  const altered = [...values];
  for (let t = DAY + 50; t < altered.length; t++) altered[t] = altered[t]! * 3;
  const original = assess(values).slice(0, DAY + 50);
  expect(assess(altered).slice(0, DAY + 50)).toEqual(original);
});

test('a drop in how often events come is a rate anomaly of a count series', () => {
  expect(kindOf('count', 'drop')).toBe('rate');
  expect(kindOf('count', 'variance_change')).toBe('variance_change');
  expect(kindOf('p95', 'spike')).toBe('spike');
});

test('a weekday pattern (quiet weekends) is learnt: flagged in the first weeks, ordinary once a week is known', () => {
  let state = 5;
  const noise = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  const hours = 6 * 7 * 24;
  const values = Array.from({ length: hours }, (_, h) => {
    const weekend = Math.floor(h / 24) % 7 >= 5;
    return (weekend ? 40 : 100) + 20 * Math.sin((2 * Math.PI * h) / 24) + 4 * noise();
  });
  const detector = new SeriesDetector(optionsForStep(3_600_000));
  const points = values.map((value) => detector.push(value));
  const week = 7 * 24;
  expect(flagged(points, 0, 2 * week)).toBeGreaterThan(0);
  expect(flagged(points, 4 * week)).toBe(0);
});

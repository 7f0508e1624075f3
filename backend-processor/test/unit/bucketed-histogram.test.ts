import { Histogram, Registry } from 'prom-client';
import { BucketedHistogram, emptyBuckets, observe } from '../../src/observability/bucketedHistogram';

const BOUNDS = [0.1, 1, 10];

test("observations counted into buckets expose exactly what prom-client's Histogram exposes for them", async () => {
  // Bounds themselves (le is inclusive), values between, past the last bound, zero and negatives.
  const observations: Array<[string, number]> = [
    ['a', 0.1],
    ['a', 0.5],
    ['a', 1],
    ['a', 12],
    ['b', -3],
    ['b', 0],
    ['a', 10],
    ['b', 0.25],
  ];
  const reference = new Registry();
  const histogram = new Histogram({
    name: 'h',
    help: 'help',
    labelNames: ['model'],
    buckets: BOUNDS,
    registers: [reference],
  });
  for (const [model, value] of observations) histogram.observe({ model }, value);

  const bucketed = new Registry();
  const subject = new BucketedHistogram('h', 'help', ['model'], BOUNDS, bucketed);
  // Counted in two batches per label set, as two prepared batches would be.
  for (const batch of [observations.slice(0, 4), observations.slice(4)]) {
    for (const model of ['a', 'b']) {
      const buckets = emptyBuckets(BOUNDS);
      for (const [m, value] of batch) if (m === model) observe(buckets, BOUNDS, value);
      subject.add({ model }, buckets);
    }
  }
  expect(await bucketed.metrics()).toBe(await reference.metrics());

  subject.reset();
  expect(await bucketed.metrics()).toBe('# HELP h help\n# TYPE h histogram\n');
});

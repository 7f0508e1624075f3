/**
 * Prometheus histograms fed with observations already counted into buckets. The GenAI histograms
 * observe every accepted event, and prom-client's Histogram takes one value at a time, validating
 * and hashing its labels each time: a sixth of the main thread at full ingest rate. The threads
 * that prepare events count their values into `Buckets` (eventTally.ts), and the main thread adds
 * the counts per label set here. Registered in prom-client's Registry and written in its format.
 */
import type { Metric, Registry } from 'prom-client';

/** Observations of one label set: how many fell into each bucket (bounds order, then +Inf), their sum and count. */
export interface Buckets {
  counts: number[];
  sum: number;
  count: number;
}

export function emptyBuckets(bounds: readonly number[]): Buckets {
  return { counts: new Array<number>(bounds.length + 1).fill(0), sum: 0, count: 0 };
}

/** Counts `value` into the first bucket whose upper bound holds it (Prometheus' `le`). */
export function observe(buckets: Buckets, bounds: readonly number[], value: number): void {
  let bucket = 0;
  while (bucket < bounds.length && value > bounds[bucket]!) bucket++;
  buckets.counts[bucket]!++;
  buckets.sum += value;
  buckets.count++;
}

/** One line of the exposition, as prom-client's registry writes it. */
interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

interface Series<L extends string> {
  labels: Record<L, string>;
  buckets: Buckets;
}

export class BucketedHistogram<L extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series<L>>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    readonly bounds: readonly number[],
    registry: Registry,
  ) {
    // The registry reads any metric through name, help, type and get(); its typings name only
    // prom-client's own classes.
    registry.registerMetric(this as unknown as Metric);
  }

  /** Adds observations counted with this histogram's bounds to the series of `labels`. */
  add(labels: Record<L, string>, observed: Buckets): void {
    if (observed.count === 0) return;
    const key = this.labelNames.map((name) => labels[name]).join('\u0000');
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = { labels, buckets: emptyBuckets(this.bounds) }));
    observed.counts.forEach((count, bucket) => (series.buckets.counts[bucket]! += count));
    series.buckets.sum += observed.sum;
    series.buckets.count += observed.count;
  }

  get(): { name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: Sample[] } {
    const values: Sample[] = [];
    for (const { labels, buckets } of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, bucket) => {
        cumulative += buckets.counts[bucket]!;
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { le: bound, ...labels },
          value: cumulative,
        });
      });
      values.push(
        { metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...labels }, value: buckets.count },
        { metricName: `${this.name}_sum`, labels, value: buckets.sum },
        { metricName: `${this.name}_count`, labels, value: buckets.count },
      );
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}

/**
 * Measures: what each metric reads from a rollup row, how partial statistics add up, and how a
 * measure is computed from them.
 *
 * One statistics shape serves every metric: value metrics fill all of it; count metrics put their
 * count in `count` and `sum`; error_rate puts requests in `count` and errors in `sum`, so that its
 * only measure, avg, is errors / requests.
 */
import {
  COUNT_METRICS,
  VALUE_METRICS,
  measuresOf,
  type Measure,
  type Metric,
  type ValueMetric,
} from '@llm-hub/query-contract';
import { QueryError } from './errors';
import { QuantileSketch } from './quantiles';

/** Rollup column counting each count metric. */
const COUNT_COLUMNS: Record<(typeof COUNT_METRICS)[number], string> = {
  requests: 'events',
  errors: 'errors',
  threats: 'threats',
  policy_violations: 'policy_violations',
  audit_events: 'audit_events',
};

export type MetricSource =
  | { kind: 'value'; metric: ValueMetric }
  | { kind: 'count'; column: string }
  | { kind: 'ratio'; numerator: string; denominator: string };

export function sourceOf(metric: Metric): MetricSource {
  if ((VALUE_METRICS as readonly string[]).includes(metric))
    return { kind: 'value', metric: metric as ValueMetric };
  if (metric === 'error_rate') return { kind: 'ratio', numerator: 'errors', denominator: 'events' };
  return { kind: 'count', column: COUNT_COLUMNS[metric as (typeof COUNT_METRICS)[number]] };
}

/** 400 naming both when the measure does not apply to the metric. */
export function checkMeasure(metric: Metric, measure: Measure): void {
  const allowed = measuresOf(metric);
  if (!allowed.includes(measure)) {
    throw new QueryError(
      `measure: "${measure}" does not apply to metric "${metric}" (it has: ${allowed.join(', ')})`,
    );
  }
}

export const PERCENTILES: Partial<Record<Measure, number>> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

export function emptyStats(): Stats {
  return { count: 0, sum: 0, min: null, max: null, sumsq: 0, sketch: null };
}

export interface Stats {
  count: number;
  sum: number;
  /** Exact extremes of the values; null for count metrics. */
  min: number | null;
  max: number | null;
  sumsq: number;
  /** Merged value sketch; only fetched for percentiles. */
  sketch: QuantileSketch | null;
}

/** Adds `from` into `into`; `from` is left as it was (its sketch is merged into a copy). */
export function addStats(into: Stats, from: Stats): void {
  into.count += from.count;
  into.sum += from.sum;
  into.sumsq += from.sumsq;
  if (from.min !== null && (into.min === null || from.min < into.min)) into.min = from.min;
  if (from.max !== null && (into.max === null || from.max > into.max)) into.max = from.max;
  if (from.sketch) (into.sketch ??= new QuantileSketch()).merge(from.sketch);
}

/**
 * The measure over `stats`, collected over `seconds` (for rate); null where it is undefined
 * (no values, stddev of one value).
 */
export function evaluate(measure: Measure, stats: Stats, seconds: number): number | null {
  const { count, sum, min, max } = stats;
  switch (measure) {
    case 'count':
      return count;
    case 'sum':
      return sum;
    case 'rate':
      return sum / seconds;
    case 'avg':
      return count > 0 ? sum / count : null;
    case 'min':
      return min;
    case 'max':
      return max;
    case 'stddev':
      return sampleStddev(stats);
    default: {
      const q = PERCENTILES[measure]!;
      return stats.sketch && min !== null && max !== null ? stats.sketch.quantile(q, min, max) : null;
    }
  }
}

/**
 * Sample standard deviation (n − 1), as PostgreSQL's stddev, from the count, sum and sum of squares
 * the rollups keep. Σx² − (Σx)²/n cancels badly when the spread is tiny beside the mean: values
 * below the rounding noise of Σx² (about n·ε·Σx²) are taken as 0, and equal min and max give exactly
 * 0. Where the spread is more than ~1e-7 of the mean the result keeps several significant digits.
 */
function sampleStddev({ count, sum, sumsq, min, max }: Stats): number | null {
  if (count < 2) return null;
  if (min !== null && min === max) return 0;
  const m2 = sumsq - (sum / count) * sum;
  if (m2 <= 4 * count * Number.EPSILON * sumsq) return 0;
  return Math.sqrt(m2 / (count - 1));
}

/** Summaries of measured samples for the benchmarks. */

/** The q-quantile (0…1) of ascending `sorted` samples, nearest rank. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** p50/p95/p99 of samples, rounded to 0.1. */
export function latencySummary(samples: readonly number[]): {
  p50: number;
  p95: number;
  p99: number;
  n: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(percentile(sorted, q) * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: sorted.length };
}

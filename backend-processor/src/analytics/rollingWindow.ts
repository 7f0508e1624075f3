/**
 * The last `size` values of a stream, kept sorted beside their arrival order, so that the median
 * and other order statistics of a sliding window cost a binary search and an array shift per value.
 */
export class RollingWindow {
  private readonly arrivals: number[] = [];
  private readonly sorted: number[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`window size must be a positive integer: ${size}`);
  }

  get length(): number {
    return this.sorted.length;
  }

  push(value: number): void {
    if (this.arrivals.length === this.size) {
      const oldest = this.arrivals.shift()!;
      this.sorted.splice(lowerBound(this.sorted, oldest), 1);
    }
    this.arrivals.push(value);
    this.sorted.splice(lowerBound(this.sorted, value), 0, value);
  }

  /** The q-quantile (0…1), interpolated between neighbours like percentile_cont; NaN when empty. */
  quantile(q: number): number {
    const n = this.sorted.length;
    if (n === 0) return Number.NaN;
    const rank = q * (n - 1);
    const below = Math.floor(rank);
    const above = Math.min(below + 1, n - 1);
    return this.sorted[below]! + (rank - below) * (this.sorted[above]! - this.sorted[below]!);
  }

  median(): number {
    return this.quantile(0.5);
  }
}

/** The first index whose value is not below `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

import type { BinSink } from '../rollups/sketch';

/** Sketch bin counts by key in a growable dense array: what merging many sketches adds into. */
export class Bins implements BinSink {
  private counts = new Float64Array(0);
  private offset = 0;
  total = 0;

  /** Empties the bins, keeping their memory. */
  clear(): void {
    this.counts.fill(0);
    this.total = 0;
  }

  /** Makes keys [low, high] addressable with `add`. */
  reserve(low: number, high: number): void {
    const length = this.counts.length;
    if (length > 0 && low >= this.offset && high < this.offset + length) return;
    const newLow = length === 0 ? low : Math.min(low, this.offset);
    const newHigh = length === 0 ? high : Math.max(high, this.offset + length - 1);
    // Some slack on each side: merges tend to widen the span bin by bin.
    const slack = 16;
    const grown = new Float64Array(newHigh - newLow + 1 + 2 * slack);
    if (length > 0) grown.set(this.counts, this.offset - (newLow - slack));
    this.counts = grown;
    this.offset = newLow - slack;
  }

  /** Adds to a key made addressable by `reserve`. */
  add(key: number, count: number): void {
    this.counts[key - this.offset]! += count;
    this.total += count;
  }

  addContiguous(firstKey: number, counts: ArrayLike<number>): void {
    // Stores are padded with zero bins: reserve only the span that holds counts.
    let low = 0;
    let high = counts.length - 1;
    while (low <= high && counts[low] === 0) low++;
    while (high >= low && counts[high] === 0) high--;
    if (low > high) return;
    this.reserve(firstKey + low, firstKey + high);
    for (let i = low; i <= high; i++) this.add(firstKey + i, counts[i]!);
  }

  addBins(other: Bins): void {
    this.addContiguous(other.offset, other.counts);
  }

  /** Key of the bin holding the value of rank `rank` (0-based) in ascending key order. */
  keyAtRank(rank: number): number {
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen > rank) return i + this.offset;
    }
    return this.counts.length - 1 + this.offset;
  }
}

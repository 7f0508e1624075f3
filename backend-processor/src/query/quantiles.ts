/**
 * Percentiles from merged rollup sketches, answered the way PostgreSQL's percentile_cont is.
 *
 * Merging: the bins of the stored sketches are read straight into flat arrays (sketchDecode.ts),
 * much cheaper than building and merging library sketches (a query may merge hundreds of thousands),
 * and negative values merge too (the library's merge leaves them out).
 *
 * Answering: percentile_cont(q) interpolates between the order statistics at ranks floor(r) and
 * ceil(r), r = q·(n−1). The sketch knows each order statistic within 1 % relative error (the value
 * of the bin holding it), so interpolating those two the same way stays within 1 % of
 * percentile_cont for any number of values, where the library's own quantile (the lower rank only)
 * can be off by the gap between neighbours, large in small buckets. Ranks 0 and n−1 use the exact
 * min and max the rollups keep.
 */
import { newSketch } from '../rollups/sketch';
import { Bins } from './bins';
import { addStoredSketch, addStoredSketches, type SketchTarget } from './sketchDecode';

/** Stored sketches carry no mapping: all have the accuracy rollups/sketch.ts creates them with. */
const MAPPING = newSketch().mapping;

/** Bins decoded into, merged or not, with the order statistics percentiles read. */
class DecodedBins implements SketchTarget {
  readonly positive = new Bins();
  readonly negative = new Bins();
  zeros = 0;

  get count(): number {
    return this.positive.total + this.negative.total + this.zeros;
  }

  addZeros(count: number): void {
    this.zeros += count;
  }

  clear(): void {
    this.positive.clear();
    this.negative.clear();
    this.zeros = 0;
  }

  merge(other: DecodedBins): void {
    this.positive.addBins(other.positive);
    this.negative.addBins(other.negative);
    this.zeros += other.zeros;
  }

  /** percentile_cont(q) within 1 %, given the exact min and max of the same values; null when empty. */
  quantile(q: number, min: number, max: number): number | null {
    const n = this.count;
    if (n === 0) return null;
    const rank = q * (n - 1);
    const lower = Math.floor(rank);
    const fraction = rank - lower;
    const low = this.valueAtRank(lower, n, min, max);
    const value = fraction === 0 ? low : low + fraction * (this.valueAtRank(lower + 1, n, min, max) - low);
    return Math.min(max, Math.max(min, value));
  }

  private valueAtRank(rank: number, n: number, min: number, max: number): number {
    if (rank <= 0) return min;
    if (rank >= n - 1) return max;
    const negatives = this.negative.total;
    // Negative values are binned by magnitude: ascending values are descending keys.
    if (rank < negatives) return -MAPPING.value(this.negative.keyAtRank(negatives - 1 - rank));
    if (rank < negatives + this.zeros) return 0;
    return MAPPING.value(this.positive.keyAtRank(rank - negatives - this.zeros));
  }
}

/**
 * Where a sketch read from a single stored list is answered: most output points of a query read
 * one row (a view's bucket), and decoding them here, not into bins of their own, allocates nothing.
 */
const SCRATCH = new DecodedBins();

/**
 * A percentile sketch merged from stored ones. The stored lists are kept as they came and decoded
 * when needed: a sketch only asked for a percentile is decoded into the shared scratch; one merged
 * into another first (a group's total) into bins of its own.
 */
export class QuantileSketch {
  private decoded: DecodedBins | null = null;
  private pending: Uint8Array[] = [];

  /** Adds one stored sketch (as rollups/sketch.ts encodes it). */
  addEncoded(bytes: Uint8Array): void {
    addStoredSketch(bytes, this.bins());
  }

  /** Adds a length-prefixed list of stored sketches (see sketchDecode.ts). */
  addEncodedList(list: Uint8Array): void {
    this.pending.push(list);
  }

  get count(): number {
    return this.bins().count;
  }

  /** How many of the values are 0. */
  get zeros(): number {
    return this.bins().zeros;
  }

  merge(other: QuantileSketch): void {
    this.pending.push(...other.pending);
    if (other.decoded) this.bins().merge(other.decoded);
  }

  /** percentile_cont(q) within 1 %, given the exact min and max of the same values; null when empty. */
  quantile(q: number, min: number, max: number): number | null {
    if (!this.decoded && this.pending.length === 1) {
      SCRATCH.clear();
      addStoredSketches(this.pending[0]!, SCRATCH);
      return SCRATCH.quantile(q, min, max);
    }
    return this.bins().quantile(q, min, max);
  }

  /** The sketch's own bins, every pending list decoded into them. */
  private bins(): DecodedBins {
    this.decoded ??= new DecodedBins();
    for (const list of this.pending) addStoredSketches(list, this.decoded);
    this.pending = [];
    return this.decoded;
  }
}

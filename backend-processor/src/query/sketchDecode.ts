/**
 * Reads stored rollup sketches straight into bin arrays. Queries merge up to hundreds of thousands
 * of them: building a library DDSketch per stored sketch (decodeSketch) costs most of a percentile
 * query's time, reading the bins into the merge target costs a fraction of it.
 */
import { readSketch, type SketchSink } from '../rollups/sketch';
import type { Bins } from './bins';

/** Bins the stored sketches are read into: the decoder calls them directly, allocating nothing. */
export interface SketchTarget extends SketchSink {
  positive: Bins;
  negative: Bins;
}

/** Adds the sketch in bytes [start, end) to `target`. */
export function addStoredSketch(
  bytes: Uint8Array,
  target: SketchTarget,
  start = 0,
  end = bytes.length,
): void {
  readSketch(bytes, target, start, end);
}

/**
 * Adds every sketch of a list as the aggregate query sends it: each one preceded by its length
 * (4 bytes, big-endian), so one bytea carries a bucket's sketches instead of an array of them
 * (whose text form costs more to parse than the sketches themselves).
 */
export function addStoredSketches(list: Uint8Array, target: SketchTarget): void {
  let position = 0;
  while (position < list.length) {
    const length =
      ((list[position]! << 24) |
        (list[position + 1]! << 16) |
        (list[position + 2]! << 8) |
        list[position + 3]!) >>>
      0;
    position += 4;
    addStoredSketch(list, target, position, position + length);
    position += length;
  }
}

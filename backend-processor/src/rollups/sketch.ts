/**
 * Percentile sketches: DDSketch (Datadog's @datadog/sketches-js) with 1 % relative accuracy,
 * stored as its standard protobuf encoding. Sketches of the same accuracy merge exactly, so any
 * window or group-by is the merge of its 1-minute sketches.
 */
import { DDSketch } from '@datadog/sketches-js';

export const RELATIVE_ACCURACY = 0.01;

export function newSketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
}

export function encodeSketch(sketch: DDSketch): Buffer {
  return Buffer.from(sketch.toProto());
}

export function decodeSketch(bytes: Uint8Array): DDSketch {
  return DDSketch.fromProto(bytes);
}

/** Merges encoded sketches (nulls skipped) into one; an empty sketch when there are none. */
export function mergeEncoded(encoded: Iterable<Uint8Array | null>): DDSketch {
  const merged = newSketch();
  for (const bytes of encoded) if (bytes) merged.merge(decodeSketch(bytes));
  return merged;
}

/**
 * Percentile sketches: DDSketch (Datadog's @datadog/sketches-js) with 1 % relative accuracy.
 * Sketches of the same accuracy merge exactly, so any window or group-by is the merge of its
 * 1-minute sketches.
 *
 * Stored in a compact encoding of their bins rather than the library's protobuf: the protobuf
 * writes every bin as a double, about 16 bytes each, while bin counts here are whole numbers that
 * fit a varint of 1–2 bytes. A minute of latencies spans ~200 bins: ~3 kB as protobuf, ~250 bytes
 * here, and rollup writes and reads move these bytes for every row.
 *
 * Layout (varints; keys zigzag-encoded): version (1), zero count, then for the positive and the
 * negative store: number of bins n, and when n > 0 the first key followed by n bin counts.
 */
import { DDSketch } from '@datadog/sketches-js';

export const RELATIVE_ACCURACY = 0.01;
const VERSION = 1;

type Store = DDSketch['store'];

export function newSketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
}

class VarintWriter {
  private readonly bytes: number[] = [];

  uint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.bytes.push(rest);
  }

  int(value: number): void {
    this.uint(value < 0 ? -2 * value - 1 : 2 * value);
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

class VarintReader {
  constructor(
    private readonly bytes: Uint8Array,
    public position: number,
  ) {}

  uint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.bytes[this.position++];
      if (byte === undefined) throw new Error('sketch encoding is truncated');
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  }

  int(): number {
    const zigzag = this.uint();
    return zigzag % 2 === 1 ? -(zigzag + 1) / 2 : zigzag / 2;
  }
}

function writeStore(out: VarintWriter, store: Store): void {
  if (store.count === 0) {
    out.uint(0);
    return;
  }
  out.uint(store.maxKey - store.minKey + 1);
  out.int(store.minKey);
  for (let key = store.minKey; key <= store.maxKey; key++) out.uint(store.bins[key - store.offset] ?? 0);
}

export function encodeSketch(sketch: DDSketch): Buffer {
  const out = new VarintWriter();
  out.uint(VERSION);
  out.uint(sketch.zeroCount);
  writeStore(out, sketch.store);
  writeStore(out, sketch.negativeStore);
  return out.toBuffer();
}

/** Where decoded bins go: a DDSketch's stores, or the flat arrays a query merges into. */
export interface BinSink {
  /** Called once per store before its bins, with the span of keys that follow. */
  reserve(firstKey: number, lastKey: number): void;
  add(key: number, count: number): void;
}

export interface SketchSink {
  positive: BinSink;
  negative: BinSink;
  addZeros(count: number): void;
}

function readStore(input: VarintReader, sink: BinSink): void {
  const bins = input.uint();
  if (bins === 0) return;
  const firstKey = input.int();
  sink.reserve(firstKey, firstKey + bins - 1);
  for (let i = 0; i < bins; i++) {
    const count = input.uint();
    if (count > 0) sink.add(firstKey + i, count);
  }
}

/** Reads the encoded sketch in bytes [start, end) into `sink`: the one reader of this encoding. */
export function readSketch(bytes: Uint8Array, sink: SketchSink, start = 0, end = bytes.length): void {
  const input = new VarintReader(bytes, start);
  const version = input.uint();
  if (version !== VERSION) throw new Error(`unknown sketch encoding version ${version}`);
  sink.addZeros(input.uint());
  readStore(input, sink.positive);
  readStore(input, sink.negative);
  if (input.position !== end)
    throw new Error(`sketch encoding has ${end - input.position} bytes too many or few`);
}

function storeSink(store: Store): BinSink {
  return { reserve: () => undefined, add: (key, count) => store.add(key, count) };
}

export function decodeSketch(bytes: Uint8Array): DDSketch {
  const sketch = newSketch();
  readSketch(bytes, {
    positive: storeSink(sketch.store),
    negative: storeSink(sketch.negativeStore),
    addZeros: (count) => (sketch.zeroCount += count),
  });
  // Only the bins are stored; count is what quantiles rank by. (sum/min/max live in their own columns.)
  sketch.count = sketch.zeroCount + sketch.store.count + sketch.negativeStore.count;
  return sketch;
}

/** Merges encoded sketches (nulls skipped) into one; an empty sketch when there are none. */
export function mergeEncoded(encoded: Iterable<Uint8Array | null>): DDSketch {
  const merged = newSketch();
  for (const bytes of encoded) if (bytes) merged.merge(decodeSketch(bytes));
  return merged;
}

// Generators of extreme pprof inputs (for the limits tests), written straight to protobuf with the benchmark's
// ProtoWriter: pprof-format's encoder builds an object per sample, far too slow for 10^7 samples.
import { gzipSync } from 'node:zlib';
import { ProtoWriter } from '../../../../src/core/profile/protoWriter';

const utf8 = new TextEncoder();

/** Writes a Profile message field by field; strings are interned in order, index 0 is "". */
export class PprofWriter {
  readonly out = new ProtoWriter(1 << 20);
  private readonly scratch = new ProtoWriter(1 << 12);
  private readonly strings: string[] = [''];
  private readonly stringIndex = new Map<string, number>([['', 0]]);

  constructor(sampleTypes: readonly [string, string][] = [['cpu', 'nanoseconds']]) {
    for (const [type, unit] of sampleTypes) {
      this.message(1, (m) => {
        m.uintField(1, this.string(type));
        m.uintField(2, this.string(unit));
      });
    }
  }

  /** Appends a string known to be new (no lookup): for generating millions of distinct names quickly. */
  newString(s: string): number {
    return this.strings.push(s) - 1;
  }

  string(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.push(s) - 1;
      this.stringIndex.set(s, i);
    }
    return i;
  }

  /** A length-delimited submessage of field `field`, written into a scratch buffer first. */
  message(field: number, write: (m: ProtoWriter) => void): void {
    const m = this.scratch;
    m.length = 0;
    write(m);
    this.out.bytesField(field, m.bytes());
  }

  func(id: number, name: string, file: string, nameIsNew = false): void {
    const nameIndex = nameIsNew ? this.newString(name) : this.string(name);
    const fileIndex = nameIsNew ? this.newString(file) : this.string(file);
    this.message(5, (m) => {
      m.uintField(1, id);
      m.uintField(2, nameIndex);
      m.uintField(4, fileIndex);
    });
  }

  private readonly lineMsg = new ProtoWriter(32);

  /** A location with one line (function id, line number). */
  location(id: number, functionId: number, line: number): void {
    const lineMsg = this.lineMsg;
    lineMsg.length = 0;
    lineMsg.uintField(1, functionId);
    lineMsg.uintField(2, line);
    this.message(4, (m) => {
      m.uintField(1, id);
      m.bytesField(4, lineMsg.bytes());
    });
  }

  /** A sample: location ids (leaf first), values, string labels. */
  sample(locationIds: ArrayLike<number>, values: ArrayLike<number>, labels: readonly [string, string][] = []): void {
    const locs = new ProtoWriter(Math.max(64, locationIds.length * 5));
    this.message(2, (m) => {
      m.packedField(1, locationIds, false, locs);
      m.packedField(2, values, false, locs);
      for (const [k, v] of labels) {
        const label = new ProtoWriter(v.length + 16);
        label.uintField(1, this.string(k));
        label.uintField(2, this.string(v));
        m.bytesField(3, label.bytes());
      }
    });
  }

  /** The finished profile: the string table goes last, as Go writes it. */
  finish(): Uint8Array {
    for (const s of this.strings) this.out.bytesField(6, utf8.encode(s));
    return this.out.bytes();
  }
}

/** n samples over 100 functions, stacks of one to three frames. ~10 bytes a sample. */
export function manySamples(n: number): Uint8Array {
  const w = new PprofWriter();
  for (let f = 1; f <= 100; f++) {
    w.func(f, `main.fn${f}`, `/src/app/f${f % 7}.go`);
    w.location(f, f, 10 + f);
  }
  const stack = new Uint32Array(3);
  const one = [0];
  const out = w.out;
  // Hand-inlined sample encoding (sample { location_id packed, value packed }) for speed.
  for (let i = 0; i < n; i++) {
    const depth = 1 + (i % 3);
    for (let d = 0; d < depth; d++) stack[d] = 1 + ((i * 7 + d * 13) % 100);
    one[0] = 1 + (i % 50);
    out.tag(2, 2);
    out.varint(2 + depth + 3);
    out.tag(1, 2);
    out.varint(depth);
    for (let d = 0; d < depth; d++) out.varint(stack[d]);
    out.tag(2, 2);
    out.varint(1);
    out.varint(one[0]);
  }
  return w.finish();
}

/** n distinct function names and file paths (2n + a few strings), each with its own location and one sample. */
export function manyStrings(n: number): Uint8Array {
  const w = new PprofWriter();
  for (let f = 1; f <= n; f++) {
    w.func(f, `pkg${f % 997}.Func${f}`, `/src/pkg${f % 997}/file${f}.go`, true);
    w.location(f, f, 1 + (f % 500));
  }
  const out = w.out;
  for (let f = 1; f <= n; f++) {
    const len = f < 128 ? 1 : f < 16384 ? 2 : 3;
    out.tag(2, 2);
    out.varint(2 + len + 3);
    out.tag(1, 2);
    out.varint(len);
    out.varint(f);
    out.tag(2, 2);
    out.varint(1);
    out.varint(1);
  }
  return w.finish();
}

/**
 * Stacks `depth` frames deep: a few samples through `depth` distinct functions, and a few through one function
 * recursing on itself `depth` times (a cycle in the call graph).
 */
export function deepStacks(depth: number): Uint8Array {
  const w = new PprofWriter();
  for (let f = 1; f <= depth; f++) {
    w.func(f, `main.level${f}`, `/src/app/deep${f % 10}.go`);
    w.location(f, f, f);
  }
  w.func(depth + 1, 'main.recurse', '/src/app/recurse.go');
  w.location(depth + 1, depth + 1, 7);
  const distinct = new Uint32Array(depth);
  for (let d = 0; d < depth; d++) distinct[d] = depth - d; // leaf first
  const recursive = new Uint32Array(depth).fill(depth + 1);
  for (let s = 0; s < 5; s++) {
    w.sample(distinct, [10 + s]);
    w.sample(recursive, [3]);
  }
  return w.finish();
}

/** One sample carrying a `bytes`-long label value and `count` small labels on each of `samples` samples. */
export function hugeLabels(bytes: number, samples: number, labelsPerSample: number): Uint8Array {
  const w = new PprofWriter();
  w.func(1, 'main.main', '/src/app/main.go');
  w.location(1, 1, 3);
  const big = 'x'.repeat(bytes);
  w.sample([1], [1], [['service_name', big], ['version', big]]);
  // Every small-label sample has the same bytes: encode one, then repeat its bytes.
  const sample = new ProtoWriter(256);
  sample.packedField(1, [1]);
  sample.packedField(2, [1]);
  for (let i = 0; i < labelsPerSample; i++) {
    const label = new ProtoWriter(16);
    label.uintField(1, w.string(`key${i}`));
    label.uintField(2, w.string(`value${i}`));
    sample.bytesField(3, label.bytes());
  }
  const encoded = sample.bytes();
  for (let s = 0; s < samples; s++) w.out.bytesField(2, encoded);
  return w.finish();
}

/** A gzip stream that inflates to `inflatedBytes` of zeros (concatenated members, as gzip allows). */
export function gzipBomb(inflatedBytes: number): Buffer {
  const memberSize = 16 << 20;
  const member = gzipSync(Buffer.alloc(memberSize));
  return Buffer.concat(Array.from({ length: Math.ceil(inflatedBytes / memberSize) }, () => member));
}

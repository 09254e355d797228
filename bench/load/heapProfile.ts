/**
 * A seeded generator of Go heap profiles (the four sample types alloc_objects, alloc_space, inuse_objects and
 * inuse_space; period type space/bytes; a `bytes` numeric label per sample, as Go's runtime writes them), sized by
 * uncompressed bytes. The call stacks have the shape of bench/profile/generate.ts's CPU profiles (shared root parts,
 * depth log-normal around 30, Zipf-distributed hot functions), capped at Go's 128 recorded frames.
 * Same seed and options → same bytes.
 */
import { seededRandom, zipfSampler } from '../profile/generate';
import { writeTables } from '../profile/profileTables';
import { ProtoWriter } from '../../src/core/profile/protoWriter';

export interface HeapProfileOptions {
  readonly seed: number;
  readonly targetBytes: number;
  readonly functions: number;
  /** The profile's time (unix nanoseconds). */
  readonly timeNanos: number;
}

export const HEAP_SAMPLE_TYPES = ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'] as const;

export function generateHeapProfile(o: HeapProfileOptions): Uint8Array {
  const random = seededRandom(o.seed);
  const nFunctions = o.functions;
  const nFiles = Math.max(1, Math.floor(nFunctions / 8));
  const nLocations = nFunctions * 3;
  const strings: string[] = [''];
  const index = new Map<string, number>([['', 0]]);
  const str = (s: string) => {
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const typeUnits = [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']].map(([t, u]) => [str(t), str(u)]);
  const space = str('space');
  const bytesUnit = str('bytes');
  const fileNames = Array.from({ length: nFiles }, (_, i) => str(`/home/build/src/github.com/acme/service/pkg${i % 97}/file${i}.go`));
  const fnName = Array.from({ length: nFunctions }, (_, f) => str(`github.com/acme/service/pkg${f % 97}.(*Type${f % 1013}).Method${f}`));
  const fnStart = Array.from({ length: nFunctions }, (_, f) => 10 + ((f * 37) % 2000));

  const pickFunction = zipfSampler(nFunctions, 0.9, random);
  const locationFunction = Array.from({ length: nLocations }, () => pickFunction());
  const locationLine = locationFunction.map((f) => fnStart[f] + 1 + Math.floor(random() * 60));
  const pickLeaf = zipfSampler(nLocations, 1.1, random);
  const pickInner = zipfSampler(nLocations, 0.8, random);
  const sizes = [8, 16, 32, 48, 64, 128, 256, 512, 1024, 4096, 32768];

  const out = new ProtoWriter(Math.min(o.targetBytes + (1 << 20), 1 << 30));
  const scratch = new ProtoWriter(4096);
  const packed = new ProtoWriter(4096);
  const pair = (a: number, b: number) => {
    scratch.length = 0;
    scratch.uintField(1, a);
    scratch.uintField(2, b);
    return scratch.bytes().slice();
  };
  for (const [t, u] of typeUnits) out.bytesField(1, pair(t, u));

  const stacks: Int32Array[] = [];
  const samplers = new Map<number, () => number>();
  const earlierStack = () => {
    const size = 1 << Math.floor(Math.log2(stacks.length));
    let pick = samplers.get(size);
    if (!pick) samplers.set(size, (pick = zipfSampler(size, 0.7, random)));
    return stacks[stacks.length - 1 - pick()];
  };
  const newStack = () => {
    const z = Math.sqrt(-2 * Math.log(Math.max(1e-9, random()))) * Math.cos(2 * Math.PI * random());
    const depth = Math.max(2, Math.min(128, Math.round(30 * Math.exp(0.5 * z))));
    const stack = new Int32Array(depth);
    let shared = 0;
    if (stacks.length > 0) {
      const base = earlierStack();
      shared = Math.min(base.length, Math.max(0, depth - 1 - Math.floor(random() * 8)));
      stack.set(base.subarray(base.length - shared), depth - shared);
    }
    for (let i = depth - shared - 1; i >= 1; i--) stack[i] = pickInner() + 1;
    stack[0] = pickLeaf() + 1;
    return stack;
  };

  const tableEstimate = nLocations * 24 + nFunctions * 70 + 64;
  const values = [0, 0, 0, 0];
  while (out.length + tableEstimate < o.targetBytes) {
    const reused = stacks.length > 0 && random() < 0.2;
    const stack = reused ? earlierStack() : newStack();
    if (!reused) stacks.push(stack);
    const size = sizes[Math.floor(random() * sizes.length)];
    const objects = 1 + Math.floor(-Math.log(Math.max(1e-9, random())) * 20);
    const live = random() < 0.6 ? Math.floor(objects * random()) : 0;
    values[0] = objects;
    values[1] = objects * size;
    values[2] = live;
    values[3] = live * size;
    scratch.length = 0;
    scratch.packedField(1, stack, false, packed);
    scratch.packedField(2, values, true, packed);
    packed.length = 0;
    packed.uintField(1, bytesUnit);
    packed.uintField(3, size);
    scratch.bytesField(3, packed.bytes().slice());
    out.bytesField(2, scratch.bytes());
  }

  writeTables(out, scratch, {
    mapping: { start: 0x400000, limit: 0x400000 + 64 * 1024 * 1024, file: str('/usr/local/bin/service') },
    locations: nLocations,
    address: (l) => 0x401000 + l * 24,
    lines: (l, line) => line(locationFunction[l], locationLine[l]),
    functions: nFunctions, fnName, fnFile: (f) => fileNames[f % nFiles], fnStart, strings,
  });
  out.intField(9, o.timeNanos);
  out.bytesField(11, pair(space, bytesUnit));
  out.intField(12, 512 * 1024);
  return out.bytes();
}

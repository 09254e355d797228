/**
 * A seeded generator of production-shaped pprof CPU profiles (Go-like), sized by uncompressed bytes.
 *
 * Shape, chosen to resemble a continuously profiled Go service:
 * - 10^4–10^5 functions over ~1/8 as many files; ~3 locations per function, 15% of them with 2–4 inlined lines;
 * - PIE addresses (0x55..., 6-byte varints) in one mapping, ids 1..n as Go writes them;
 * - stacks that share root prefixes (picked Zipf-wise from earlier stacks, so a few call paths are hot), depth
 *   log-normal around 30 and up to ~160, 1% with recursive runs;
 * - leaf locations Zipf-distributed (a few hot functions), values [samples/count, cpu/nanoseconds];
 * - 30% of samples with a string label, 5% with a numeric label; some stacks repeat with different labels.
 * Same seed and options → same bytes.
 */
import { writeTables } from './profileTables';
import { ProtoWriter } from '../../src/core/profile/protoWriter';

export interface GeneratorOptions {
  seed: number;
  /** Stop adding samples once the profile reaches this many bytes. */
  targetBytes: number;
  functions: number;
  /** Median stack depth (locations); depth is log-normal around it. */
  medianDepth?: number;
  maxDepth?: number;
  /** Chance that a sample reuses an existing stack (with other labels) rather than a new one. */
  reuseStack?: number;
}

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples 0..n-1 with P(k) ∝ 1/(k+1)^s, by binary search over the CDF. */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += 1 / Math.pow(k + 1, s);
    cdf[k] = sum;
  }
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface GeneratedProfile {
  bytes: Uint8Array;
  samples: number;
  functions: number;
  locations: number;
  maxDepth: number;
}

export function generateProfile(options: GeneratorOptions): GeneratedProfile {
  const random = seededRandom(options.seed);
  const nFunctions = options.functions;
  const nFiles = Math.max(1, Math.floor(nFunctions / 8));
  const nLocations = nFunctions * 3;
  const medianDepth = options.medianDepth ?? 30;
  const maxDepth = options.maxDepth ?? 160;
  const reuse = options.reuseStack ?? 0.2;

  // Strings: "" first, then fixed ones, then function and file names.
  const strings: string[] = [''];
  const stringIndex = new Map<string, number>([['', 0]]);
  const str = (s: string) => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  const typeSamples = str('samples');
  const unitCount = str('count');
  const typeCpu = str('cpu');
  const unitNs = str('nanoseconds');
  const binary = str('/usr/local/bin/service');
  const buildId = str('5f0c1b2e7d4a3c9e8b7a6f5e4d3c2b1a0f9e8d7c');
  const labelKey = str('http.route');
  const numLabelKey = str('bytes');
  const numLabelUnit = str('bytes');
  const routes = Array.from({ length: 50 }, (_, i) => str(`/api/v1/resource${i}/{id}`));

  const fileNames = Array.from({ length: nFiles }, (_, i) => str(`/home/build/src/github.com/acme/service/pkg${i % 97}/file${i}.go`));
  const fnName = new Int32Array(nFunctions);
  const fnFile = new Int32Array(nFunctions);
  const fnStart = new Int32Array(nFunctions);
  for (let f = 0; f < nFunctions; f++) {
    fnName[f] = str(`github.com/acme/service/pkg${f % 97}.(*Type${f % 1013}).Method${f}`);
    fnFile[f] = fileNames[f % nFiles];
    fnStart[f] = 10 + ((f * 37) % 2000);
  }

  // Locations: 1 line, or 2–4 inlined lines (innermost first), functions Zipf-distributed.
  const pickFunction = zipfSampler(nFunctions, 0.9, random);
  const locLineStart = new Int32Array(nLocations + 1);
  const lineFn: number[] = [];
  const lineNo: number[] = [];
  for (let l = 0; l < nLocations; l++) {
    locLineStart[l] = lineFn.length;
    const lines = random() < 0.15 ? 2 + Math.floor(random() * 3) : 1;
    for (let k = 0; k < lines; k++) {
      const f = pickFunction();
      lineFn.push(f);
      lineNo.push(fnStart[f] + 1 + Math.floor(random() * 60));
    }
  }
  locLineStart[nLocations] = lineFn.length;

  const pickLeaf = zipfSampler(nLocations, 1.1, random);
  const pickInner = zipfSampler(nLocations, 0.8, random);
  const roots = [pickInner() + 1, pickInner() + 1, pickInner() + 1];

  const out = new ProtoWriter(Math.min(options.targetBytes + (1 << 20), 1 << 30));
  const scratch = new ProtoWriter(4096);
  const packed = new ProtoWriter(4096);
  const valueType = (type: number, unit: number) => {
    scratch.length = 0;
    scratch.uintField(1, type);
    scratch.uintField(2, unit);
    return scratch.bytes().slice();
  };
  out.bytesField(1, valueType(typeSamples, unitCount));
  out.bytesField(1, valueType(typeCpu, unitNs));

  // Stacks are kept (leaf first) so later stacks can share their root part.
  const stacks: Int32Array[] = [];
  const pickStackCache = new Map<number, () => number>();
  const pickStack = () => {
    // Zipf over existing stacks, re-built as the pool grows by powers of two.
    const size = 1 << Math.floor(Math.log2(stacks.length));
    let sampler = pickStackCache.get(size);
    if (!sampler) {
      sampler = zipfSampler(size, 0.7, random);
      pickStackCache.set(size, sampler);
    }
    return stacks[stacks.length - 1 - sampler()];
  };
  const logNormalDepth = () => {
    const u = Math.max(1e-9, random());
    const v = random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(2, Math.min(maxDepth, Math.round(medianDepth * Math.exp(0.5 * z))));
  };
  const newStack = (): Int32Array => {
    const depth = logNormalDepth();
    const stack = new Int32Array(depth);
    let rootPart = 0;
    if (stacks.length > 0) {
      const base = pickStack();
      rootPart = Math.min(base.length, Math.max(0, depth - 1 - Math.floor(random() * 8)));
      stack.set(base.subarray(base.length - rootPart), depth - rootPart);
    } else {
      rootPart = Math.min(roots.length, depth - 1);
      for (let i = 0; i < rootPart; i++) stack[depth - 1 - i] = roots[i];
    }
    for (let i = depth - rootPart - 1; i >= 1; i--) stack[i] = pickInner() + 1;
    stack[0] = pickLeaf() + 1;
    if (random() < 0.01 && depth > 12) {
      // A recursive run: the same 3 locations repeated towards the leaf.
      const a = stack[depth - rootPart - 1] || pickInner() + 1;
      const b = pickInner() + 1;
      const c = pickInner() + 1;
      for (let i = 1; i < Math.min(depth - rootPart, 40); i++) stack[i] = [a, b, c][i % 3];
    }
    return stack;
  };

  let samples = 0;
  let deepest = 0;
  const values = [0, 0];
  // Leave ~room for the tables written after the samples.
  const tableEstimate = nLocations * 22 + lineFn.length * 6 + nFunctions * 70 + 64;
  while (out.length + tableEstimate < options.targetBytes) {
    const reused = stacks.length > 0 && random() < reuse;
    const stack = reused ? pickStack() : newStack();
    if (!reused) stacks.push(stack);
    if (stack.length > deepest) deepest = stack.length;
    const count = 1 + Math.floor(-Math.log(Math.max(1e-9, random())) * 1.5);
    values[0] = count;
    values[1] = count * 10_000_000;
    scratch.length = 0;
    scratch.packedField(1, stack, false, packed);
    scratch.packedField(2, values, true, packed);
    const r = random();
    if (r < 0.3) {
      packed.length = 0;
      packed.uintField(1, labelKey);
      packed.uintField(2, routes[Math.floor(random() * routes.length)]);
      scratch.bytesField(3, packed.bytes().slice());
    } else if (r < 0.35) {
      packed.length = 0;
      packed.uintField(1, numLabelKey);
      packed.uintField(3, Math.floor(random() * 1e6));
      packed.uintField(4, numLabelUnit);
      scratch.bytesField(3, packed.bytes().slice());
    }
    out.bytesField(2, scratch.bytes());
    samples++;
  }

  // Mapping, locations, functions, strings, then the scalars (Go's order).
  writeTables(out, scratch, {
    mapping: { start: 0x555555554000, limit: 0x555555554000 + 64 * 1024 * 1024, file: binary, buildId },
    locations: nLocations,
    address: (l) => 0x555555554000 + 0x1000 + l * 24,
    lines: (l, line) => { for (let j = locLineStart[l]; j < locLineStart[l + 1]; j++) line(lineFn[j], lineNo[j]); },
    functions: nFunctions, fnName, fnFile: (f) => fnFile[f], fnStart, strings,
  });
  out.intField(9, 1_700_000_000_000_000_000);
  out.intField(10, 60_000_000_000);
  scratch.length = 0;
  scratch.uintField(1, typeCpu);
  scratch.uintField(2, unitNs);
  out.bytesField(11, scratch.bytes());
  out.intField(12, 10_000_000);
  return { bytes: out.bytes(), samples, functions: nFunctions, locations: nLocations, maxDepth: deepest };
}

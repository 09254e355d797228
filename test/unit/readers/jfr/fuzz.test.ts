// Fuzzing the JFR reader, as test/unit/core/fuzz.test.ts and test/unit/reliability/structureFuzz.test.ts fuzz
// the pprof decoder: (1) thousands of mutated and truncated recordings (Pyroscope's real ones and generated ones
// in every layout variation), (2) recordings generated structure by structure with hostile metadata, pools and
// events (classes that contain themselves, unknown type ids, counts and sizes far past the data, constant pool
// chains that loop). Each case either reads — and its profiles then go through merge, top, the call tree and
// symbolication input — or is refused with one ProfileError line naming the file; never another exception,
// never a hang (the test has a timeout), never unbounded memory.
//   PERFLENS_FUZZ_CASES=50000 node --import tsx --test test/unit/readers/jfr/fuzz.test.ts   # a longer run
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { generateJfr } from '../../../../bench/jfr/generate';
import { ByteSink, chunk, metadataEvent, sized, type ClassDef } from '../../../../bench/jfr/jfrWriter';
import { seededRandom } from '../../../../bench/profile/generate';
import { callTree } from '../../../../src/core/aggregate/callTree';
import { topTable } from '../../../../src/core/aggregate/topTable';
import { buildModel } from '../../../../src/core/model/buildModel';
import { ProfileError } from '../../../../src/core/profile/errors';
import { readJfr } from '../../../../src/core/readers/jfr/readJfr';
import { select } from '../../../../src/core/query/select';
import { JFR_TESTDATA } from './helpers';
import { at, mutations as byteMutations, type Mutation } from '../../core/helpers/mutations';

const CASES = Number(process.env.PERFLENS_FUZZ_CASES ?? 1500);
const SEED = Number(process.env.PERFLENS_FUZZ_SEED ?? 20251207);

/** Everything a user action can run on what was read. */
function useFully(bytes: Uint8Array, labels?: Uint8Array): number {
  const profiles = readJfr(bytes, 'fuzz.jfr', { limits: { maxDecompressedBytes: 64 << 20 }, labels });
  for (const p of profiles) {
    const model = buildModel([p, p]);
    for (let t = 0; t < model.sampleTypes.length; t++) topTable(select(model, { type: t }), 'function');
    callTree(select(model), { maxNodes: 256 });
  }
  return profiles.length;
}

function expectReadOrRefused(bytes: Uint8Array, what: string, labels?: Uint8Array): 'read' | 'refused' {
  try {
    useFully(bytes, labels);
    return 'read';
  } catch (e) {
    if (!(e instanceof ProfileError)) assert.fail(`${what} threw ${(e as Error).stack ?? String(e)}`);
    assert.match(e.message, /^fuzz\.jfr( \(labels\))?: /);
    assert.doesNotMatch(e.message, /\n/);
    return 'refused';
  }
}

const { flipBytes, flipBits, truncate, dropRange, duplicateRange, gzipThenDamage } = byteMutations;
const mutations: Record<string, Mutation> = {
  flipBytes, flipBits, truncate, dropRange, duplicateRange, gzipThenDamage,
  hugeVarlong: (b, r) => {
    // Nine 0xff bytes: the largest varlong, as a count, a size, a key or a length.
    const start = at(b.length, r);
    return Uint8Array.from([...b.subarray(0, start), ...Array(8).fill(0xff), 0x7f, ...b.subarray(start + 1)]);
  },
  headerField: (b, r) => {
    // A chunk header number (size, offsets, ticks) set to 0, 1, a little off or 2^63.
    const out = b.slice();
    const field = 8 + 8 * at(7, r);
    const value = [0n, 1n, 1n << 63n, BigInt(Number(new DataView(out.buffer).getBigUint64(field)) + at(64, r) - 32)][at(4, r)];
    new DataView(out.buffer).setBigUint64(field, BigInt.asUintN(64, value));
    return out;
  },
};
const names = Object.keys(mutations);

function seeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const small = { events: 150, functions: 40, stacks: 30, maxDepth: 12, threads: 3 };
  out.push(generateJfr({ seed: 1, ...small }).bytes);
  out.push(generateJfr({ seed: 2, ...small, chunks: 2, poolEvents: 3 }).bytes);
  out.push(generateJfr({ seed: 3, ...small, padSizes: true, mixedStrings: true }).bytes);
  out.push(generateJfr({ seed: 4, ...small, bigKeys: true, ticksPerSecond: 2_800_000_000 }).bytes);
  out.push(new Uint8Array(gunzipSync(readFileSync(join(JFR_TESTDATA(), 'dump1.jfr.gz')))));
  return out;
}

describe('fuzzing the JFR reader', { timeout: Math.max(180_000, CASES * 60) }, () => {
  it(`${CASES} mutated or truncated recordings give profiles or a ProfileError, nothing else`, () => {
    const corpus = seeds();
    const random = seededRandom(SEED);
    const outcomes = { read: 0, refused: 0 };
    let peakArrayBuffers = 0;
    for (let i = 0; i < CASES; i++) {
      // The real recording is 330 kB: one case in eight, to keep the run short.
      const seed = corpus[random() < 0.125 ? corpus.length - 1 : at(corpus.length - 1, random)];
      const name = names[at(names.length, random)];
      let bytes = mutations[name](seed, random);
      if (random() < 0.3) bytes = mutations[names[at(names.length, random)]](bytes, random);
      outcomes[expectReadOrRefused(bytes, `case ${i} (seed ${SEED}, ${name})`)]++;
      if (i % 100 === 0) peakArrayBuffers = Math.max(peakArrayBuffers, process.memoryUsage().arrayBuffers);
    }
    assert.ok(outcomes.refused > CASES / 20, `some mutations are refused (${JSON.stringify(outcomes)})`);
    assert.ok(outcomes.read > CASES / 5, `many are still read, in part (${JSON.stringify(outcomes)})`);
    assert.ok(peakArrayBuffers < 512 << 20, `array buffers stayed bounded (${peakArrayBuffers} bytes)`);
  });

  it(`${Math.round(CASES / 2)} recordings generated structure by structure with hostile parts`, () => {
    const random = seededRandom(SEED + 1);
    const outcomes = { read: 0, refused: 0 };
    for (let i = 0; i < CASES / 2; i++) outcomes[expectReadOrRefused(hostileRecording(random), `structure case ${i} (seed ${SEED + 1})`, hostileLabels(random))]++;
    assert.ok(outcomes.read > 0 && outcomes.refused > 0, JSON.stringify(outcomes));
  });
});

/** A small recording whose metadata, pools and events are each, now and then, wrong in a way a writer could be. */
function hostileRecording(random: () => number): Uint8Array {
  const chance = (p: number) => random() < p;
  const int = (n: number) => at(n, random);
  const bad = (p = 0.08) => chance(p);
  const huge = () => [2 ** 31, 2 ** 53, 2n ** 63n, 2n ** 64n - 1n, 1e9][int(5)];
  const id = (n: number) => (bad() ? [0, 999, 2 ** 40][int(3)] : n);
  const cp = (name: string, type: number) => ({ name, type: id(type), constantPool: !bad() });
  const selfInline = bad(0.05);
  const classes: ClassDef[] = [
    ...['boolean', 'char', 'float', 'double', 'byte', 'short', 'int', 'long'].map((n, k) => ({ id: [4, 5, 6, 7, 8, 9, 10, 11][k], name: n, fields: [] })),
    { id: 20, name: 'java.lang.String', fields: [] },
    { id: 21, name: 'java.lang.Class', fields: [cp('name', 30)] },
    { id: 22, name: 'java.lang.Thread', fields: [{ name: 'javaName', type: 20 }] },
    { id: 25, name: 'jdk.types.ThreadState', fields: [{ name: 'name', type: 20 }] },
    { id: 26, name: 'jdk.types.StackTrace', fields: [{ name: 'truncated', type: 4 }, { name: 'frames', type: id(27), array: !bad(), constantPool: bad() }] },
    { id: 27, name: 'jdk.types.StackFrame', fields: [cp('method', 28), { name: 'lineNumber', type: 10 }, ...(selfInline ? [{ name: 'next', type: 27 }] : [])] },
    { id: 28, name: 'jdk.types.Method', fields: [cp('type', 21), cp('name', 30)] },
    { id: 30, name: 'jdk.types.Symbol', fields: [{ name: 'string', type: 20 }] },
    { id: 101, name: 'jdk.ExecutionSample', fields: [{ name: 'startTime', type: 11 }, cp('sampledThread', 22), cp('stackTrace', 26), cp('state', 25), { name: 'contextId', type: 11 }] },
    { id: 104, name: 'jdk.JavaMonitorEnter', fields: [{ name: 'startTime', type: 11 }, { name: 'duration', type: 11 }, cp('eventThread', 22), cp('stackTrace', 26)] },
    { id: 111, name: 'profiler.WallClockSample', fields: [{ name: 'startTime', type: 11 }, cp('stackTrace', 26), { name: 'samples', type: 10 }] },
  ];
  const value = (n: number | bigint) => (bad(0.03) ? huge() : n);
  const pools: ((delta: number) => Uint8Array)[] = [];
  const poolEvent = (write: (out: ByteSink) => void) => (delta: number) => {
    const body = new ByteSink();
    body.varlong(1).varlong(0).varlong(0).varlong(bad(0.03) ? [0, 1, -1][int(3)] : delta).byte(1);
    write(body);
    return sized(body.view(), chance(0.5));
  };
  const functions = 1 + int(6);
  const stacks = 1 + int(6);
  pools.push(poolEvent((out) => {
    out.varlong(value(5));
    out.varlong(30).varlong(value(functions * 2));
    for (let k = 0; k < functions * 2; k++) out.varlong(k + 1).string(bad() ? null : `sym${k}$$Lambda$${k}/0x${k}`);
    out.varlong(id(21)).varlong(value(functions));
    for (let k = 0; k < functions; k++) out.varlong(k + 1).varlong(k + 1);
    out.varlong(28).varlong(value(functions));
    for (let k = 0; k < functions; k++) out.varlong(k + 1).varlong(id(k + 1)).varlong(functions + k + 1);
    out.varlong(26).varlong(value(stacks));
    for (let s = 0; s < stacks; s++) {
      const depth = int(5);
      out.varlong(s + 1).byte(0).varlong(value(depth));
      for (let d = 0; d < depth; d++) {
        out.varlong(1 + int(functions + 1)).varlong(bad() ? -1 : int(100));
        if (selfInline) out.varlong(0);
      }
    }
    out.varlong(22).varlong(1).varlong(1).string('main');
  }));
  const events: Uint8Array[] = [];
  for (let e = int(40); e > 0; e--) {
    const body = new ByteSink();
    const kind = [101, 104, 111, 200][int(4)];
    body.varlong(kind).varlong(int(1e6));
    if (kind === 104) body.varlong(value(int(1e6)));
    if (kind !== 111) body.varlong(1);
    body.varlong(bad() ? 999 : 1 + int(stacks));
    if (kind === 101) body.varlong(1).varlong(value(0));
    if (kind === 111) body.varlong(value(1 + int(3)));
    const bytes = sized(body.view(), chance(0.3));
    if (bad(0.03)) bytes[0] = 0xff;
    events.push(bytes);
  }
  const out = chunk({ metadata: metadataEvent(classes), poolBodies: pools, events, ticksPerSecond: chance(0.1) ? 0 : 1e9 });
  const copies = chance(0.3) ? 2 : 1;
  const whole = new Uint8Array(out.length * copies);
  for (let c = 0; c < copies; c++) whole.set(out, c * out.length);
  return bad(0.1) ? whole.subarray(0, int(whole.length)) : whole;
}

/** A Pyroscope labels part: usually none or valid, sometimes garbage. */
function hostileLabels(random: () => number): Uint8Array | undefined {
  const r = random();
  if (r < 0.6) return undefined;
  if (r < 0.8) return new Uint8Array([0x0a, 0x06, 0x08, 0x01, 0x12, 0x02, 0x0a, 0x00, 0x12, 0x05, 0x08, 0x01, 0x12, 0x01, 0x61]);
  return Uint8Array.from({ length: at(24, random) }, () => at(256, random));
}

/**
 * A seeded generator of JFR recordings shaped like a Java service's continuous profiling (async-profiler / JDK
 * layout): CPU samples, TLAB allocations, monitor contention, wall-clock samples, and event kinds no profile uses
 * (CPU load, a custom event with arrays and strings), over one or more chunks. Stacks share root prefixes and hot
 * leaves are Zipf-distributed. It also returns what a correct reader must find (`truth`), so tests compare
 * against it. Variations that real writers use are options: several constant pool events per chunk, padded event
 * sizes (the JDK's), strings in each encoding and through the string pool, 64-bit constant pool keys.
 * Same seed and options → same bytes.
 */
import { seededRandom, zipfSampler } from '../profile/generate';
import { ByteSink, chunk, metadataEvent, sized, type ClassDef } from './jfrWriter';

export interface JfrGeneratorOptions {
  seed: number;
  chunks?: number;
  /** Events per chunk (all kinds together). */
  events?: number;
  functions?: number;
  stacks?: number;
  maxDepth?: number;
  threads?: number;
  /** Split each chunk's pools over this many constant pool events. */
  poolEvents?: number;
  /** Write event sizes as 4-byte padded varints, as the JDK does. */
  padSizes?: boolean;
  /** Use keys at and above 2^60 for every constant pool (exact 64-bit keys). */
  bigKeys?: boolean;
  /** Mix every string encoding (UTF-8, Latin-1, char arrays, string pool references). */
  mixedStrings?: boolean;
  ticksPerSecond?: number;
  /** Include profiler.WallClockSample events (default true). */
  wallClock?: boolean;
}

export interface JfrTruth {
  /** Per profile (by its default sample type): total of the main value, and flat value per leaf function name. */
  readonly cpuSamples: number;
  readonly wallSamples: number;
  readonly allocBytes: number;
  readonly allocObjects: number;
  readonly lockContentions: number;
  readonly lockDelayNanos: number;
  readonly otherEvents: number;
  /** Events whose stack is marked cut at the recording's depth (the deepest stacks are). */
  readonly truncatedEvents: number;
  readonly cpuFlat: Map<string, number>;
}

export interface GeneratedJfr {
  readonly bytes: Uint8Array;
  readonly truth: JfrTruth;
}

const T = {
  boolean: 4, char: 5, float: 6, double: 7, byte: 8, short: 9, int: 10, long: 11, String: 20, Class: 21, Thread: 22,
  ClassLoader: 23, FrameType: 24, ThreadState: 25, StackTrace: 26, StackFrame: 27, Method: 28, Package: 29, Symbol: 30,
  ExecutionSample: 101, AllocInNewTlab: 102, MonitorEnter: 104, ActiveSetting: 108, CpuLoad: 110, WallClock: 111, Custom: 112,
} as const;

const cp = (name: string, type: number) => ({ name, type, constantPool: true });
const CLASSES: readonly ClassDef[] = [
  ...(['boolean', 'char', 'float', 'double', 'byte', 'short', 'int', 'long'] as const).map((n) => ({ id: T[n], name: n, fields: [] })),
  { id: T.String, name: 'java.lang.String', fields: [] },
  { id: T.Class, name: 'java.lang.Class', fields: [cp('classLoader', T.ClassLoader), cp('name', T.Symbol), cp('package', T.Package), { name: 'modifiers', type: T.int }] },
  { id: T.ClassLoader, name: 'jdk.types.ClassLoader', fields: [cp('type', T.Class), cp('name', T.Symbol)] },
  { id: T.Thread, name: 'java.lang.Thread', fields: [{ name: 'osName', type: T.String }, { name: 'osThreadId', type: T.long }, { name: 'javaName', type: T.String }, { name: 'javaThreadId', type: T.long }] },
  { id: T.FrameType, name: 'jdk.types.FrameType', fields: [{ name: 'description', type: T.String }] },
  { id: T.ThreadState, name: 'jdk.types.ThreadState', fields: [{ name: 'name', type: T.String }] },
  { id: T.StackTrace, name: 'jdk.types.StackTrace', fields: [{ name: 'truncated', type: T.boolean }, { name: 'frames', type: T.StackFrame, array: true }] },
  { id: T.StackFrame, name: 'jdk.types.StackFrame', fields: [cp('method', T.Method), { name: 'lineNumber', type: T.int }, { name: 'bytecodeIndex', type: T.int }, cp('type', T.FrameType)] },
  { id: T.Method, name: 'jdk.types.Method', fields: [cp('type', T.Class), cp('name', T.Symbol), cp('descriptor', T.Symbol), { name: 'modifiers', type: T.int }, { name: 'hidden', type: T.boolean }] },
  { id: T.Package, name: 'jdk.types.Package', fields: [cp('name', T.Symbol)] },
  { id: T.Symbol, name: 'jdk.types.Symbol', fields: [{ name: 'string', type: T.String }] },
  { id: T.ExecutionSample, name: 'jdk.ExecutionSample', superType: 'jdk.jfr.Event', fields: [{ name: 'startTime', type: T.long }, cp('sampledThread', T.Thread), cp('stackTrace', T.StackTrace), cp('state', T.ThreadState), { name: 'contextId', type: T.long }] },
  { id: T.AllocInNewTlab, name: 'jdk.ObjectAllocationInNewTLAB', superType: 'jdk.jfr.Event', fields: [{ name: 'startTime', type: T.long }, cp('eventThread', T.Thread), cp('stackTrace', T.StackTrace), cp('objectClass', T.Class), { name: 'allocationSize', type: T.long }, { name: 'tlabSize', type: T.long }] },
  { id: T.MonitorEnter, name: 'jdk.JavaMonitorEnter', superType: 'jdk.jfr.Event', fields: [{ name: 'startTime', type: T.long }, { name: 'duration', type: T.long }, cp('eventThread', T.Thread), cp('stackTrace', T.StackTrace), cp('monitorClass', T.Class), cp('previousOwner', T.Thread), { name: 'address', type: T.long }] },
  { id: T.ActiveSetting, name: 'jdk.ActiveSetting', superType: 'jdk.jfr.Event', fields: [{ name: 'startTime', type: T.long }, { name: 'duration', type: T.long }, cp('eventThread', T.Thread), cp('stackTrace', T.StackTrace), { name: 'id', type: T.long }, { name: 'name', type: T.String }, { name: 'value', type: T.String }] },
  { id: T.CpuLoad, name: 'jdk.CPULoad', superType: 'jdk.jfr.Event', fields: [{ name: 'startTime', type: T.long }, { name: 'jvmUser', type: T.float }, { name: 'jvmSystem', type: T.float }, { name: 'machineTotal', type: T.float }] },
  { id: T.WallClock, name: 'profiler.WallClockSample', superType: 'jdk.jfr.Event', fields: [{ name: 'startTime', type: T.long }, cp('sampledThread', T.Thread), cp('stackTrace', T.StackTrace), cp('state', T.ThreadState), { name: 'samples', type: T.int }] },
  { id: T.Custom, name: 'com.example.Custom', superType: 'jdk.jfr.Event', fields: [{ name: 'startTime', type: T.long }, { name: 'ratio', type: T.double }, { name: 'note', type: T.String }, { name: 'codes', type: T.long, array: true }, { name: 'flag', type: T.char }] },
];

const STATES = ['STATE_RUNNABLE', 'STATE_SLEEPING'];

export function generateJfr(options: JfrGeneratorOptions): GeneratedJfr {
  const random = seededRandom(options.seed);
  const at = (n: number) => Math.floor(random() * n);
  const functions = options.functions ?? 300;
  const stackCount = options.stacks ?? 400;
  const maxDepth = options.maxDepth ?? 40;
  const threadCount = options.threads ?? 8;
  const events = options.events ?? 2000;
  const ticksPerSecond = options.ticksPerSecond ?? 1_000_000_000;
  const keyBase = options.bigKeys ? 1n << 60n : 1n;
  const key = (i: number): bigint => keyBase + BigInt(i);

  // Methods: class i/8 in package i/64; symbols: class names, method names.
  const className = (c: number) => `com/example/p${c >> 3}/Service${c}`;
  const methodName = (m: number) => `handle${m}`;
  const functionName = (m: number) => `${className(m >> 2)}.${methodName(m)}`;
  const stacks: number[][] = [];
  const leaf = zipfSampler(functions, 1.1, random);
  for (let s = 0; s < stackCount; s++) {
    const base = s > 0 && random() < 0.7 ? stacks[at(s)] : [];
    const depth = 1 + at(maxDepth);
    const frames = [leaf(), ...base.slice(-Math.min(base.length, depth - 1))];
    while (frames.length < depth) frames.push(at(functions));
    stacks.push(frames);
  }
  const pickStack = zipfSampler(stackCount, 1.05, random);
  const isTruncated = (frames: readonly number[]) => frames.length >= maxDepth - 2;

  const truth = { cpuSamples: 0, wallSamples: 0, allocBytes: 0, allocObjects: 0, lockContentions: 0, lockDelayNanos: 0, otherEvents: 0, truncatedEvents: 0, cpuFlat: new Map<string, number>() };
  const chunks: Uint8Array[] = [];
  const chunkCount = options.chunks ?? 1;
  for (let c = 0; c < chunkCount; c++) {
    const stringOf = stringWriter(options.mixedStrings ? random : undefined);
    const poolEvents = Math.max(1, options.poolEvents ?? 1);
    // Every pool's entries, written into the pool events round-robin.
    const pools: { type: number; entries: ((out: ByteSink) => void)[] }[] = [];
    const pool = (type: number) => {
      const p = { type, entries: [] as ((out: ByteSink) => void)[] };
      pools.push(p);
      return p;
    };
    const symbols = pool(T.Symbol);
    const stringPool = pool(T.String);
    const symbolKey = new Map<string, number>();
    const symbol = (s: string): number => {
      let k = symbolKey.get(s);
      if (k === undefined) {
        k = symbolKey.size;
        symbolKey.set(s, k);
        const viaPool = options.mixedStrings && random() < 0.3;
        if (viaPool) stringPool.entries.push((out) => out.varlong(key(k!)).string(s));
        symbols.entries.push((out) => {
          out.varlong(key(k!));
          if (viaPool) out.stringRef(key(k!));
          else stringOf(out, s);
        });
      }
      return k;
    };
    const classes = pool(T.Class);
    const methods = pool(T.Method);
    const packages = pool(T.Package);
    packages.entries.push((out) => out.varlong(key(0)).varlong(key(symbol('com/example'))));
    for (let k = 0; k < (functions >> 2) + 1; k++) {
      const nameKey = symbol(className(k));
      classes.entries.push((out) => out.varlong(key(k)).varlong(key(0)).varlong(key(nameKey)).varlong(key(0)).varlong(1));
    }
    for (let m = 0; m < functions; m++) {
      const nameKey = symbol(methodName(m));
      const descriptor = symbol('()V');
      methods.entries.push((out) => out.varlong(key(m)).varlong(key(m >> 2)).varlong(key(nameKey)).varlong(key(descriptor)).varlong(1).byte(0));
    }
    const traces = pool(T.StackTrace);
    stacks.forEach((frames, s) => {
      traces.entries.push((out) => {
        out.varlong(key(s)).byte(isTruncated(frames) ? 1 : 0).varlong(frames.length);
        for (const m of frames) out.varlong(key(m)).varlong(10 + (m % 50)).varlong(m).varlong(key(1));
      });
    });
    const frameTypes = pool(T.FrameType);
    ['Interpreted', 'JIT compiled', 'Inlined', 'Native'].forEach((d, i) => frameTypes.entries.push((out) => { out.varlong(key(i)); stringOf(out, d); }));
    const states = pool(T.ThreadState);
    STATES.forEach((s, i) => states.entries.push((out) => { out.varlong(key(i)); stringOf(out, s); }));
    const threads = pool(T.Thread);
    for (let t = 0; t < threadCount; t++) {
      threads.entries.push((out) => {
        out.varlong(key(t));
        stringOf(out, `worker-${t}`);
        out.varlong(1000 + t);
        stringOf(out, `pool-1-thread-${t}`);
        out.varlong(t + 1);
      });
    }

    const eventBytes: Uint8Array[] = [];
    const event = (write: (out: ByteSink) => void) => {
      const body = new ByteSink();
      write(body);
      eventBytes.push(sized(body.view(), options.padSizes ?? false));
    };
    const ticks = () => 1_000_000 + at(1e9);
    event((out) => {
      out.varlong(T.ActiveSetting).varlong(ticks()).varlong(0).varlong(key(0)).varlong(0).varlong(T.ExecutionSample);
      stringOf(out, 'period');
      stringOf(out, '10 ms');
    });
    for (let e = 0; e < events; e++) {
      const kind = random();
      const s = pickStack();
      const thread = key(at(threadCount));
      if (kind < 0.55) {
        const state = random() < 0.9 ? 0 : 1;
        event((out) => out.varlong(T.ExecutionSample).varlong(ticks()).varlong(thread).varlong(key(s)).varlong(key(state)).varlong(0));
        if (state === 0) {
          truth.cpuSamples++;
          if (isTruncated(stacks[s])) truth.truncatedEvents++;
          const name = functionName(stacks[s][0]);
          truth.cpuFlat.set(name, (truth.cpuFlat.get(name) ?? 0) + 1);
        }
      } else if (kind < 0.7) {
        const size = 16 + at(4096);
        const tlab = size * (8 + at(64));
        event((out) => out.varlong(T.AllocInNewTlab).varlong(ticks()).varlong(thread).varlong(key(s)).varlong(key(at(functions >> 2))).varlong(size).varlong(tlab));
        truth.allocObjects++;
        if (isTruncated(stacks[s])) truth.truncatedEvents++;
        truth.allocBytes += tlab;
      } else if (kind < 0.78) {
        const duration = 1000 + at(5_000_000);
        event((out) => out.varlong(T.MonitorEnter).varlong(ticks()).varlong(duration).varlong(thread).varlong(key(s)).varlong(key(0)).varlong(key(0)).varlong(0x7f00_0000 + at(1e6)));
        truth.lockContentions++;
        if (isTruncated(stacks[s])) truth.truncatedEvents++;
        truth.lockDelayNanos += (duration * 1e9) / ticksPerSecond;
      } else if (kind < 0.88 && options.wallClock !== false) {
        const samples = 1 + at(3);
        event((out) => out.varlong(T.WallClock).varlong(ticks()).varlong(thread).varlong(key(s)).varlong(key(1)).varlong(samples));
        truth.wallSamples += samples;
        if (isTruncated(stacks[s])) truth.truncatedEvents++;
      } else if (kind < 0.94 || (kind < 0.88 && options.wallClock === false)) {
        event((out) => out.varlong(T.CpuLoad).varlong(ticks()).f32(random()).f32(random()).f32(random()));
        truth.otherEvents++;
      } else {
        event((out) => {
          out.varlong(T.Custom).varlong(ticks()).f64(random());
          stringOf(out, `note ${at(100)} — ünïcödé`);
          const n = at(5);
          out.varlong(n);
          for (let i = 0; i < n; i++) out.varlong(at(1e12));
          out.varlong(0x263a);
        });
        truth.otherEvents++;
      }
    }

    const poolBodies = Array.from({ length: poolEvents }, (_, part) => (delta: number) => {
      const body = new ByteSink();
      const parts = pools.map((p) => ({ type: p.type, entries: p.entries.filter((_, i) => i % poolEvents === part) })).filter((p) => p.entries.length > 0);
      body.varlong(1).varlong(ticks()).varlong(0).varlong(delta).byte(part === poolEvents - 1 ? 1 : 0).varlong(parts.length);
      for (const p of parts) {
        body.varlong(p.type).varlong(p.entries.length);
        for (const write of p.entries) write(body);
      }
      return sized(body.view(), false);
    });
    chunks.push(chunk({ metadata: metadataEvent(CLASSES), poolBodies, events: eventBytes, ticksPerSecond, startNanos: 1_700_000_000_000_000_000 + c * 10_000_000_000 }));
  }
  const total = chunks.reduce((n, b) => n + b.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const b of chunks) {
    bytes.set(b, offset);
    offset += b.length;
  }
  return { bytes, truth };
}

/** Writes strings in one encoding, or a random one of UTF-8, Latin-1 and char arrays. */
function stringWriter(random: (() => number) | undefined): (out: ByteSink, s: string) => void {
  if (!random) return (out, s) => void out.string(s);
  const encodings = ['utf8', 'latin1', 'chars'] as const;
  return (out, s) => void out.string(s, encodings[Math.floor(random() * 3)]);
}

/** A recording of about `targetBytes` (decompressed), for the benchmark. */
export function generateJfrOfSize(seed: number, targetBytes: number, wallClock = true): GeneratedJfr {
  const shape = { seed, events: 20_000, functions: 20_000, stacks: 40_000, maxDepth: 60, padSizes: true, poolEvents: 4, wallClock };
  const probe = generateJfr(shape);
  const chunks = Math.max(1, Math.round(targetBytes / probe.bytes.length));
  return chunks === 1 ? probe : generateJfr({ ...shape, chunks });
}

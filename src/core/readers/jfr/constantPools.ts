/**
 * A chunk's constant pools: the values events refer to by key (stack traces, methods, classes, symbols, threads,
 * thread states, strings). They are spread over one or more constant pool events: the chunk header points at the
 * last one, and each names the relative offset of the one before it (0 ends the chain).
 *
 * Event layout: size, type id 1, start time, duration, delta to the previous pool event, flush flag, pool count;
 * then per pool `class id, entry count, (key, value)…`, a value being one instance of that class.
 *
 * Only the pools a profile needs are kept, as maps from key to the few fields used; every other pool is read
 * past with its class's StructReader. Keys are only meaningful inside their chunk.
 */
import type { ChunkHeader } from './chunkHeader';
import { JfrCursor, JfrMalformed, StringRef, type JfrKey } from './cursor';
import type { JfrClass, Metadata } from './metadata';
import { InlinePlans, StructReader, type Slot } from './structReader';
import { KeyIndex } from './keyIndex';
import { GrowableInt32 } from '../../aggregate/growable';

type Text = string | StringRef | undefined;

export class ChunkPools {
  readonly strings = new Map<JfrKey, Text>();
  readonly symbols = new Map<JfrKey, Text>();
  /** Class key → the key of its name symbol. */
  readonly classNames = new Map<JfrKey, JfrKey>();
  /** Method key → its class key and its name symbol key. */
  readonly methodClass = new Map<JfrKey, JfrKey>();
  readonly methodName = new Map<JfrKey, JfrKey>();
  /** Stack trace key → its index; its frames are `frameMethod/frameLine[frameStart[i] .. frameStart[i + 1])`, leaf first. */
  readonly stackTraces = new KeyIndex();
  readonly frameStart = new GrowableInt32();
  /**
   * Frames `0 .. frameCount`: method keys (the key itself; for a key beyond 2^53, -(1 + its index in
   * `bigMethodKeys`); NaN for none) and line numbers.
   */
  frameCount = 0;
  frameMethod = new Float64Array(1024);
  frameLine = new Int32Array(1024);
  readonly bigMethodKeys: string[] = [];
  /** Per stack trace index: 1 when it was cut at the recording's maximum depth (its root frames are missing). */
  readonly stackTruncated = new GrowableInt32();
  /** Thread key → its Java name (or OS name for native threads). */
  readonly threads = new Map<JfrKey, string>();
  readonly threadStates = new Map<JfrKey, string>();

  constructor(previous?: ChunkPools) {
    this.frameStart.push(0);
    // The previous chunk's frame arrays, already grown to a chunk's size, are reused rather than grown again.
    if (previous) {
      this.frameMethod = previous.frameMethod;
      this.frameLine = previous.frameLine;
    }
  }

  /** A string field's text, following a reference into the string pool. */
  text(value: Text | Slot): string {
    if (typeof value === 'string') return value;
    if (value instanceof StringRef) {
      const s = this.strings.get(value.key);
      return typeof s === 'string' ? s : '';
    }
    return '';
  }

  /** Room for `n` more frames. */
  reserveFrames(n: number): void {
    const need = this.frameCount + n;
    if (need <= this.frameMethod.length) return;
    let size = this.frameMethod.length * 2;
    while (size < need) size *= 2;
    const methods = new Float64Array(size);
    methods.set(this.frameMethod.subarray(0, this.frameCount));
    const lines = new Int32Array(size);
    lines.set(this.frameLine.subarray(0, this.frameCount));
    this.frameMethod = methods;
    this.frameLine = lines;
  }

  /** The method key of frame f. */
  methodOfFrame(f: number): JfrKey {
    const m = this.frameMethod[f];
    if (m >= 0) return m;
    return m < 0 ? this.bigMethodKeys[-1 - m] : -1; // NaN: the frame names no method
  }

  symbol(key: JfrKey | undefined): string {
    return key === undefined ? '' : this.text(this.symbols.get(key));
  }
}

/** Longest chain of pool events followed in one chunk (a JDK flushes about once a second, chunks last minutes). */
const MAX_POOL_EVENTS = 1_000_000;

/** Reads every constant pool event of the chunk. */
export function readConstantPools(buf: Uint8Array, header: ChunkHeader, metadata: Metadata, plans: InlinePlans, previous?: ChunkPools): ChunkPools {
  const pools = new ChunkPools(previous);
  const readers = new PoolReaders(metadata, plans, pools);
  const chunkEnd = header.start + header.size;
  const seen = new Set<number>();
  let at = header.start + header.constantPoolOffset;
  for (;;) {
    if (seen.has(at) || seen.size >= MAX_POOL_EVENTS) throw new JfrMalformed(`constant pool events at byte ${at} form a loop`);
    seen.add(at);
    const delta = readPoolEvent(buf, at, chunkEnd, metadata, readers);
    if (delta === 0) break;
    at += delta;
    if (at < header.start || at >= chunkEnd) throw new JfrMalformed(`a constant pool event points outside its chunk (offset ${delta})`);
  }
  return pools;
}

function readPoolEvent(buf: Uint8Array, start: number, chunkEnd: number, metadata: Metadata, readers: PoolReaders): number {
  const c = new JfrCursor(buf, start, chunkEnd);
  const size = c.varlong();
  if (size <= 0 || start + size > chunkEnd) throw new JfrMalformed(`constant pool event at byte ${start} has size ${size}, past the end of its chunk`);
  c.end = start + size;
  const type = c.varlong();
  if (type !== 1) throw new JfrMalformed(`the event at byte ${start} should be a constant pool (type 1) but has type ${type}`);
  c.varlong(); // start time
  c.varlong(); // duration
  const delta = c.signedLong();
  c.byte(); // flush
  const poolCount = c.count('constant pool count', 2);
  for (let p = 0; p < poolCount; p++) {
    const classId = c.varlong();
    const cls = metadata.byId.get(classId);
    if (!cls) throw new JfrMalformed(`constant pool at byte ${c.pos} is of class id ${classId}, which the metadata does not declare`);
    const entries = c.count(`${cls.name} pool size`, 2);
    readers.read(cls, c, entries);
    c.within(`${cls.name} constant pool`, start);
  }
  return delta;
}

/** Wanted fields of each kept pool, in slot order. */
const SYMBOL = ['string'];
const CLASS = ['name'];
const METHOD = ['type', 'name'];
const THREAD = ['javaName', 'osName'];
const THREAD_STATE = ['name'];
const FRAME = ['method', 'lineNumber'];

class PoolReaders {
  private readonly structs = new Map<string, StructReader>();
  private readonly out: Slot[] = [undefined, undefined];

  constructor(
    private readonly metadata: Metadata,
    private readonly plans: InlinePlans,
    private readonly pools: ChunkPools,
  ) {}

  private reader(cls: JfrClass, wanted: readonly string[]): StructReader {
    let reader = this.structs.get(cls.name);
    if (!reader) {
      reader = StructReader.of(this.metadata, cls, wanted, this.plans);
      this.structs.set(cls.name, reader);
    }
    return reader;
  }

  read(cls: JfrClass, c: JfrCursor, entries: number): void {
    const pools = this.pools;
    const out = this.out;
    switch (cls.name) {
      case 'java.lang.String':
        for (let i = 0; i < entries; i++) {
          const key = c.key();
          pools.strings.set(key, c.string());
        }
        return;
      case 'jdk.types.Symbol':
        return this.each(cls, SYMBOL, c, entries, (key) => pools.symbols.set(key, out[0] as Text));
      case 'java.lang.Class':
        return this.each(cls, CLASS, c, entries, (key) => {
          if (out[0] !== undefined) pools.classNames.set(key, out[0] as JfrKey);
        });
      case 'jdk.types.Method':
        return this.each(cls, METHOD, c, entries, (key) => {
          if (out[0] !== undefined) pools.methodClass.set(key, out[0] as JfrKey);
          if (out[1] !== undefined) pools.methodName.set(key, out[1] as JfrKey);
        });
      case 'java.lang.Thread':
        return this.each(cls, THREAD, c, entries, (key) => {
          const name = pools.text(out[0]) || pools.text(out[1]);
          pools.threads.set(key, name);
        });
      case 'jdk.types.ThreadState':
        return this.each(cls, THREAD_STATE, c, entries, (key) => pools.threadStates.set(key, pools.text(out[0])));
      case 'jdk.types.StackTrace':
        return this.stackTraces(cls, c, entries);
      default: {
        const reader = this.reader(cls, []);
        for (let i = 0; i < entries; i++) {
          c.varlong();
          reader.skip(c);
        }
      }
    }
  }

  private each(cls: JfrClass, wanted: readonly string[], c: JfrCursor, entries: number, keep: (key: JfrKey) => void): void {
    const reader = this.reader(cls, wanted);
    const out = this.out;
    for (let i = 0; i < entries; i++) {
      const key = c.key();
      out[0] = undefined;
      out[1] = undefined;
      reader.read(c, out);
      keep(key);
    }
  }

  /**
   * Stack traces: `truncated`, then `frames`, an array of inline jdk.types.StackFrame (method key, line…). They
   * are most of a recording's bytes, so frames made only of integers (every JDK and async-profiler writes them
   * so) are read as a run of varlongs without the general field reader.
   */
  private stackTraces(cls: JfrClass, c: JfrCursor, entries: number): void {
    const pools = this.pools;
    const trace = this.reader(cls, []);
    const framesField = trace.fieldIndex('frames');
    const truncatedField = trace.fieldIndex('truncated');
    const frameReader = framesField >= 0 ? trace.inlineReader(framesField) : undefined;
    if (!frameReader || !cls.fields[framesField].array) {
      throw new JfrMalformed('jdk.types.StackTrace has no inline array of frames; this recording\'s layout is not supported');
    }
    const frame = StructReader.of(this.metadata, frameReader.cls, FRAME, this.plans);
    const fast = frame.onlyVarlongs;
    const methodField = frameReader.cls.fields.findIndex((f) => f.name === 'method');
    const lineField = frameReader.cls.fields.findIndex((f) => f.name === 'lineNumber');
    const frameFields = frame.fieldCount;
    const truncatedIsFlag = truncatedField >= 0 && !cls.fields[truncatedField].array && cls.fields[truncatedField].typeId === this.metadata.byName.get('boolean')?.id;
    const fieldCount = cls.fields.length;
    const out = this.out;
    const buf = c.buf;
    for (let i = 0; i < entries; i++) {
      const key = c.key();
      let truncated = 0;
      for (let f = 0; f < fieldCount; f++) {
        if (f === truncatedField && truncatedIsFlag) {
          truncated = c.byte() === 0 ? 0 : 1;
          continue;
        }
        if (f !== framesField) {
          trace.skipField(c, f);
          continue;
        }
        const n = c.count('stack depth');
        pools.reserveFrames(n);
        const methods = pools.frameMethod;
        const lines = pools.frameLine;
        let at = pools.frameCount;
        if (fast) {
          // One- and two-byte varlongs inline; longer ones through the cursor.
          let pos = c.pos;
          for (let k = 0; k < n; k++, at++) {
            let method = NaN;
            let line = 0;
            for (let field = 0; field < frameFields; field++) {
              let v = buf[pos];
              if (v < 0x80) pos++;
              else if (buf[pos + 1] < 0x80) {
                v = (v & 0x7f) | (buf[pos + 1] << 7);
                pos += 2;
              } else {
                c.pos = pos;
                v = c.varlong();
                pos = c.pos;
              }
              if (field === methodField) method = v < TWO_POW_53 ? v : bigKey(pools, c.keyOf(v) as string);
              else if (field === lineField) line = v | 0;
            }
            methods[at] = method;
            lines[at] = line;
          }
          c.pos = pos;
        } else {
          for (let k = 0; k < n; k++, at++) {
            out[0] = undefined;
            out[1] = undefined;
            frame.read(c, out);
            const method = out[0];
            methods[at] = typeof method === 'number' ? method : typeof method === 'string' ? bigKey(pools, method) : NaN;
            lines[at] = typeof out[1] === 'number' ? out[1] | 0 : 0;
          }
        }
        pools.frameCount = at;
      }
      if (c.pos > c.end) throw new JfrMalformed(`truncated stack trace ending at byte ${c.pos}`);
      pools.stackTraces.set(key, pools.frameStart.length - 1);
      pools.frameStart.push(pools.frameCount);
      pools.stackTruncated.push(truncated);
    }
  }
}

const TWO_POW_53 = 9007199254740992;

/** Stores a method key beyond 2^53 aside and returns its negative stand-in. */
function bigKey(pools: ChunkPools, key: string): number {
  pools.bigMethodKeys.push(key);
  return -pools.bigMethodKeys.length;
}

/**
 * A chunk's events, after its metadata and constant pools: each is `size, type id, fields…`. The kinds that make
 * profiles are read into the Recording as Grafana Pyroscope's converter reads them; every other kind is counted
 * and stepped over by its size.
 *
 * - jdk.ExecutionSample → CPU (unless the thread state is STATE_SLEEPING); also wall time when async-profiler ran
 *   in wall-clock mode (its `event` setting is "wall").
 * - profiler.WallClockSample (async-profiler 3+) → wall time, `samples` samples per event; in wall-clock mode a
 *   sample of a RUNNABLE thread also counts as CPU.
 * - jdk.ObjectAllocationInNewTLAB → 1 object and the TLAB's size; …OutsideTLAB → 1 object and its size;
 *   jdk.ObjectAllocationSample → 1 object and its weight; profiler.LiveObject → 1 live object;
 *   profiler.Malloc → 1 allocation and its size.
 * - jdk.JavaMonitorEnter → mutex, jdk.ThreadPark → block: 1 contention and its duration in nanoseconds.
 * - jdk.NativeMethodSample → a native-code sample (kept apart; Pyroscope drops these).
 * - jdk.ActiveSetting → the sampling intervals and async-profiler's mode.
 */
import type { ChunkHeader } from './chunkHeader';
import { CHUNK_HEADER_BYTES } from './chunkHeader';
import type { ChunkPools } from './constantPools';
import { JfrCursor, JfrMalformed, type JfrKey } from './cursor';
import type { Metadata } from './metadata';
import type { Correlation, Recording } from './recording';
import { Group } from './sampleGroups';
import { InlinePlans, StructReader, type Slot } from './structReader';

const enum Kind {
  Execution,
  WallClock,
  NativeMethod,
  AllocInNewTlab,
  AllocOutsideTlab,
  AllocSample,
  Live,
  Malloc,
  MonitorEnter,
  ThreadPark,
  ActiveSetting,
}

const KIND_OF_EVENT: ReadonlyMap<string, Kind> = new Map([
  ['jdk.ExecutionSample', Kind.Execution],
  ['profiler.WallClockSample', Kind.WallClock],
  ['jdk.NativeMethodSample', Kind.NativeMethod],
  ['jdk.ObjectAllocationInNewTLAB', Kind.AllocInNewTlab],
  ['jdk.ObjectAllocationOutsideTLAB', Kind.AllocOutsideTlab],
  ['jdk.ObjectAllocationSample', Kind.AllocSample],
  ['profiler.LiveObject', Kind.Live],
  ['profiler.Malloc', Kind.Malloc],
  ['jdk.JavaMonitorEnter', Kind.MonitorEnter],
  ['jdk.ThreadPark', Kind.ThreadPark],
  ['jdk.ActiveSetting', Kind.ActiveSetting],
]);

/** Every field any handled event is read for, in slot order. */
const FIELDS = [
  'stackTrace', 'sampledThread', 'eventThread', 'state', 'contextId', 'spanId', 'spanName', 'samples', 'tlabSize',
  'allocationSize', 'weight', 'size', 'duration', 'id', 'name', 'value',
] as const;
const enum F {
  StackTrace, SampledThread, EventThread, State, ContextId, SpanId, SpanName, Samples, TlabSize, AllocationSize,
  Weight, Size, Duration, Id, Name, Value,
}

interface Handler {
  readonly kind: Kind;
  readonly name: string;
  readonly reader: StructReader;
  count: number;
}

/** Reads the events of one chunk into `recording` (whose current chunk is `pools`). */
export function readChunkEvents(buf: Uint8Array, header: ChunkHeader, metadata: Metadata, pools: ChunkPools, plans: InlinePlans, recording: Recording): void {
  const handlers = new Map<number, Handler>();
  for (const cls of metadata.byId.values()) {
    const kind = KIND_OF_EVENT.get(cls.name);
    if (kind !== undefined) handlers.set(cls.id, { kind, name: cls.name, reader: StructReader.of(metadata, cls, FIELDS, plans), count: 0 });
  }
  const executionSampleId = metadata.byName.get('jdk.ExecutionSample')?.id ?? -1;
  const ticksToNanos = 1e9 / header.ticksPerSecond;
  const end = header.start + header.size;
  const c = new JfrCursor(buf, header.start + CHUNK_HEADER_BYTES, end);
  const out: Slot[] = new Array(FIELDS.length).fill(undefined);
  const correlation: Correlation = { contextId: 0, spanId: 0, spanName: 0 };
  const counts = recording.eventCounts;
  const otherCounts = new Map<number, number>();
  const sleeping = new Map<JfrKey, boolean>();
  const isSleeping = (state: Slot): boolean => {
    if (state === undefined || typeof state === 'object') return false;
    let known = sleeping.get(state);
    if (known === undefined) {
      known = pools.threadStates.get(state) === 'STATE_SLEEPING';
      sleeping.set(state, known);
    }
    return known;
  };
  const isRunnable = (state: Slot): boolean => state !== undefined && typeof state !== 'object' && pools.threadStates.get(state) === 'STATE_RUNNABLE';

  try {
    while (c.pos < end) {
      const start = c.pos;
      const size = c.varlong();
      if (size <= 0 || start + size > end) throw new JfrMalformed(`event at byte ${start} has size ${size}, past the end of its chunk at byte ${end}`);
      const type = c.varlong();
      const handler = handlers.get(type);
      if (type <= 1 || !handler) {
        // Metadata and constant pool events (already read) and kinds no profile is made of.
        if (type > 1) otherCounts.set(type, (otherCounts.get(type) ?? 0) + 1);
        c.pos = start + size;
        continue;
      }
      c.end = start + size;
      out.fill(undefined);
      handler.reader.read(c, out);
      if (c.pos > c.end) throw new JfrMalformed(`${handler.name} event at byte ${start} runs past its size of ${size} bytes`);
      c.pos = start + size;
      c.end = end;
      handler.count++;

      correlation.contextId = num(out[F.ContextId]);
      correlation.spanId = num(out[F.SpanId]);
      correlation.spanName = num(out[F.SpanName]);
      const thread = (out[F.SampledThread] ?? out[F.EventThread]) as JfrKey | undefined;
      switch (handler.kind) {
        case Kind.Execution: {
          const cpu = !isSleeping(out[F.State]);
          const wall = recording.profilerEvent === 'wall';
          if (!cpu && !wall) break;
          const stack = recording.stack(out[F.StackTrace] as JfrKey | undefined);
          if (stack < 0) break;
          const labels = recording.labelSet(thread, correlation);
          if (cpu) recording.rowsOf(Group.Cpu).add(stack, labels, 1, 0);
          if (wall) recording.rowsOf(Group.Wall).add(stack, labels, 1, 0);
          break;
        }
        case Kind.WallClock: {
          const samples = typeof out[F.Samples] === 'number' ? (out[F.Samples] as number) : 1;
          const stack = recording.stack(out[F.StackTrace] as JfrKey | undefined);
          if (stack < 0) break;
          const labels = recording.labelSet(thread, correlation);
          recording.rowsOf(Group.Wall).add(stack, labels, samples, 0);
          if (recording.profilerEvent === 'wall' && isRunnable(out[F.State])) recording.rowsOf(Group.Cpu).add(stack, labels, samples, 0);
          break;
        }
        case Kind.NativeMethod:
          add(recording, Group.NativeMethod, out, thread, correlation, 1, 0);
          break;
        case Kind.AllocInNewTlab:
          add(recording, Group.AllocInNewTlab, out, thread, correlation, 1, num0(out[F.TlabSize]));
          break;
        case Kind.AllocOutsideTlab:
          add(recording, Group.AllocOutsideTlab, out, thread, correlation, 1, num0(out[F.AllocationSize]));
          break;
        case Kind.AllocSample:
          add(recording, Group.AllocSample, out, thread, correlation, 1, num0(out[F.Weight]));
          break;
        case Kind.Live:
          add(recording, Group.Live, out, thread, correlation, 1, 0);
          break;
        case Kind.Malloc:
          add(recording, Group.Malloc, out, thread, correlation, 1, num0(out[F.Size]));
          break;
        case Kind.MonitorEnter:
          add(recording, Group.Lock, out, thread, correlation, 1, num0(out[F.Duration]) * ticksToNanos);
          break;
        case Kind.ThreadPark:
          add(recording, Group.ThreadPark, out, thread, correlation, 1, num0(out[F.Duration]) * ticksToNanos);
          break;
        case Kind.ActiveSetting:
          setting(recording, pools.text(out[F.Name]), pools.text(out[F.Value]), out[F.Id], executionSampleId);
          break;
      }
    }
  } finally {
    for (const h of handlers.values()) {
      recording.usedEvents += h.count;
      if (h.count > 0) counts.set(h.name, (counts.get(h.name) ?? 0) + h.count);
    }
    for (const [type, n] of otherCounts) {
      recording.otherEvents += n;
      const name = metadata.byId.get(type)?.name ?? `type ${type}`;
      counts.set(name, (counts.get(name) ?? 0) + n);
    }
  }
}

function add(recording: Recording, group: Group, out: Slot[], thread: JfrKey | undefined, correlation: Correlation, v0: number, v1: number): void {
  const stack = recording.stack(out[F.StackTrace] as JfrKey | undefined);
  if (stack < 0) return;
  recording.rowsOf(group).add(stack, recording.labelSet(thread, correlation), v0, v1);
}

/** An integer slot as a key (0 when absent). */
function num(slot: Slot): JfrKey {
  return slot === undefined || typeof slot === 'object' ? 0 : slot;
}

/** An integer slot as a number (0 when absent; 64-bit values beyond 2^53 as their nearest double). */
function num0(slot: Slot): number {
  if (typeof slot === 'number') return slot;
  if (typeof slot === 'string') {
    const [hi, lo] = slot.split(':').map(Number);
    return hi * 4294967296 + lo;
  }
  return 0;
}

/**
 * Settings that say how often samples were taken. The JDK states each event type's `period` ("20 ms", id = the
 * event type); async-profiler states its `event` (cpu, itimer, wall…), `interval` (ns) and `wall` interval.
 */
function setting(recording: Recording, name: string, value: string, id: Slot, executionSampleId: number): void {
  switch (name) {
    case 'event':
      recording.profilerEvent = value;
      return;
    case 'interval': {
      const nanos = durationNanos(value);
      if (nanos > 0) recording.cpuIntervalNanos = nanos;
      return;
    }
    case 'wall': {
      const nanos = durationNanos(value);
      if (nanos > 0) recording.wallIntervalNanos = nanos;
      return;
    }
    case 'period':
      if (id === executionSampleId && id !== -1) {
        const nanos = durationNanos(value);
        if (nanos > 0) recording.cpuIntervalNanos = nanos;
      }
      return;
  }
}

const UNIT_NANOS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9 };

/** "20 ms", "10000000", "1 s", "10ms" → nanoseconds; 0 when it is not a duration ("off", "everyChunk"). */
export function durationNanos(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|ms|s|m|h|d)?\s*$/.exec(text);
  if (!m) return 0;
  return Number(m[1]) * UNIT_NANOS[m[2] ?? 'ns'];
}

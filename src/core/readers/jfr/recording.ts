/**
 * Everything read from a recording so far, chunk after chunk: the shared tables, one SampleRows per kind of
 * event, the settings that give sampling periods, and counts for the notes. Per chunk it resolves the chunk's
 * keys (stack traces, threads) into shared indices once, with caches that are dropped when the chunk ends.
 */
import type { ChunkPools } from './constantPools';
import type { JfrKey } from './cursor';
import { frameName, stableSymbol } from './frameNames';
import type { LabelsSnapshot } from './labelsSnapshot';
import { KeyIndex } from './keyIndex';
import { RecordingTables } from './recordingTables';
import { Group, GROUP_ORDER } from './sampleGroups';
import { SampleRows } from './sampleRows';

/**
 * The label naming the Java thread of a sample. Not `thread_name`: Pyroscope agents commonly send that as one of
 * their own context labels, which win over this one when both are there.
 */
export const THREAD_LABEL = 'thread';
/** Labels Pyroscope's converter gives samples carrying a span id / span name (tracing integration). */
export const SPAN_ID_LABEL = 'profile_id';
export const SPAN_NAME_LABEL = 'span_name';

/** An event's tracing context: the Pyroscope agent's context id (its labels) and span. All 0 when absent. */
export interface Correlation {
  contextId: JfrKey;
  spanId: JfrKey;
  spanName: JfrKey;
}

export class Recording {
  readonly tables: RecordingTables;
  readonly rows = new Map<Group, SampleRows>();
  /** Sampling intervals found in the recording's settings, in nanoseconds (0: not stated). */
  cpuIntervalNanos = 0;
  wallIntervalNanos = 0;
  /** async-profiler's `event` setting: "cpu", "itimer", "wall"... ("" when absent). */
  profilerEvent = '';
  readonly eventCounts = new Map<string, number>();
  /** Events of the kinds read, and of all other kinds (read past). */
  usedEvents = 0;
  otherEvents = 0;
  missingStacks = 0;
  missingFrames = 0;
  /** Events whose stack was cut at the recording's maximum depth. */
  truncatedStacks = 0;

  // Per-chunk caches (keys are chunk-local).
  private pools: ChunkPools | undefined;
  /** Stack trace key → (shared stack + 1) × 2 + 1 when the trace was cut at the recording's depth (0: not there). */
  private stackOfKey = new KeyIndex();
  /** Method key → function + 1 (0: its method or class is not there). */
  private functionOfMethod = new KeyIndex();
  private threadNameOfKey = new Map<JfrKey, number>();
  /** Recording-wide: thread name id → correlation id → label set. */
  private readonly labelSetOf = new Map<number, Map<number, number>>();
  private readonly correlationIds = new Map<string, number>();
  private readonly correlationPairs: (readonly number[])[] = [[]];
  private readonly threadLabelKey: number;
  private scratch = new Int32Array(256);

  constructor(
    maxStrings: number,
    /** The Pyroscope agent's labels; undefined when the recording came without (no context labels then). */
    private readonly labels: LabelsSnapshot | undefined,
  ) {
    this.tables = new RecordingTables(maxStrings);
    this.threadLabelKey = this.tables.string(THREAD_LABEL);
  }

  beginChunk(pools: ChunkPools): void {
    this.pools = pools;
    this.stackOfKey = new KeyIndex(pools.stackTraces.count);
    this.functionOfMethod = new KeyIndex(pools.methodName.size);
    this.threadNameOfKey = new Map();
  }

  endChunk(): void {
    this.pools = undefined;
  }

  rowsOf(group: Group): SampleRows {
    let rows = this.rows.get(group);
    if (!rows) {
      rows = new SampleRows(group === Group.Live || group === Group.NativeMethod || group === Group.Cpu || group === Group.Wall ? 1 : 2);
      this.rows.set(group, rows);
    }
    return rows;
  }

  /** The shared stack of a stack trace key of the current chunk; -1 (counted) when the chunk has no such trace. */
  stack(key: JfrKey | undefined): number {
    if (key === undefined) {
      this.missingStacks++;
      return -1;
    }
    const known = this.stackOfKey.get(key);
    if (known >= 0) {
      const stack = (known >> 1) - 1;
      if (stack < 0) this.missingStacks++;
      this.truncatedStacks += known & 1;
      return stack;
    }
    const pools = this.pools!;
    const index = pools.stackTraces.get(key);
    let stack = -1;
    if (index < 0) this.missingStacks++;
    else {
      const start = pools.frameStart.data[index];
      const end = pools.frameStart.data[index + 1];
      if (this.scratch.length < end - start) this.scratch = new Int32Array(Math.max(end - start, this.scratch.length * 2));
      const locations = this.scratch;
      let n = 0;
      for (let f = start; f < end; f++) {
        const fn = this.functionOf(pools.methodOfFrame(f));
        if (fn < 0) {
          this.missingFrames++;
          continue;
        }
        locations[n++] = this.tables.location(fn, Math.max(0, pools.frameLine[f]));
      }
      stack = this.tables.stack(locations, n);
    }
    const truncated = index >= 0 && stack >= 0 ? pools.stackTruncated.data[index] : 0;
    this.truncatedStacks += truncated;
    this.stackOfKey.set(key, ((stack + 1) << 1) | truncated);
    return stack;
  }

  private functionOf(method: JfrKey): number {
    const known = this.functionOfMethod.get(method);
    if (known >= 0) return known - 1;
    const pools = this.pools!;
    const classKey = pools.methodClass.get(method);
    const nameKey = pools.methodName.get(method);
    let fn = -1;
    // As Pyroscope: a frame whose method or class is not in the pools is left out of the stack.
    if (classKey !== undefined && nameKey !== undefined && pools.classNames.has(classKey)) {
      const className = stableSymbol(pools.symbol(pools.classNames.get(classKey)));
      fn = this.tables.functionNamed(frameName(className, stableSymbol(pools.symbol(nameKey))));
    }
    this.functionOfMethod.set(method, fn + 1);
    return fn;
  }

  /** The label set of an event: its thread's name and, with the agent's labels snapshot, its context's labels. */
  labelSet(thread: JfrKey | undefined, correlation: Correlation | undefined): number {
    const threadName = thread === undefined ? 0 : this.threadName(thread);
    const correlationId = correlation && this.labels ? this.correlationId(correlation, this.labels) : 0;
    let byCorrelation = this.labelSetOf.get(threadName);
    if (!byCorrelation) {
      byCorrelation = new Map();
      this.labelSetOf.set(threadName, byCorrelation);
    }
    let set = byCorrelation.get(correlationId);
    if (set === undefined) {
      const pairs = [...this.correlationPairs[correlationId]];
      if (threadName !== 0 && !hasKey(pairs, this.threadLabelKey)) pairs.push(this.threadLabelKey, threadName);
      set = this.tables.labelSet(sortedPairs(pairs, this.tables.strings));
      byCorrelation.set(correlationId, set);
    }
    return set;
  }

  private threadName(key: JfrKey): number {
    let id = this.threadNameOfKey.get(key);
    if (id === undefined) {
      const name = this.pools!.threads.get(key) ?? '';
      id = name === '' ? 0 : this.tables.string(name);
      this.threadNameOfKey.set(key, id);
    }
    return id;
  }

  private correlationId(correlation: Correlation, labels: LabelsSnapshot): number {
    const { contextId, spanId, spanName } = correlation;
    if (contextId === 0 && spanId === 0 && spanName === 0) return 0;
    const key = `${contextId}/${spanId}/${spanName}`;
    let id = this.correlationIds.get(key);
    if (id === undefined) {
      const pairs: number[] = [];
      const context = typeof contextId === 'number' ? labels.contexts.get(contextId) : undefined;
      if (context) {
        for (const [k, v] of context) {
          const name = labels.strings.get(k);
          const value = labels.strings.get(v);
          if (name && value !== undefined) pairs.push(this.tables.string(name), this.tables.string(value));
        }
      }
      if (spanId !== 0) pairs.push(this.tables.string(SPAN_ID_LABEL), this.tables.string(hex16(spanId)));
      const spanNameText = typeof spanName === 'number' && spanName !== 0 ? labels.strings.get(spanName) : undefined;
      if (spanNameText) pairs.push(this.tables.string(SPAN_NAME_LABEL), this.tables.string(spanNameText));
      id = this.correlationPairs.length;
      this.correlationPairs.push(pairs);
      this.correlationIds.set(key, id);
    }
    return id;
  }

  /** The profiles with samples, CPU first. */
  groupsWithSamples(): Group[] {
    return GROUP_ORDER.filter((g) => (this.rows.get(g)?.count ?? 0) > 0);
  }
}

function hasKey(pairs: readonly number[], key: number): boolean {
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) return true;
  return false;
}

/** Pairs sorted by key name, so a set's pairs have one order whatever order they were found in. */
function sortedPairs(pairs: readonly number[], strings: readonly string[]): number[] {
  const order = Array.from({ length: pairs.length / 2 }, (_, i) => i);
  order.sort((a, b) => (strings[pairs[2 * a]] < strings[pairs[2 * b]] ? -1 : strings[pairs[2 * a]] > strings[pairs[2 * b]] ? 1 : 0));
  return order.flatMap((i) => [pairs[2 * i], pairs[2 * i + 1]]);
}

/** A span id as Pyroscope prints it: 16 lowercase hex digits. */
function hex16(id: JfrKey): string {
  if (typeof id === 'number') return id.toString(16).padStart(16, '0');
  const [hi, lo] = id.split(':').map(Number);
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

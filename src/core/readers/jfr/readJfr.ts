/**
 * Java Flight Recorder recordings (JDK Flight Recorder, async-profiler, the Pyroscope Java agent) → one columnar
 * Profile per kind of sample: CPU first (the default), then wall time, allocations, live objects, locks.
 *
 * A recording is a sequence of self-contained chunks. They are read one after the other: a chunk's metadata
 * and constant pools are read, its events are turned into rows of the shared tables, and its pools are dropped
 * before the next chunk, so memory follows one chunk plus the result, not the recording.
 *
 * Bad input: a recording cut short (copied while being written, a partial upload) keeps the chunks that are
 * whole and says what was dropped; a corrupt chunk is skipped the same way; a recording with nothing readable,
 * or over a limit, is refused with one ProfileError line naming the file. Event kinds that make no profile are
 * stepped over and counted in the profiles' comments.
 */
import { MalformedProfile, ProfileError } from '../../profile/errors';
import { gunzipIfCompressed } from '../../profile/gunzip';
import { resolveLimits, type ProfileLimits } from '../../profile/limits';
import type { Profile } from '../../profile/model';
import { ChunkProblem, isJfr, readChunkHeader, type ChunkHeader } from './chunkHeader';
import { readConstantPools, type ChunkPools } from './constantPools';
import { JfrMalformed } from './cursor';
import { readChunkEvents } from './events';
import { decodeLabelsSnapshot, EMPTY_LABELS, type LabelsSnapshot } from './labelsSnapshot';
import { readMetadata } from './metadata';
import { Recording } from './recording';
import { Group } from './sampleGroups';
import { InlinePlans } from './structReader';
import { toProfiles } from './toProfiles';

export interface JfrOptions {
  readonly limits?: Partial<ProfileLimits>;
  /**
   * Samples per second, as the Pyroscope agent's upload states it (`sampleRate`): CPU and wall samples are worth
   * 10^9 / sampleRate nanoseconds each. Without it, the interval the recording states is used (JDK: the
   * ExecutionSample period; async-profiler: its interval), else 10 ms.
   */
  readonly sampleRate?: number;
  /**
   * The Pyroscope agent's `labels` part (protobuf LabelsSnapshot, gzipped or not, or decoded): samples' context
   * ids become their labels. Given (even empty), samples also get span labels as Pyroscope adds them.
   */
  readonly labels?: Uint8Array | LabelsSnapshot;
}

/** Sampling interval assumed when nothing states one: async-profiler's and the Pyroscope agent's default. */
export const DEFAULT_INTERVAL_NANOS = 10_000_000;

export { isJfr };

/** Reads a JFR recording (gzipped or not). Throws ProfileError naming `source` when nothing in it can be used. */
export function readJfr(bytes: Uint8Array, source: string, options: JfrOptions = {}): Profile[] {
  const limits = resolveLimits(options.limits);
  const data = gunzipIfCompressed(bytes, source, limits.maxDecompressedBytes);
  if (data.length > limits.maxDecompressedBytes) {
    throw new ProfileError(source, `recording is ${data.length} bytes, over the limit of ${limits.maxDecompressedBytes} bytes (maxDecompressedBytes)`);
  }
  if (!isJfr(data)) throw new ProfileError(source, 'not a JFR recording (it does not start with "FLR\\0")');
  const recording = new Recording(limits.maxStrings, labelsOf(options.labels, source));
  const notes: string[] = [];
  const headers: ChunkHeader[] = [];
  let firstProblem: string | undefined;
  let previousPools: ChunkPools | undefined;
  let pos = 0;
  for (let index = 0; pos < data.length; index++) {
    let header: ChunkHeader;
    try {
      header = readChunkHeader(data, pos, index);
    } catch (e) {
      if (!(e instanceof ChunkProblem)) throw e;
      firstProblem ??= e.truncated ? `JFR recording is cut short: ${e.detail} (copied while still being written, or a partial upload?)` : `unreadable JFR recording: ${e.detail}`;
      notes.push(`${capitalized(e.detail)}; ${e.truncated ? 'the recording ends there' : 'reading stopped there'}, ${headers.length} whole chunk${headers.length === 1 ? '' : 's'} read.`);
      break;
    }
    const chunk = new ChunkProgress();
    try {
      previousPools = readChunk(data, header, recording, limits.maxSamples, previousPools, chunk);
    } catch (e) {
      if (e instanceof SampleLimit) throw new ProfileError(source, e.message);
      if (!(e instanceof JfrMalformed)) throw asProfileError(e, source);
      firstProblem ??= `unreadable JFR recording: ${e.detail}`;
      notes.push(`Chunk ${index + 1} (byte ${pos}) is corrupt (${e.detail}); ${chunk.readingEvents ? 'its events before that are kept' : 'it was skipped'}.`);
    } finally {
      recording.endChunk();
    }
    headers.push(header);
    pos += header.size;
  }
  if (recording.usedEvents === 0 && firstProblem !== undefined) throw new ProfileError(source, firstProblem);
  const groups = recording.groupsWithSamples();
  if (groups.length === 0) throw new ProfileError(source, `JFR recording has no samples PerfLens can show (${describeEventKinds(recording)})`);
  const cpuPeriod = periodOf(options.sampleRate, recording.cpuIntervalNanos);
  const wallPeriod = periodOf(options.sampleRate, recording.wallIntervalNanos || recording.cpuIntervalNanos);
  if (!options.sampleRate && recording.cpuIntervalNanos === 0 && (recording.rows.has(Group.Cpu) || recording.rows.has(Group.Wall))) {
    notes.push(`The recording does not state its sampling interval; each CPU or wall sample counts as ${DEFAULT_INTERVAL_NANOS / 1e6} ms.`);
  }
  notes.push(...recordingNotes(recording));
  const first = headers[0];
  const last = headers.reduce((a, h) => Math.max(a, h.startNanos + h.durationNanos), 0);
  return toProfiles(recording, {
    source,
    timeNanos: first?.startNanos ?? 0,
    durationNanos: first ? Math.max(0, last - first.startNanos) : 0,
    cpuPeriod,
    wallPeriod,
    comments: notes,
  });
}

/** The sample limit is a refusal of the whole recording, not a corrupt chunk. */
class SampleLimit extends Error {}

/** How far a chunk got, so a corrupt one is reported as skipped or as read in part. */
class ChunkProgress {
  readingEvents = false;
}

function readChunk(data: Uint8Array, header: ChunkHeader, recording: Recording, maxSamples: number, previous: ChunkPools | undefined, progress: ChunkProgress): ChunkPools {
  const chunkEnd = header.start + header.size;
  const metadata = readMetadata(data, header.start + header.metadataOffset, chunkEnd);
  const plans = new InlinePlans(metadata);
  const pools = readConstantPools(data, header, metadata, plans, previous);
  recording.beginChunk(pools);
  progress.readingEvents = true;
  readChunkEvents(data, header, metadata, pools, plans, recording);
  if (recording.usedEvents > maxSamples) {
    throw new SampleLimit(`${recording.usedEvents} sample events, over the limit of ${maxSamples} (maxSamples)`);
  }
  return pools;
}

function periodOf(sampleRate: number | undefined, statedNanos: number): number {
  if (sampleRate !== undefined && sampleRate > 0 && Number.isFinite(sampleRate)) return Math.round(1e9 / sampleRate);
  return statedNanos > 0 ? statedNanos : DEFAULT_INTERVAL_NANOS;
}

function labelsOf(labels: Uint8Array | LabelsSnapshot | undefined, source: string): LabelsSnapshot | undefined {
  if (labels === undefined) return undefined;
  if (!(labels instanceof Uint8Array)) return labels;
  if (labels.length === 0) return EMPTY_LABELS;
  try {
    return decodeLabelsSnapshot(gunzipIfCompressed(labels, `${source} (labels)`, 64 << 20));
  } catch (e) {
    if (e instanceof MalformedProfile) throw new ProfileError(`${source} (labels)`, `not a Pyroscope labels snapshot (${e.detail})`);
    throw e;
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function asProfileError(e: unknown, source: string): Error {
  if (e instanceof ProfileError) return e;
  if (e instanceof RangeError) return new ProfileError(source, `cannot read JFR recording: ${e.message}`);
  return e as Error;
}

function recordingNotes(recording: Recording): string[] {
  const notes: string[] = [];
  if (recording.otherEvents > 0) {
    const used = new Set(['jdk.ExecutionSample', 'profiler.WallClockSample', 'jdk.NativeMethodSample', 'jdk.ObjectAllocationInNewTLAB',
      'jdk.ObjectAllocationOutsideTLAB', 'jdk.ObjectAllocationSample', 'profiler.LiveObject', 'profiler.Malloc', 'jdk.JavaMonitorEnter',
      'jdk.ThreadPark', 'jdk.ActiveSetting']);
    const other = [...recording.eventCounts].filter(([name]) => !used.has(name)).sort((a, b) => b[1] - a[1]);
    const shown = other.slice(0, 5).map(([name, n]) => `${name} ×${n}`).join(', ');
    notes.push(`Skipped ${recording.otherEvents} events of ${other.length} kind${other.length === 1 ? '' : 's'} no profile is made from (${shown}${other.length > 5 ? ', …' : ''}).`);
  }
  if (recording.truncatedStacks > 0) {
    notes.push(`${recording.truncatedStacks} of ${recording.usedEvents} events have a stack cut at the recording's maximum depth, so their callers nearest the root are missing (JFR keeps 64 frames unless -XX:FlightRecorderOptions:stackdepth=… says otherwise; async-profiler: jstackdepth).`);
  }
  if (recording.missingStacks > 0) notes.push(`${recording.missingStacks} events name a stack trace the recording does not hold; they are left out.`);
  if (recording.missingFrames > 0) notes.push(`${recording.missingFrames} stack frames name a method or class the recording does not hold; they are left out of their stacks.`);
  return notes;
}

function describeEventKinds(recording: Recording): string {
  const kinds = [...recording.eventCounts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, n]) => `${name} ×${n}`);
  return kinds.length > 0 ? `its events are ${kinds.join(', ')}` : 'it has no events';
}

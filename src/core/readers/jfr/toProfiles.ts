/**
 * A read Recording as columnar Profiles (model.ts), one per kind of event that had samples. The string,
 * function, location and line columns are built once and shared by all of them (Profiles never modify columns);
 * samples and labels are each profile's own. Locations have no mapping: JFR frames are symbolized already.
 */
import type { FunctionTable, LabelTable, LineTable, LocationTable, MappingTable, Profile, SampleTable } from '../../profile/model';
import { StringTable } from '../../profile/stringTable';
import type { Recording } from './recording';
import { Group, GROUPS } from './sampleGroups';

export interface ProfileFacts {
  readonly source: string;
  readonly timeNanos: number;
  readonly durationNanos: number;
  /** Nanoseconds per CPU sample and per wall-clock sample. */
  readonly cpuPeriod: number;
  readonly wallPeriod: number;
  readonly comments: readonly string[];
}

export function toProfiles(recording: Recording, facts: ProfileFacts): Profile[] {
  const tables = recording.tables;
  const strings = utf8StringTable(tables.strings);
  const functionCount = tables.functionName.length;
  const functionIds = sequenceIds(functionCount);
  const functions: FunctionTable = {
    count: functionCount,
    id: functionIds,
    name: tables.functionName.trim(),
    systemName: tables.functionName.trim(),
    filename: new Int32Array(functionCount),
    startLine: new Float64Array(functionCount),
  };
  const locationCount = tables.locationFunction.length;
  const locations: LocationTable = {
    count: locationCount,
    id: sequenceIds(locationCount),
    mapping: new Int32Array(locationCount).fill(-1),
    address: new BigUint64Array(locationCount),
    isFolded: new Uint8Array(locationCount),
    lineStart: Int32Array.from({ length: locationCount + 1 }, (_, i) => i),
  };
  const lines: LineTable = {
    count: locationCount,
    function: tables.locationFunction.trim(),
    line: Float64Array.from(tables.locationLine.trim()),
    column: new Float64Array(locationCount),
  };
  const mappings: MappingTable = {
    count: 0,
    id: new Float64Array(0),
    memoryStart: new BigUint64Array(0),
    memoryLimit: new BigUint64Array(0),
    fileOffset: new BigUint64Array(0),
    filename: new Int32Array(0),
    buildId: new Int32Array(0),
    flags: new Uint8Array(0),
  };

  return recording.groupsWithSamples().map((group) => {
    const spec = GROUPS[group];
    const period = group === Group.Cpu ? facts.cpuPeriod : facts.wallPeriod;
    const { samples, labels } = sampleColumns(recording, group, spec.sampled ? period : 0);
    return {
      source: facts.source,
      strings,
      sampleTypes: spec.sampleTypes,
      defaultSampleType: spec.defaultSampleType,
      periodType: spec.periodType,
      period: spec.sampled ? period : 1,
      timeNanos: facts.timeNanos,
      durationNanos: facts.durationNanos,
      dropFrames: '',
      keepFrames: '',
      comments: facts.comments,
      docUrl: '',
      samples,
      labels,
      locations,
      lines,
      functions,
      mappings,
    } satisfies Profile;
  });
}

/** Samples and their labels; `period` > 0 turns a row's sample count into [count, count × period]. */
function sampleColumns(recording: Recording, group: Group, period: number): { samples: SampleTable; labels: LabelTable } {
  const rows = recording.rows.get(group)!;
  const tables = recording.tables;
  const stackStart = tables.stackStart.data;
  const stackLocations = tables.stackLocations.data;
  const labelStart = tables.labelStart.data;
  const labelPairs = tables.labelPairs.data;
  const n = rows.count;
  let locationRefs = 0;
  let labelCount = 0;
  for (let r = 0; r < n; r++) {
    const s = rows.stack.data[r];
    locationRefs += stackStart[s + 1] - stackStart[s];
    const set = rows.labelSet.data[r];
    labelCount += labelStart[set + 1] - labelStart[set];
  }
  const locationStart = new Int32Array(n + 1);
  const sampleLocations = new Int32Array(locationRefs);
  const sampleLabelStart = new Int32Array(n + 1);
  const key = new Int32Array(labelCount);
  const str = new Int32Array(labelCount);
  const width = period > 0 ? 2 : rows.width;
  const values = new Float64Array(n * width);
  let at = 0;
  let l = 0;
  for (let r = 0; r < n; r++) {
    const s = rows.stack.data[r];
    for (let k = stackStart[s]; k < stackStart[s + 1]; k++) sampleLocations[at++] = stackLocations[k];
    locationStart[r + 1] = at;
    const set = rows.labelSet.data[r];
    for (let p = labelStart[set]; p < labelStart[set + 1]; p++) {
      key[l] = labelPairs[2 * p];
      str[l] = labelPairs[2 * p + 1];
      l++;
    }
    sampleLabelStart[r + 1] = l;
    if (period > 0) {
      const count = rows.values.data[r];
      values[2 * r] = count;
      values[2 * r + 1] = count * period;
    } else {
      for (let k = 0; k < width; k++) values[r * width + k] = rows.values.data[r * rows.width + k];
    }
  }
  return {
    samples: { count: n, locationStart, locations: sampleLocations, values, labelStart: sampleLabelStart },
    labels: { count: labelCount, key, str, num: new Float64Array(labelCount), numUnit: new Int32Array(labelCount) },
  };
}

function sequenceIds(count: number): Float64Array {
  const ids = new Float64Array(count);
  for (let i = 0; i < count; i++) ids[i] = i + 1;
  return ids;
}

/** The strings as one UTF-8 buffer with offsets: the lazily decoding form every decoded profile has. */
function utf8StringTable(strings: readonly string[]): StringTable {
  const encoder = new TextEncoder();
  let capacity = 0;
  for (const s of strings) capacity += s.length * 3;
  const bytes = new Uint8Array(capacity);
  const starts = new Int32Array(strings.length);
  const lengths = new Int32Array(strings.length);
  let at = 0;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    starts[i] = at;
    // Names are mostly ASCII: copied byte by byte; anything else through the encoder.
    let ascii = true;
    for (let k = 0; k < s.length; k++) {
      const code = s.charCodeAt(k);
      if (code >= 0x80) {
        ascii = false;
        break;
      }
      bytes[at + k] = code;
    }
    const written = ascii ? s.length : encoder.encodeInto(s, bytes.subarray(at)).written;
    lengths[i] = written;
    at += written;
  }
  return new StringTable(bytes.slice(0, at), starts, lengths);
}

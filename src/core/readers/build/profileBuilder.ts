/**
 * Builds the columnar Profile of core/profile/model.ts for readers of formats other than pprof protobuf: they
 * intern strings, functions and frames as they read, and add samples as stacks of frames; identical (stack, label
 * set) samples are summed into one row, so memory grows with distinct stacks, not with samples.
 *
 * A frame is a location with one line (function, line, column); a location can also be a bare address in a
 * mapping (pprof's legacy formats, unsymbolized). Locations in a stack are listed leaf first, as in pprof.
 */
import { ProfileError } from '../../profile/errors';
import type { ProfileLimits } from '../../profile/limits';
import type { Profile, ValueType } from '../../profile/model';
import { GrowableFloat64 } from '../../aggregate/growable';
import { StringInterner } from './stringInterner';
import { SequenceIndex, TupleIndex } from './tupleIndex';

export interface ProfileHeader {
  readonly sampleTypes: readonly ValueType[];
  readonly defaultSampleType?: string;
  readonly periodType?: ValueType;
  readonly period?: number;
  readonly timeNanos?: number;
  readonly durationNanos?: number;
  readonly comments?: readonly string[];
}

export interface MappingSpec {
  readonly start: bigint;
  readonly limit: bigint;
  readonly offset: bigint;
  readonly file: string;
  readonly buildId: string;
}

const NO_MAPPING = -1;

/** Stacks deeper than this keep their leaf-most frames (a hostile 10^6-frame stack stays usable). */
export const MAX_STACK_DEPTH = 1 << 16;

export class ProfileBuilder {
  readonly strings: StringInterner;
  private readonly nTypes: number;
  /** (name, systemName, filename, startLine) string ids → function. */
  private readonly functions = new TupleIndex(4);
  /** (function, line, column, 0) or (mapping, address high word, address low word, 1) → location. */
  private readonly locations = new TupleIndex(4);
  /**
   * Label sets as sequences of (key, value, number, unit) entries: string ids, and for a numeric label an index
   * into `numbers` (-1 for a string label). Set 0 is the empty set.
   */
  private readonly labelSets = new SequenceIndex();
  private readonly numbers: number[] = [];
  private readonly numberIndex = new Map<number, number>();
  /** Distinct (stack, label set) rows. */
  private readonly stacks = new SequenceIndex();
  private readonly values = new GrowableFloat64(4096);
  private readonly mappingSpecs: MappingSpec[] = [];

  constructor(
    readonly source: string,
    private readonly limits: ProfileLimits,
    private readonly header: ProfileHeader,
  ) {
    this.strings = new StringInterner(source, limits.maxStrings);
    this.nTypes = header.sampleTypes.length;
    this.labelSets.id(new Int32Array(0), 0);
  }

  /** The function with these names (string ids), file and first line. */
  function(name: number, file = 0, startLine = 0, systemName = name): number {
    return this.functions.id(name, systemName, file, clampLine(startLine));
  }

  /** The location of one frame: a line (and column) of a function; 0 for unknown. */
  frame(fn: number, line = 0, column = 0): number {
    return this.locations.id(fn, clampLine(line), clampLine(column), 0);
  }

  /** Adds a mapping (an executable or library's address range); returns its index. */
  mapping(spec: MappingSpec): number {
    this.mappingSpecs.push(spec);
    return this.mappingSpecs.length - 1;
  }

  /** The location of an unsymbolized address (in `mapping`, or none: -1). */
  address(address: bigint, mapping = NO_MAPPING): number {
    return this.locations.id(mapping, Number(address >> 32n) | 0, Number(address & 0xffffffffn) | 0, 1);
  }

  /** The id of a label set given as (key, value) string id pairs, e.g. [thread, "main"]. */
  labelSet(pairs: readonly number[]): number {
    const seq = new Int32Array(pairs.length * 2);
    for (let i = 0; i < pairs.length; i += 2) seq.set([pairs[i], pairs[i + 1], -1, 0], i * 2);
    return this.labelSets.id(seq, seq.length);
  }

  /** The id of a label set of numeric labels given as (key, number) pairs, e.g. [["bytes", 4096]]. */
  numericLabelSet(labels: readonly (readonly [string, number])[], unit = ''): number {
    const seq = new Int32Array(labels.length * 4);
    labels.forEach(([key, value], i) => {
      let n = this.numberIndex.get(value);
      if (n === undefined) {
        n = this.numbers.length;
        this.numbers.push(value);
        this.numberIndex.set(value, n);
      }
      seq.set([this.strings.intern(key), 0, n, this.strings.intern(unit)], i * 4);
    });
    return this.labelSets.id(seq, seq.length);
  }

  /**
   * Adds `values` (one per sample type) to the sample with this stack: `stack[0..depth)` location ids, leaf first
   * (or root first when `rootFirst`).
   */
  sample(stack: Int32Array, depth: number, values: ArrayLike<number>, labelSet = 0, rootFirst = false): void {
    if (rootFirst) reverse(stack, depth);
    const before = this.stacks.count;
    const row = this.stacks.id(stack, depth, labelSet);
    if (rootFirst) reverse(stack, depth);
    const n = this.nTypes;
    if (this.stacks.count > before) {
      if (row >= this.limits.maxSamples) {
        throw new ProfileError(this.source, `more than ${this.limits.maxSamples} distinct stacks, over the limit (maxSamples)`);
      }
      for (let t = 0; t < n; t++) this.values.push(values[t]);
    } else {
      const base = row * n;
      for (let t = 0; t < n; t++) this.values.data[base + t] += values[t];
    }
  }

  /** Number of distinct samples so far. */
  get sampleCount(): number {
    return this.stacks.count;
  }

  build(): Profile {
    const strings = this.strings;
    const header = this.header;
    const str = (s: string) => strings.intern(s);
    for (const t of header.sampleTypes) {
      str(t.type);
      str(t.unit);
    }
    const functions = this.functionTable();
    const { locations, lines } = this.locationTables();
    const mappings = this.mappingTable();
    const samples = this.sampleTables();
    return {
      source: this.source,
      strings: strings.table(),
      sampleTypes: header.sampleTypes.map((t) => ({ type: t.type, unit: t.unit })),
      defaultSampleType: header.defaultSampleType ?? '',
      periodType: header.periodType,
      period: header.period ?? 0,
      timeNanos: header.timeNanos ?? 0,
      durationNanos: header.durationNanos ?? 0,
      dropFrames: '',
      keepFrames: '',
      comments: header.comments ?? [],
      docUrl: '',
      samples: samples.samples,
      labels: samples.labels,
      locations,
      lines,
      functions,
      mappings,
    };
  }

  private functionTable(): Profile['functions'] {
    const n = this.functions.count;
    const k = this.functions.keys.data;
    const t = {
      count: n,
      id: new Float64Array(n),
      name: new Int32Array(n),
      systemName: new Int32Array(n),
      filename: new Int32Array(n),
      startLine: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      t.id[i] = i + 1;
      t.name[i] = k[4 * i];
      t.systemName[i] = k[4 * i + 1];
      t.filename[i] = k[4 * i + 2];
      t.startLine[i] = k[4 * i + 3];
    }
    return t;
  }

  private locationTables(): Pick<Profile, 'locations' | 'lines'> {
    const n = this.locations.count;
    const k = this.locations.keys.data;
    let nLines = 0;
    for (let i = 0; i < n; i++) if (k[4 * i + 3] === 0) nLines++;
    const locations = {
      count: n,
      id: new Float64Array(n),
      mapping: new Int32Array(n).fill(NO_MAPPING),
      address: new BigUint64Array(n),
      isFolded: new Uint8Array(n),
      lineStart: new Int32Array(n + 1),
    };
    const lines = { count: nLines, function: new Int32Array(nLines), line: new Float64Array(nLines), column: new Float64Array(nLines) };
    let at = 0;
    for (let i = 0; i < n; i++) {
      locations.id[i] = i + 1;
      locations.lineStart[i] = at;
      if (k[4 * i + 3] === 0) {
        lines.function[at] = k[4 * i];
        lines.line[at] = k[4 * i + 1];
        lines.column[at] = k[4 * i + 2];
        at++;
      } else {
        locations.mapping[i] = k[4 * i];
        locations.address[i] = (BigInt(k[4 * i + 1] >>> 0) << 32n) | BigInt(k[4 * i + 2] >>> 0);
      }
    }
    locations.lineStart[n] = at;
    return { locations, lines };
  }

  private mappingTable(): Profile['mappings'] {
    const specs = this.mappingSpecs;
    const n = specs.length;
    const t = {
      count: n,
      id: new Float64Array(n),
      memoryStart: new BigUint64Array(n),
      memoryLimit: new BigUint64Array(n),
      fileOffset: new BigUint64Array(n),
      filename: new Int32Array(n),
      buildId: new Int32Array(n),
      flags: new Uint8Array(n),
    };
    specs.forEach((m, i) => {
      t.id[i] = i + 1;
      t.memoryStart[i] = m.start;
      t.memoryLimit[i] = m.limit;
      t.fileOffset[i] = m.offset;
      t.filename[i] = this.strings.intern(m.file);
      t.buildId[i] = this.strings.intern(m.buildId);
    });
    return t;
  }

  private sampleTables(): Pick<Profile, 'samples' | 'labels'> {
    const stacks = this.stacks;
    const n = stacks.count;
    const sets = this.labelSets;
    let nLabels = 0;
    for (let r = 0; r < n; r++) {
      const set = stacks.extraOf(r);
      nLabels += (sets.start.data[set + 1] - sets.start.data[set]) / 4;
    }
    const labels = { count: nLabels, key: new Int32Array(nLabels), str: new Int32Array(nLabels), num: new Float64Array(nLabels), numUnit: new Int32Array(nLabels) };
    const labelStart = new Int32Array(n + 1);
    let at = 0;
    for (let r = 0; r < n; r++) {
      labelStart[r] = at;
      const set = stacks.extraOf(r);
      const items = sets.items.data;
      for (let i = sets.start.data[set]; i < sets.start.data[set + 1]; i += 4) {
        labels.key[at] = items[i];
        labels.str[at] = items[i + 1];
        if (items[i + 2] >= 0) labels.num[at] = this.numbers[items[i + 2]];
        labels.numUnit[at] = items[i + 3];
        at++;
      }
    }
    labelStart[n] = at;
    return {
      samples: {
        count: n,
        locationStart: stacks.start.trim(),
        locations: stacks.items.trim(),
        values: this.values.trim(),
        labelStart,
      },
      labels,
    };
  }
}

/** Line numbers are int32 in the tables above; anything outside is unknown (0). */
function clampLine(line: number): number {
  return line > 0 && line <= 0x7fffffff ? line | 0 : 0;
}

function reverse(a: Int32Array, n: number): void {
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}


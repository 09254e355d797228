/**
 * OTLP profiles (wire.ts) → the columnar `Profile`s of core/profile/model.ts, one per sample shape: every OTLP
 * profile of the message with the same sample type, period type and period becomes part of one Profile (the
 * eBPF profiler sends one profile per process and type). The dictionary's tables are shared by all of them.
 *
 * Values (the OTLP Sample holds one value per observation, or only timestamps that count 1 each):
 * - `samples/count` with a time period (the eBPF profiler's CPU profile: 20 Hz, period 50 ms of `cpu`) → two
 *   sample types like Go's CPU profiles: `samples/count` and `<period type>/<period unit>` = count × period;
 * - any other count → that type alone;
 * - anything else (`off_cpu/nanoseconds`, `alloc_space/bytes`...) → `samples/count` (observations) and the type
 *   (the sum of the values), so the diff's noise test has the sample counts it needs.
 * Labels on every sample: its own attributes, its trace link (`span_id`, `trace_id` in hex, the keys Pyroscope
 * writes), then the profile's, the scope's and the resource's attributes; a key is kept once, the most specific
 * first. `service.name` becomes `service_name` and `service.version` becomes `version`, the keys PerfLens,
 * Pyroscope and the local store read; a sample without a service gets `service_name=unknown_service:<process
 * .executable.name>` (or `unknown_service`), as OpenTelemetry and Pyroscope name it. Integer attributes become
 * numeric labels (with their unit).
 */
import type { Profile, ValueType } from '../../profile/model';
import type { StringTable } from '../../profile/stringTable';
import { OtlpLimitError, type Attribute, type OtlpDictionary, type OtlpMessage, type OtlpProfileMessage } from './wire';

/** Service of samples that name none, as Pyroscope calls it. */
export const UNKNOWN_SERVICE = 'unknown_service';

/** Most labels one sample may get (OTLP attributes at every level, added up). */
const MAX_LABELS_PER_SAMPLE = 128;

export interface OtlpGroupOptions {
  /** One Profile per service and version as well (the collector stores each service/version apart). */
  readonly splitByService?: boolean;
  /** Largest number of labels over all samples (resource attributes repeat on every sample). */
  readonly maxLabels: number;
}

const RENAMED: Readonly<Record<string, string>> = { 'service.name': 'service_name', 'service.version': 'version' };

interface Shape {
  readonly key: string;
  readonly sampleTypes: readonly ValueType[];
  readonly defaultSampleType: string;
  readonly periodType: ValueType | undefined;
  readonly period: number;
  /** Writes a sample's values (sum, events) into `out` at `at`. */
  readonly write: (out: Float64Array, at: number, value: number, events: number) => void;
}

const COUNT_UNITS = new Set(['count', 'counts', 'samples', '']);
const TIME_UNITS = new Set(['nanoseconds', 'microseconds', 'milliseconds', 'seconds', 'ns', 'us', 'ms', 's']);

function shapeOf(p: OtlpProfileMessage): Shape {
  const { sampleType, periodType, period } = p;
  const key = `${sampleType.type}/${sampleType.unit}|${periodType?.type ?? ''}/${periodType?.unit ?? ''}|${period}`;
  if (COUNT_UNITS.has(sampleType.unit) && periodType && TIME_UNITS.has(periodType.unit) && period > 0) {
    return {
      key, periodType, period,
      sampleTypes: [{ type: 'samples', unit: 'count' }, { type: periodType.type, unit: periodType.unit }],
      defaultSampleType: periodType.type,
      write: (out, at, value) => { out[at] = value; out[at + 1] = value * period; },
    };
  }
  if (COUNT_UNITS.has(sampleType.unit)) {
    return { key, periodType, period, sampleTypes: [sampleType], defaultSampleType: sampleType.type, write: (out, at, value) => { out[at] = value; } };
  }
  return {
    key, periodType, period,
    sampleTypes: [{ type: 'samples', unit: 'count' }, sampleType],
    defaultSampleType: sampleType.type,
    write: (out, at, value, events) => { out[at] = events; out[at + 1] = value; },
  };
}

/** A label ready for the label table: string indices into the shared table, or a number. */
interface LabelCell {
  readonly key: number;
  readonly str: number;
  readonly num: number;
  readonly unit: number;
  readonly keyText: string;
  readonly text: string;
}

export function otlpToProfiles(message: OtlpMessage, source: string, options: OtlpGroupOptions): Profile[] {
  const dict = message.dictionary;
  const strings = dict.strings;
  const cell = (a: Attribute): LabelCell => {
    const keyText = RENAMED[a.key] ?? a.key;
    const key = strings.intern(keyText);
    return 'num' in a.value
      ? { key, str: 0, num: a.value.num, unit: a.unit ? strings.intern(a.unit) : 0, keyText, text: String(a.value.num) }
      : { key, str: a.value.str === '' ? 0 : strings.intern(a.value.str), num: 0, unit: 0, keyText, text: a.value.str };
  };
  const attributeCells = lazyCells(dict, cell);
  const serviceKey = strings.intern('service_name');
  const unknownServices = new Map<string, LabelCell>();
  /** `unknown_service:<executable>` (or `unknown_service`) for samples without service.name, as OpenTelemetry and Pyroscope name them. */
  const unknownService = (executable: string | undefined): LabelCell => {
    const text = executable ? `${UNKNOWN_SERVICE}:${executable}` : UNKNOWN_SERVICE;
    let c = unknownServices.get(text);
    if (!c) unknownServices.set(text, (c = { key: serviceKey, str: strings.intern(text), num: 0, unit: 0, keyText: 'service_name', text }));
    return c;
  };
  const spanKey = strings.intern('span_id');
  const traceKey = strings.intern('trace_id');
  const linkCells = (l: number): LabelCell[] => {
    const out: LabelCell[] = [];
    const span = dict.links.spanId[l];
    const trace = dict.links.traceId[l];
    if (span) out.push({ key: spanKey, str: strings.intern(span), num: 0, unit: 0, keyText: 'span_id', text: span });
    if (trace) out.push({ key: traceKey, str: strings.intern(trace), num: 0, unit: 0, keyText: 'trace_id', text: trace });
    return out;
  };

  // Each sample's labels, most specific first, one per key.
  interface Row { readonly profile: OtlpProfileMessage; readonly sample: number; readonly labels: LabelCell[] }
  const groups = new Map<string, { shape: Shape; rows: Row[]; from: number; to: number }>();
  let labelCount = 0;
  for (const p of message.profiles) {
    const shape = shapeOf(p);
    const outer = [...p.attributes.map(attributeCells), ...p.scope.map(cell), ...p.resource.map(cell)];
    const { samples } = p;
    for (let s = 0; s < samples.count; s++) {
      const labels: LabelCell[] = [];
      const seen = new Set<number>();
      const add = (c: LabelCell) => {
        if (seen.has(c.key)) return;
        seen.add(c.key);
        labels.push(c);
      };
      for (let a = samples.attributeStart[s]; a < samples.attributeStart[s + 1]; a++) add(attributeCells(samples.attributes[a]));
      if (samples.link[s] !== 0) linkCells(samples.link[s]).forEach(add);
      outer.forEach(add);
      if (!seen.has(serviceKey)) add(unknownService(labels.find((l) => l.keyText === 'process.executable.name')?.text));
      if (labels.length > MAX_LABELS_PER_SAMPLE) throw new OtlpLimitError(`a sample has ${labels.length} attributes, over the limit of ${MAX_LABELS_PER_SAMPLE}`);
      labelCount += labels.length;
      if (labelCount > options.maxLabels) throw new OtlpLimitError(`the samples' attributes add up to more than ${options.maxLabels} labels (resource attributes repeat on every sample)`);
      const service = labels.find((l) => l.key === serviceKey)!.text;
      const version = labels.find((l) => l.keyText === 'version')?.text ?? '';
      const key = options.splitByService ? `${shape.key}|${service}|${version}` : shape.key;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { shape, rows: [], from: Infinity, to: -Infinity }));
      group.rows.push({ profile: p, sample: s, labels });
      if (p.timeNanos > 0) {
        group.from = Math.min(group.from, p.timeNanos);
        group.to = Math.max(group.to, p.timeNanos + p.durationNanos);
      }
    }
  }

  const tables = sharedTables(dict, strings);
  return [...groups.values()].map(({ shape, rows, from, to }) => {
    const types = shape.sampleTypes.length;
    const n = rows.length;
    let refs = 0;
    let labels = 0;
    for (const r of rows) {
      const st = r.profile.samples.stack[r.sample];
      refs += dict.stacks.start[st + 1] - dict.stacks.start[st];
      labels += r.labels.length;
    }
    const locationStart = new Int32Array(n + 1);
    const locations = new Int32Array(refs);
    const values = new Float64Array(n * types);
    const labelStart = new Int32Array(n + 1);
    const key = new Int32Array(labels);
    const str = new Int32Array(labels);
    const num = new Float64Array(labels);
    const numUnit = new Int32Array(labels);
    let at = 0;
    let lat = 0;
    rows.forEach((r, i) => {
      const st = r.profile.samples.stack[r.sample];
      for (let k = dict.stacks.start[st]; k < dict.stacks.start[st + 1]; k++) locations[at++] = dict.stacks.locations[k];
      locationStart[i + 1] = at;
      shape.write(values, i * types, r.profile.samples.value[r.sample], r.profile.samples.events[r.sample]);
      for (const c of r.labels) {
        key[lat] = c.key;
        str[lat] = c.str;
        num[lat] = c.num;
        numUnit[lat] = c.unit;
        lat++;
      }
      labelStart[i + 1] = lat;
    });
    const profile: Profile = {
      source,
      strings,
      sampleTypes: shape.sampleTypes,
      defaultSampleType: shape.defaultSampleType,
      periodType: shape.periodType,
      period: shape.period,
      timeNanos: Number.isFinite(from) ? from : 0,
      durationNanos: Number.isFinite(from) ? to - from : 0,
      dropFrames: '',
      keepFrames: '',
      comments: [],
      docUrl: '',
      samples: { count: n, locationStart, locations, values, labelStart },
      labels: { count: labels, key, str, num, numUnit },
      ...tables,
    };
    return profile;
  });
}

/** The attribute table's label cells, each made on first use. */
function lazyCells(dict: OtlpDictionary, cell: (a: Attribute) => LabelCell): (index: number) => LabelCell {
  const cells: (LabelCell | undefined)[] = new Array(dict.attributes.length);
  return (i) => (cells[i] ??= cell(dict.attributes[i]));
}

/** Locations, lines, functions and mappings in the model's columns, shared by every Profile of the message. */
function sharedTables(dict: OtlpDictionary, strings: StringTable): Pick<Profile, 'locations' | 'lines' | 'functions' | 'mappings'> {
  const indexIds = (n: number) => Float64Array.from({ length: n }, (_, i) => i);
  const { locations, lines, functions, mappings } = dict;
  return {
    locations: { count: locations.count, id: indexIds(locations.count), mapping: locations.mapping, address: locations.address, isFolded: new Uint8Array(locations.count), lineStart: locations.lineStart },
    lines,
    functions: { count: functions.count, id: indexIds(functions.count), name: functions.name, systemName: functions.systemName, filename: functions.filename, startLine: functions.startLine },
    mappings: {
      count: mappings.count,
      id: indexIds(mappings.count),
      memoryStart: mappings.memoryStart,
      memoryLimit: mappings.memoryLimit,
      fileOffset: mappings.fileOffset,
      filename: mappings.filename,
      buildId: Int32Array.from(mappings.buildId, (b) => (b === '' ? 0 : strings.intern(b))),
      flags: new Uint8Array(mappings.count),
    },
  };
}


/**
 * A columnar Profile (model.ts) written back as pprof (profile.proto), uncompressed: for profiles another reader made
 * (OpenTelemetry, JFR, collapsed stacks...) that go where pprof is expected (the local store, `go tool pprof`).
 * What decodeProfile reads from the result is the same profile: the same tables in the same order, ids dense 1..n,
 * strings by index. Written with the typed-array ProtoWriter rather than pprof-format's encoder, which builds an
 * object per sample and throws "offset is out of bounds" on some non-ASCII string tables (parca's
 * pkg/normalizer/profile.pb.gz in the shared corpus; test/unit/core/encode.test.ts round-trips the whole corpus).
 */
import type { Profile, ValueType } from './model';
import { ProtoWriter } from './protoWriter';

export function encodePprof(p: Profile): Uint8Array {
  const w = new ProtoWriter(1 << 16);
  const inner = new ProtoWriter(256);
  const packed = new ProtoWriter(256);
  const message = (field: number, build: (m: ProtoWriter) => void) => {
    inner.length = 0;
    build(inner);
    w.bytesField(field, inner.bytes());
  };
  const strings = new StringIds(p);
  const valueType = (t: ValueType) => (m: ProtoWriter) => {
    m.uintField(1, strings.id(t.type));
    m.uintField(2, strings.id(t.unit));
  };

  for (const t of p.sampleTypes) message(1, valueType(t));

  const { samples, labels } = p;
  const nTypes = p.sampleTypes.length;
  const rounded = new Float64Array(nTypes);
  const ids = new Float64Array(samples.locationStart[samples.count] - samples.locationStart[0]);
  for (let s = 0; s < samples.count; s++) {
    message(2, (m) => {
      const start = samples.locationStart[s];
      const end = samples.locationStart[s + 1];
      const locs = ids.subarray(0, end - start);
      for (let i = start; i < end; i++) locs[i - start] = samples.locations[i] + 1;
      m.packedField(1, locs, false, packed);
      // int64 in pprof: a fractional value (a reader's unit conversion) is rounded.
      const values = rounded.subarray(0, nTypes);
      for (let t = 0; t < nTypes; t++) values[t] = Math.round(samples.values[s * nTypes + t]);
      m.packedField(2, values, true, packed);
      for (let l = samples.labelStart[s]; l < samples.labelStart[s + 1]; l++) {
        packed.length = 0;
        packed.uintField(1, labels.key[l]);
        packed.uintField(2, labels.str[l]);
        packed.intField(3, Math.round(labels.num[l]));
        packed.uintField(4, labels.numUnit[l]);
        m.bytesField(3, packed.bytes());
      }
    });
  }

  const mp = p.mappings;
  for (let i = 0; i < mp.count; i++) {
    message(3, (m) => {
      m.uintField(1, i + 1);
      m.bigVarintField(2, mp.memoryStart[i]);
      m.bigVarintField(3, mp.memoryLimit[i]);
      m.bigVarintField(4, mp.fileOffset[i]);
      m.uintField(5, mp.filename[i]);
      m.uintField(6, mp.buildId[i]);
      for (let bit = 0; bit < 4; bit++) m.uintField(7 + bit, (mp.flags[i] >> bit) & 1);
    });
  }

  const { locations, lines } = p;
  for (let i = 0; i < locations.count; i++) {
    message(4, (m) => {
      m.uintField(1, i + 1);
      m.uintField(2, locations.mapping[i] + 1);
      m.bigVarintField(3, locations.address[i]);
      for (let l = locations.lineStart[i]; l < locations.lineStart[i + 1]; l++) {
        packed.length = 0;
        packed.uintField(1, lines.function[l] + 1);
        packed.intField(2, lines.line[l]);
        packed.intField(3, lines.column[l]);
        m.bytesField(4, packed.bytes());
      }
      m.uintField(5, locations.isFolded[i]);
    });
  }

  const fns = p.functions;
  for (let i = 0; i < fns.count; i++) {
    message(5, (m) => {
      m.uintField(1, i + 1);
      m.uintField(2, fns.name[i]);
      m.uintField(3, fns.systemName[i]);
      m.uintField(4, fns.filename[i]);
      m.intField(5, fns.startLine[i]);
    });
  }

  // The header fields name strings that may not be in the table yet, so they are looked up before it is written.
  const scalars = {
    dropFrames: strings.id(p.dropFrames),
    keepFrames: strings.id(p.keepFrames),
    comments: p.comments.map((c) => strings.id(c)),
    defaultSampleType: strings.id(p.defaultSampleType),
    docUrl: strings.id(p.docUrl),
  };
  if (p.periodType) {
    strings.id(p.periodType.type);
    strings.id(p.periodType.unit);
  }
  strings.write(w);
  w.uintField(7, scalars.dropFrames);
  w.uintField(8, scalars.keepFrames);
  w.intField(9, p.timeNanos);
  w.intField(10, p.durationNanos);
  if (p.periodType) message(11, valueType(p.periodType));
  w.intField(12, p.period);
  w.packedField(13, scalars.comments, false, packed);
  w.uintField(14, scalars.defaultSampleType);
  w.uintField(15, scalars.docUrl);
  return w.bytes().slice();
}

/** The profile's string table, plus the header's strings (sample type names...) appended when not in it. */
class StringIds {
  private readonly extra: string[] = [];
  private index: Map<string, number> | undefined;

  constructor(private readonly p: Profile) {}

  id(s: string): number {
    if (s === '') return 0;
    if (!this.index) {
      this.index = new Map();
      for (let i = this.p.strings.count - 1; i >= 0; i--) this.index.set(this.p.strings.get(i), i);
    }
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.p.strings.count + this.extra.length;
      this.extra.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  write(w: ProtoWriter): void {
    const encoder = new TextEncoder();
    const { strings } = this.p;
    for (let i = 0; i < strings.count; i++) w.bytesField(6, encoder.encode(strings.get(i)));
    for (const s of this.extra) w.bytesField(6, encoder.encode(s));
  }
}

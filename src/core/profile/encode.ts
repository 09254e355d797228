/**
 * A columnar Profile (model.ts) written back as pprof (profile.proto), with pprof-format's encoder: for profiles
 * that another reader made (OpenTelemetry, JFR...) and that go where pprof is expected (the local store, `go tool
 * pprof`). Ids are dense indices + 1; strings are written once each, only those the profile uses. Uncompressed.
 */
import { Function as PfFunction, Label, Line, Location, Mapping, Profile as PfProfile, Sample, StringTable, ValueType } from 'pprof-format';
import { MappingFlag, type Profile } from './model';

export function encodePprof(p: Profile): Uint8Array {
  const strings = new StringTable();
  const s = (i: number) => strings.dedup(p.strings.get(i));
  const text = (t: string) => strings.dedup(t);
  const types = p.sampleTypes.length;
  const { samples, labels, locations, lines, functions, mappings } = p;

  const mapping: Mapping[] = [];
  for (let m = 0; m < mappings.count; m++) {
    const flags = mappings.flags[m];
    mapping.push(new Mapping({
      id: m + 1,
      memoryStart: mappings.memoryStart[m],
      memoryLimit: mappings.memoryLimit[m],
      fileOffset: mappings.fileOffset[m],
      filename: s(mappings.filename[m]),
      buildId: s(mappings.buildId[m]),
      hasFunctions: (flags & MappingFlag.hasFunctions) !== 0,
      hasFilenames: (flags & MappingFlag.hasFilenames) !== 0,
      hasLineNumbers: (flags & MappingFlag.hasLineNumbers) !== 0,
      hasInlineFrames: (flags & MappingFlag.hasInlineFrames) !== 0,
    }));
  }
  const fn: PfFunction[] = [];
  for (let f = 0; f < functions.count; f++) {
    fn.push(new PfFunction({ id: f + 1, name: s(functions.name[f]), systemName: s(functions.systemName[f]), filename: s(functions.filename[f]), startLine: functions.startLine[f] }));
  }
  const location: Location[] = [];
  for (let l = 0; l < locations.count; l++) {
    const line: Line[] = [];
    for (let k = locations.lineStart[l]; k < locations.lineStart[l + 1]; k++) {
      line.push(new Line({ functionId: lines.function[k] < 0 ? 0 : lines.function[k] + 1, line: lines.line[k], column: lines.column[k] }));
    }
    location.push(new Location({ id: l + 1, mappingId: locations.mapping[l] < 0 ? 0 : locations.mapping[l] + 1, address: locations.address[l], line, isFolded: locations.isFolded[l] === 1 }));
  }
  const sample: Sample[] = [];
  for (let i = 0; i < samples.count; i++) {
    const locationId: number[] = [];
    for (let k = samples.locationStart[i]; k < samples.locationStart[i + 1]; k++) locationId.push(samples.locations[k] + 1);
    const label: Label[] = [];
    for (let k = samples.labelStart[i]; k < samples.labelStart[i + 1]; k++) {
      label.push(labels.str[k] !== 0
        ? new Label({ key: s(labels.key[k]), str: s(labels.str[k]) })
        : new Label({ key: s(labels.key[k]), num: labels.num[k], numUnit: s(labels.numUnit[k]) }));
    }
    sample.push(new Sample({ locationId, value: Array.from(samples.values.subarray(i * types, (i + 1) * types)), label }));
  }
  const profile = new PfProfile({
    sampleType: p.sampleTypes.map((t) => new ValueType({ type: text(t.type), unit: text(t.unit) })),
    sample,
    mapping,
    location,
    function: fn,
    stringTable: strings,
    dropFrames: text(p.dropFrames),
    keepFrames: text(p.keepFrames),
    timeNanos: p.timeNanos,
    durationNanos: p.durationNanos,
    periodType: p.periodType ? new ValueType({ type: text(p.periodType.type), unit: text(p.periodType.unit) }) : undefined,
    period: p.period,
    comment: p.comments.map(text),
    defaultSampleType: text(p.defaultSampleType),
    docUrl: text(p.docUrl),
  });
  return profile.encode();
}

// What a Pyroscope or Parca merge of in-use snapshots is: one pprof holding every snapshot's samples (their values
// add up per stack), each snapshot's functions, locations and mappings renumbered after the previous ones'.
import { Function as PprofFunction, Label, Line, Location, Mapping, Profile, Sample } from 'pprof-format';
import { gunzipSync } from 'node:zlib';

export function sumProfiles(files: readonly Uint8Array[]): Uint8Array {
  const decode = (b: Uint8Array) => Profile.decode(b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b);
  const out = decode(files[0]);
  for (const bytes of files.slice(1)) {
    const p = decode(bytes);
    const s = (i: number | bigint) => out.stringTable.dedup(p.stringTable.strings[Number(i)]);
    const next = (ids: readonly { id: number | bigint }[]) => ids.reduce((m, x) => Math.max(m, Number(x.id)), 0);
    const [m0, f0, l0] = [next(out.mapping), next(out.function), next(out.location)];
    for (const m of p.mapping) out.mapping.push(new Mapping({ ...m, id: Number(m.id) + m0, filename: s(m.filename), buildId: s(m.buildId) }));
    for (const f of p.function) out.function.push(new PprofFunction({ ...f, id: Number(f.id) + f0, name: s(f.name), systemName: s(f.systemName), filename: s(f.filename) }));
    for (const l of p.location) {
      out.location.push(new Location({
        ...l, id: Number(l.id) + l0, mappingId: Number(l.mappingId) ? Number(l.mappingId) + m0 : 0,
        line: l.line.map((x) => new Line({ functionId: Number(x.functionId) + f0, line: x.line })),
      }));
    }
    for (const x of p.sample) {
      out.sample.push(new Sample({
        locationId: x.locationId.map((id) => Number(id) + l0), value: x.value,
        label: x.label.map((lb) => new Label({ key: s(lb.key), str: s(lb.str), num: lb.num, numUnit: s(lb.numUnit) })),
      }));
    }
  }
  return out.encode();
}

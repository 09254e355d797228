/**
 * Merges pprof profiles of the same sample types into one, using pprof-format's object model (the core's
 * mergeProfiles builds a StackSet for display and has no encoder). Mappings, functions and locations are
 * deduplicated by content; samples with the same stack and labels have their values summed. Used by
 * compaction, for profiles whose values add up over time (CPU, wall, mutex/block deltas).
 */
import {
  Function as PfFunction, Label, Line, Location, Mapping, Profile, Sample, StringTable, ValueType,
} from 'pprof-format';

export class MergeError extends Error {}

type Numeric = number | bigint;

export function mergePprof(profiles: readonly Profile[], comments: readonly string[]): Profile {
  if (profiles.length === 0) throw new MergeError('nothing to merge');
  const first = profiles[0];
  const typesOf = (p: Profile) => p.sampleType.map((t) => `${str(p, t.type)}/${str(p, t.unit)}`).join(',');
  const expected = typesOf(first);
  for (const p of profiles) {
    if (typesOf(p) !== expected) throw new MergeError(`sample types differ: ${expected} vs ${typesOf(p)}`);
  }
  const strings = new StringTable();
  const s = (text: string) => strings.dedup(text);
  const mappings = new Map<string, Mapping>();
  const functions = new Map<string, PfFunction>();
  const locations = new Map<string, Location>();
  const samples = new Map<string, Sample>();
  let start = Infinity;
  let end = -Infinity;

  for (const p of profiles) {
    const t0 = Number(p.timeNanos);
    if (t0 > 0) {
      start = Math.min(start, t0);
      end = Math.max(end, t0 + Number(p.durationNanos));
    }
    const mappingIds = new Map<string, Numeric>();
    for (const m of p.mapping) {
      const copy = { memoryStart: m.memoryStart, memoryLimit: m.memoryLimit, fileOffset: m.fileOffset, filename: s(str(p, m.filename)), buildId: s(str(p, m.buildId)), hasFunctions: m.hasFunctions, hasFilenames: m.hasFilenames, hasLineNumbers: m.hasLineNumbers, hasInlineFrames: m.hasInlineFrames };
      const key = JSON.stringify(copy, bigintSafe);
      let merged = mappings.get(key);
      if (!merged) mappings.set(key, (merged = new Mapping({ id: mappings.size + 1, ...copy })));
      mappingIds.set(String(m.id), merged.id);
    }
    const functionIds = new Map<string, Numeric>();
    for (const f of p.function) {
      const copy = { name: s(str(p, f.name)), systemName: s(str(p, f.systemName)), filename: s(str(p, f.filename)), startLine: f.startLine };
      const key = JSON.stringify(copy, bigintSafe);
      let merged = functions.get(key);
      if (!merged) functions.set(key, (merged = new PfFunction({ id: functions.size + 1, ...copy })));
      functionIds.set(String(f.id), merged.id);
    }
    const locationIds = new Map<string, Numeric>();
    for (const l of p.location) {
      const lines = l.line.map((ln) => ({ functionId: functionIds.get(String(ln.functionId)) ?? 0, line: ln.line, column: ln.column }));
      const mappingId = mappingIds.get(String(l.mappingId)) ?? 0;
      const key = JSON.stringify([mappingId, l.address, lines, l.isFolded], bigintSafe);
      let merged = locations.get(key);
      if (!merged) locations.set(key, (merged = new Location({ id: locations.size + 1, mappingId, address: l.address, line: lines.map((x) => new Line(x)), isFolded: l.isFolded })));
      locationIds.set(String(l.id), merged.id);
    }
    for (const sample of p.sample) {
      const locs = sample.locationId.map((id) => {
        const mapped = locationIds.get(String(id));
        if (mapped === undefined) throw new MergeError(`a sample refers to location ${id}, which the profile does not have`);
        return mapped;
      });
      const labels = sample.label.map((l) => ({ key: s(str(p, l.key)), str: s(str(p, l.str)), num: l.num, numUnit: s(str(p, l.numUnit)) }));
      const key = JSON.stringify([locs, labels], bigintSafe);
      const existing = samples.get(key);
      if (existing) existing.value = existing.value.map((v, i) => Number(v) + Number(sample.value[i] ?? 0));
      else samples.set(key, new Sample({ locationId: locs, value: sample.value.map(Number), label: labels.map((l) => new Label(l)) }));
    }
  }

  return new Profile({
    sampleType: first.sampleType.map((t) => new ValueType({ type: s(str(first, t.type)), unit: s(str(first, t.unit)) })),
    sample: [...samples.values()],
    mapping: [...mappings.values()],
    location: [...locations.values()],
    function: [...functions.values()],
    stringTable: strings,
    timeNanos: Number.isFinite(start) ? start : 0,
    durationNanos: Number.isFinite(start) ? end - start : 0,
    periodType: first.periodType ? new ValueType({ type: s(str(first, first.periodType.type)), unit: s(str(first, first.periodType.unit)) }) : undefined,
    period: first.period,
    comment: comments.map(s),
    defaultSampleType: s(str(first, first.defaultSampleType)),
  });
}

function str(p: Profile, index: Numeric): string {
  return p.stringTable.strings[Number(index)] ?? '';
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

// Reads fetched profiles with the core decoder and answers the questions the tests ask about them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Label, Profile as PprofProfile } from 'pprof-format';
import type { Profile } from '../../../../src/core/profile/model';
import { parseProfile } from '../../../../src/core/profile/parse';

export const profileFixtures = resolve(__dirname, '../../../fixtures');

export function fixtureBytes(rel: string): Buffer {
  return readFileSync(resolve(profileFixtures, rel));
}

/** The fixture, gunzipped (Pyroscope sends uncompressed pprof). */
export function fixtureRaw(rel: string): Buffer {
  return gunzipSync(fixtureBytes(rel));
}

export function decode(bytes: Uint8Array, name = 'fetched'): Profile {
  return parseProfile(bytes, name);
}

export function sampleTypeIndex(p: Profile, type: string): number {
  const i = p.sampleTypes.findIndex((t) => t.type === type);
  if (i < 0) throw new Error(`no sample type ${type} in ${p.sampleTypes.map((t) => t.type).join(', ')}`);
  return i;
}

/**
 * Value per function name, counting a sample once for every distinct function on its stack (cumulative); only
 * the samples `included` says yes to, when given.
 */
export function cumulativeByFunction(p: Profile, type: string, included?: (sample: number) => boolean): Map<string, number> {
  const t = sampleTypeIndex(p, type);
  const nTypes = p.sampleTypes.length;
  const out = new Map<string, number>();
  for (let s = 0; s < p.samples.count; s++) {
    if (included && !included(s)) continue;
    const seen = new Set<string>();
    for (let k = p.samples.locationStart[s]; k < p.samples.locationStart[s + 1]; k++) {
      const loc = p.samples.locations[k];
      for (let l = p.locations.lineStart[loc]; l < p.locations.lineStart[loc + 1]; l++) {
        const fn = p.lines.function[l];
        if (fn >= 0) seen.add(p.strings.get(p.functions.name[fn]));
      }
    }
    const v = p.samples.values[s * nTypes + t];
    for (const name of seen) out.set(name, (out.get(name) ?? 0) + v);
  }
  return out;
}

/** Value per leaf function (flat). */
export function flatByFunction(p: Profile, type: string): Map<string, number> {
  const t = sampleTypeIndex(p, type);
  const nTypes = p.sampleTypes.length;
  const out = new Map<string, number>();
  for (let s = 0; s < p.samples.count; s++) {
    const start = p.samples.locationStart[s];
    if (start === p.samples.locationStart[s + 1]) continue;
    const loc = p.samples.locations[start];
    const line = p.locations.lineStart[loc];
    if (line === p.locations.lineStart[loc + 1]) continue;
    const fn = p.lines.function[line];
    const name = fn >= 0 ? p.strings.get(p.functions.name[fn]) : '';
    out.set(name, (out.get(name) ?? 0) + p.samples.values[s * nTypes + t]);
  }
  return out;
}

export function total(p: Profile, type: string): number {
  const t = sampleTypeIndex(p, type);
  let sum = 0;
  for (let s = 0; s < p.samples.count; s++) sum += p.samples.values[s * p.sampleTypes.length + t];
  return sum;
}

export function topFlat(p: Profile, type: string): string {
  return [...flatByFunction(p, type)].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

/**
 * A real profile with a sample label as `pprof.Do` would set it: `key` = `valueOf(the names of the functions on
 * the sample's stack)`, for each sample (raw pprof in, raw pprof out; `timeMs` restamps it).
 */
export function withSampleLabel(raw: Uint8Array, key: string, valueOf: (functions: readonly string[]) => string, timeMs?: number): Uint8Array {
  const p = PprofProfile.decode(raw);
  const names = new Map(p.function.map((f) => [f.id, p.stringTable.strings[Number(f.name)]]));
  const locations = new Map(p.location.map((l) => [l.id, l.line.map((line) => names.get(line.functionId) ?? '')]));
  for (const s of p.sample) {
    const functions = s.locationId.flatMap((id) => locations.get(id) ?? []);
    s.label = [...s.label, new Label({ key: p.stringTable.dedup(key), str: p.stringTable.dedup(valueOf(functions)) })];
  }
  if (timeMs !== undefined) p.timeNanos = BigInt(timeMs) * 1_000_000n;
  return p.encode();
}

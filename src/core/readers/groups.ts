/**
 * A file can hold profiles of several kinds (a JFR recording: CPU, allocations, locks), each with its own sample
 * types; what is merged and shown is one kind. These pick, in each file, the profiles of the kind that has the
 * requested sample type — or the file's first kind (its main one: CPU for JFR) when none is requested — so that
 * merging files checks, as before, that they are of one kind.
 */
import { SampleTypeError, describeSampleTypes, selectSampleType } from '../aggregate/sampleType';
import type { Profile, ValueType } from '../profile/model';

/** Each file's profiles of the kind with sample type `typeName` (or its first kind), in file order. */
export function profilesOfType(files: readonly (readonly Profile[])[], typeName?: string): Profile[] {
  return files.flatMap((profiles) => kindOf(profiles, typeName));
}

/** The sample types of every kind in the files, each (type, unit) once, in order of first appearance. */
export function allSampleTypes(files: readonly (readonly Profile[])[]): ValueType[] {
  const seen = new Map<string, ValueType>();
  for (const profiles of files) {
    for (const p of profiles) for (const t of p.sampleTypes) if (!seen.has(`${t.type}\u0000${t.unit}`)) seen.set(`${t.type}\u0000${t.unit}`, t);
  }
  return [...seen.values()];
}

/** A kind of profile: its sample types and period type. */
export function kindKey(p: Profile): string {
  return JSON.stringify([p.sampleTypes.map((t) => [t.type, t.unit]), p.periodType?.type ?? '', p.periodType?.unit ?? '']);
}

function kindOf(profiles: readonly Profile[], typeName: string | undefined): Profile[] {
  if (profiles.length === 0) return [];
  const firstKey = kindKey(profiles[0]);
  if (profiles.every((p) => kindKey(p) === firstKey)) return [...profiles];
  let key = firstKey;
  if (typeName !== undefined && typeName !== '' && !/^\d+$/.test(typeName)) {
    const hit = profiles.find((p) => hasType(p, typeName));
    if (!hit) {
      const types = allSampleTypes([profiles]);
      throw new SampleTypeError(`no sample type '${typeName}' in ${profiles[0].source}; it has ${describeSampleTypes(types)}`);
    }
    key = kindKey(hit);
  }
  return profiles.filter((p) => kindKey(p) === key);
}

function hasType(p: Profile, typeName: string): boolean {
  try {
    selectSampleType(p.sampleTypes, p.defaultSampleType, typeName);
    return true;
  } catch (e) {
    if (e instanceof SampleTypeError) return false;
    throw e;
  }
}

/**
 * The straightforward way to get `top` from pprof-format's object model, written with reasonable care (numbers
 * as keys, each function's name+file key built once) but without the columnar tricks: Maps from ids to objects,
 * a Set per sample for the recursion dedupe. Same semantics as aggregateFlatCum(…, 'function'): flat to the
 * leaf's innermost line, cum once per function per sample.
 */
import type { Profile } from 'pprof-format';

export function naiveTopByFunction(profile: Profile): { rows: number; total: number } {
  const strings = profile.stringTable.strings;
  const keyIndex = new Map<string, number>();
  const keyOfFunction = new Map<number, number>();
  for (const f of profile.function) {
    const name = `${strings[Number(f.name)]}\u0000${strings[Number(f.filename)]}`;
    if (!keyIndex.has(name)) keyIndex.set(name, keyIndex.size);
    keyOfFunction.set(Number(f.id), keyIndex.get(name)!);
  }
  const locations = new Map(profile.location.map((l) => [Number(l.id), l]));
  const typeIndex = profile.sampleType.length - 1;
  const flat = new Map<number, number>();
  const cum = new Map<number, number>();
  let total = 0;
  for (const sample of profile.sample) {
    const value = Number(sample.value[typeIndex]);
    if (value === 0) continue;
    total += Math.abs(value);
    const seen = new Set<number>();
    for (let depth = 0; depth < sample.locationId.length; depth++) {
      const location = locations.get(Number(sample.locationId[depth]));
      if (!location) continue;
      for (let i = 0; i < location.line.length; i++) {
        const key = keyOfFunction.get(Number(location.line[i].functionId)) ?? -1;
        if (depth === 0 && i === 0) flat.set(key, (flat.get(key) ?? 0) + value);
        if (!seen.has(key)) {
          seen.add(key);
          cum.set(key, (cum.get(key) ?? 0) + value);
        }
      }
    }
  }
  return { rows: cum.size, total };
}

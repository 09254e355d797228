/**
 * The straightforward way to get `top` from pprof-format's object model — Maps from ids to objects, a Set per
 * sample for the recursion dedupe — as a baseline for what the columnar path saves. Same semantics as
 * aggregateFlatCum(…, 'function'): flat to the leaf's innermost line, cum once per function per sample.
 */
import type { Profile } from 'pprof-format';

export function naiveTopByFunction(profile: Profile): { rows: number; total: number } {
  const strings = profile.stringTable.strings;
  const functions = new Map(profile.function.map((f) => [Number(f.id), f]));
  const locations = new Map(profile.location.map((l) => [Number(l.id), l]));
  const typeIndex = profile.sampleType.length - 1;
  const flat = new Map<string, number>();
  const cum = new Map<string, number>();
  let total = 0;
  for (const sample of profile.sample) {
    const value = Number(sample.value[typeIndex]);
    if (value === 0) continue;
    total += Math.abs(value);
    const seen = new Set<string>();
    sample.locationId.forEach((id, depth) => {
      const location = locations.get(Number(id));
      location?.line.forEach((line, i) => {
        const fn = functions.get(Number(line.functionId));
        const key = fn ? `${strings[Number(fn.name)]}\u0000${strings[Number(fn.filename)]}` : '<unknown>';
        if (depth === 0 && i === 0) flat.set(key, (flat.get(key) ?? 0) + value);
        if (!seen.has(key)) {
          seen.add(key);
          cum.set(key, (cum.get(key) ?? 0) + value);
        }
      });
    });
  }
  return { rows: cum.size, total };
}

import type { Profile } from '../../../../src/core/profile/model';

/** A sample's label value by key (string, or a number as text), from the profile's label table. */
export function labelOf(p: Profile, sample: number, key: string): string | undefined {
  for (let l = p.samples.labelStart[sample]; l < p.samples.labelStart[sample + 1]; l++) {
    if (p.strings.get(p.labels.key[l]) !== key) continue;
    return p.labels.str[l] !== 0 ? p.strings.get(p.labels.str[l]) : String(p.labels.num[l]);
  }
  return undefined;
}

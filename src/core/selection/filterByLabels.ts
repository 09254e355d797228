/**
 * The samples of a profile whose labels pass a label filter (core/query/labels.ts), as a profile of the same shape
 * (only the sample and label tables are new; strings, locations, functions and mappings are shared). Used where a
 * selection is applied to decoded profiles outside the worker's query (the CLI's agent tools, trace → profile by
 * label). Each sample's labels are one label set; matchers are evaluated as the query evaluates them.
 */
import type { LabelTable, Profile, SampleTable } from '../profile/model';
import type { LabelMatcher } from '../query/labels';
import { matchLabelSets, sampleLabelSets } from '../query/labelsMatch';

export interface FilteredProfile {
  readonly profile: Profile;
  /** Samples kept and samples in the input. */
  readonly kept: number;
  readonly of: number;
}

export function filterByLabels(profile: Profile, matchers: readonly LabelMatcher[]): FilteredProfile {
  const { samples, strings } = profile;
  if (matchers.length === 0) return { profile, kept: samples.count, of: samples.count };
  const keep = matchLabelSets(sampleLabelSets(profile), strings, matchers).pass;
  let kept = 0;
  let keptLocations = 0;
  let keptLabels = 0;
  for (let s = 0; s < samples.count; s++) {
    if (!keep[s]) continue;
    kept++;
    keptLocations += samples.locationStart[s + 1] - samples.locationStart[s];
    keptLabels += samples.labelStart[s + 1] - samples.labelStart[s];
  }
  if (kept === samples.count) return { profile, kept, of: samples.count };
  return { profile: { ...profile, samples: subsetSamples(samples, keep, kept, keptLocations, profile.sampleTypes.length), labels: subsetLabels(samples, profile.labels, keep, keptLabels) }, kept, of: samples.count };
}

function subsetSamples(samples: SampleTable, keep: Uint8Array, kept: number, keptLocations: number, types: number): SampleTable {
  const locationStart = new Int32Array(kept + 1);
  const locations = new Int32Array(keptLocations);
  const values = new Float64Array(kept * types);
  const labelStart = new Int32Array(kept + 1);
  let out = 0;
  let loc = 0;
  let lab = 0;
  for (let s = 0; s < samples.count; s++) {
    if (!keep[s]) continue;
    const from = samples.locationStart[s];
    const to = samples.locationStart[s + 1];
    locations.set(samples.locations.subarray(from, to), loc);
    loc += to - from;
    values.set(samples.values.subarray(s * types, (s + 1) * types), out * types);
    lab += samples.labelStart[s + 1] - samples.labelStart[s];
    out++;
    locationStart[out] = loc;
    labelStart[out] = lab;
  }
  return { count: kept, locationStart, locations, values, labelStart };
}

function subsetLabels(samples: SampleTable, labels: LabelTable, keep: Uint8Array, keptLabels: number): LabelTable {
  const key = new Int32Array(keptLabels);
  const str = new Int32Array(keptLabels);
  const num = new Float64Array(keptLabels);
  const numUnit = new Int32Array(keptLabels);
  let out = 0;
  for (let s = 0; s < samples.count; s++) {
    if (!keep[s]) continue;
    for (let l = samples.labelStart[s]; l < samples.labelStart[s + 1]; l++, out++) {
      key[out] = labels.key[l];
      str[out] = labels.str[l];
      num[out] = labels.num[l];
      numUnit[out] = labels.numUnit[l];
    }
  }
  return { count: keptLabels, key, str, num, numUnit };
}

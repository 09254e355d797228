/** A legacy profile as read (model.ts) → the columnar Profile every view reads. */
import type { ProfileLimits } from '../../profile/limits';
import type { Profile } from '../../profile/model';
import { ProfileBuilder } from '../build/profileBuilder';
import type { LegacyLocation, LegacyMapping, LegacyProfile } from './model';

export function toProfile(p: LegacyProfile, source: string, limits: ProfileLimits): Profile {
  const builder = new ProfileBuilder(source, limits, {
    sampleTypes: p.sampleTypes,
    periodType: p.periodType,
    period: p.period,
    durationNanos: p.durationNanos,
  });
  const mappingIndex = new Map<LegacyMapping, number>();
  for (const m of p.mappings) mappingIndex.set(m, builder.mapping(m));
  const locationIndex = new Map<LegacyLocation, number>();
  const location = (l: LegacyLocation) => {
    let id = locationIndex.get(l);
    if (id === undefined) {
      const fn = l.line ? builder.function(builder.strings.intern(l.line.fn.name), builder.strings.intern(l.line.fn.file)) : -1;
      id = fn >= 0 ? builder.frame(fn, l.line!.line) : builder.address(l.address, l.mapping ? mappingIndex.get(l.mapping) ?? -1 : -1);
      locationIndex.set(l, id);
    }
    return id;
  };
  let stack = new Int32Array(64);
  for (const s of p.samples) {
    if (s.locations.length > stack.length) stack = new Int32Array(s.locations.length * 2);
    s.locations.forEach((l, i) => (stack[i] = location(l)));
    const labels = s.numLabels?.length ? builder.numericLabelSet(s.numLabels) : 0;
    builder.sample(stack, s.locations.length, s.values, labels);
  }
  return { ...builder.build(), dropFrames: p.dropFrames, keepFrames: p.keepFrames };
}

/**
 * The absolute view of a diff, beside the normalised one: each function's cost per second of profiled time (per
 * profile when a side's profiles do not say how long they ran, e.g. heap snapshots) on each side, the change, and
 * whether it is more than sampling noise. When one function's share jumps, every other share falls a little; the
 * absolute figures say whether their cost really moved.
 *
 * Noise: the function was seen on k1 samples over exposure e1 and k2 over e2 (seconds or profiles); `rateZ` tests
 * whether the two rates differ, with the share test's Bonferroni-corrected critical |z| (diff.noise). Without sample
 * counts every nonzero change counts, as in the share view.
 */
import type { FunctionDiff } from './functionDiff';
import { rateZ } from './significance';

export interface Exposure {
  /** What one unit of exposure is. */
  readonly per: 'second' | 'profile';
  readonly base: number;
  readonly head: number;
}

export interface AbsoluteChange {
  /** The function's total (cum) cost per unit of exposure on each side, and head − base. */
  readonly base: number;
  readonly head: number;
  readonly change: number;
  readonly z: number;
  readonly significant: boolean;
}

/** Seconds of profiled time when both sides know theirs, else profiles (how many on each side). */
export function diffExposure(diff: FunctionDiff, baseProfiles: number, headProfiles: number): Exposure {
  const { base, head } = diff;
  if (base.durationNanos > 0 && head.durationNanos > 0) return { per: 'second', base: base.durationNanos / 1e9, head: head.durationNanos / 1e9 };
  return { per: 'profile', base: baseProfiles, head: headProfiles };
}

/** Every exposure both sides know: per second when both sides' profiles say how long they ran, and per profile. */
export function diffExposures(diff: FunctionDiff, baseProfiles: number, headProfiles: number): Exposure[] {
  const perProfile: Exposure = { per: 'profile', base: baseProfiles, head: headProfiles };
  const chosen = diffExposure(diff, baseProfiles, headProfiles);
  return chosen.per === 'second' ? [chosen, perProfile] : [perProfile];
}

/** One per row of `diff.functions`, in the same order. */
export function absoluteChanges(diff: FunctionDiff, exposure: Exposure): AbsoluteChange[] {
  return diff.functions.map((r) => absoluteChange(r.base, r.head, r.baseCount, r.headCount, exposure, diff.noise));
}

/**
 * One thing's (a function's, a line's) absolute change: its values per unit of exposure and whether the change is
 * beyond noise, given its sample counts on each side (k1, k2) and the diff's noise test.
 */
export function absoluteChange(baseValue: number, headValue: number, baseCount: number, headCount: number, exposure: Exposure, noise: FunctionDiff['noise']): AbsoluteChange {
  const perUnit = (value: number, e: number) => (e > 0 ? value / e : 0);
  const base = perUnit(baseValue, exposure.base);
  const head = perUnit(headValue, exposure.head);
  // Rounding in the divisions is no change: the same cost over three profiles as over one is not "+0.0001 ns/s".
  const change = Math.abs(head - base) <= 1e-9 * Math.max(Math.abs(base), Math.abs(head)) ? 0 : head - base;
  const z = noise.estimated ? rateZ(baseCount, exposure.base, headCount, exposure.head) : 0;
  return { base, head, change, z, significant: change !== 0 && (!noise.estimated || Math.abs(z) > noise.criticalZ) };
}

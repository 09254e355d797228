/**
 * A memory snapshot (one decoded heap profile) → its allocation sites' in-use values and, when the profile has
 * them, its cumulative allocation values (Go: inuse_space with alloc_space, inuse_objects with alloc_objects),
 * through the engine: one model, one selection per type, siteValues.
 */
import { buildModel } from '../model/buildModel';
import type { Profile } from '../profile/model';
import { select } from '../query/select';
import { siteValues, type SiteValues } from './allocationSites';
import type { KeyIndex } from './summary';

/** The in-use type asked for (or the profile's default), and its alloc_* counterpart when the profile has one. */
export function snapshotSites(profile: Profile, inuseType: string | undefined, index: KeyIndex): { sites: SiteValues; type: string; unit: string; timeMs: number; period: number } {
  const model = buildModel([profile]);
  const has = (name: string) => model.sampleTypes.some((t) => t.type === name);
  const inuse = select(model, { type: inuseType !== undefined && has(inuseType) ? inuseType : undefined });
  const allocName = inuse.sampleType.type.startsWith('inuse_') ? `alloc_${inuse.sampleType.type.slice('inuse_'.length)}` : undefined;
  const selections = allocName && has(allocName) ? [inuse, select(model, { type: allocName })] : [inuse];
  const t = model.profiles.timeNanos[0];
  // The period is a sampling interval in the in-use type's unit only when the period type says so (Go: space/bytes).
  const period = model.periodType && model.periodType.unit === inuse.sampleType.unit ? model.period : 0;
  return { sites: siteValues(selections, index), type: inuse.sampleType.type, unit: inuse.sampleType.unit, timeMs: t > 0 ? t / 1e6 : 0, period };
}

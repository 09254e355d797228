// "My code only" (preset app-only) in a comparison's selection: it needs each side's workspace mapping, and without
// a workspace it is left out (said in the header and notes) rather than failing the comparison.
import type { FrameFilter } from '../query/filters';
import { APP_ONLY_PRESET } from '../query/filtersPresets';

export const asksAppOnly = (frames: FrameFilter | undefined): boolean => frames?.presets?.includes(APP_ONLY_PRESET) ?? false;

/** The frame filter without "my code only" (its other presets and patterns kept). */
export function withoutAppOnly(frames: FrameFilter | undefined): FrameFilter | undefined {
  return asksAppOnly(frames) ? { ...frames, presets: frames!.presets!.filter((p) => p !== APP_ONLY_PRESET) } : frames;
}

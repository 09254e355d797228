/**
 * A query's frame filter → the stacks a selection sums rows into: go tool pprof's focus/ignore/hide/show/show_from
 * and the noise presets (filters*.ts), evaluated once per function and frame, then once per stack; then the
 * `app-only` preset (filtersAppOnly.ts), which needs the workspace's kind of code per frame.
 *
 * The model keeps neither the boundaries of pprof locations inside a stack nor the binary of symbolized frames, so
 * two corner cases differ from pprof: show_from does not trim the outer inlined lines of a matching location below
 * the cut, and a pattern is matched against the binary of unsymbolized frames only.
 */
import type { ProfileModel } from '../model/types';
import { QueryError } from './errors';
import { markRewritten } from '../aggregate/stackOrders';
import { compileFrameFilter, formatFrameFilter, FRAME_OPTION_NAMES, FRAME_PATTERN_OPTIONS, isFrameFilterActive, type FrameFilter } from './filters';
import { collapseToAppCode } from './filtersAppOnly';
import { filterStacks } from './filtersApply';
import { matchFrames } from './filtersMatch';
import { APP_ONLY_PRESET, noisePreset } from './filtersPresets';
import type { SyntheticFrames } from './filtersSynthetic';
import type { SelectContext } from './types';
import type { StackTable } from '../model/types';

export interface FilteredModelStacks {
  /** The stacks rows are summed into; undefined: the model's own, untouched. */
  readonly stacks: StackTable | undefined;
  /** Per model stack, its stack in `stacks` (-1: dropped); undefined: the identity. */
  readonly stackOf: Int32Array | undefined;
  readonly notes: readonly string[];
}

/** Results kept per model (the last few frame filters): changing the labels, time range or type reuses them. */
const KEPT_PER_MODEL = 4;
const kept = new WeakMap<ProfileModel, { key: string; frameClass: Uint8Array | undefined; result: FilteredModelStacks; made: readonly string[] }[]>();

/**
 * The model's stacks under the filter. Must run before anything else adds to `synthetic` (select calls it first):
 * a result is reused with the made-up frames it was computed with, re-added in the same order.
 */
export function filteredStacks(model: ProfileModel, filter: FrameFilter | undefined, context: SelectContext, synthetic: SyntheticFrames): FilteredModelStacks {
  if (!filter || !isFrameFilterActive(filter)) return { stacks: undefined, stackOf: undefined, notes: [] };
  const key = formatFrameFilter(filter);
  const frameClass = filter.presets?.includes(APP_ONLY_PRESET) ? context.frameClass : undefined;
  const entries = kept.get(model) ?? [];
  const hit = entries.find((e) => e.key === key && e.frameClass === frameClass);
  if (hit && synthetic.added === 0) {
    for (const name of hit.made) synthetic.frame(name);
    return hit.result;
  }
  const result = compute(model, filter, context, synthetic);
  entries.unshift({ key, frameClass, result, made: synthetic.addedNames() });
  kept.set(model, entries.slice(0, KEPT_PER_MODEL));
  return result;
}

/** The stack tables of the frame filters kept for the model (what else holds memory beside it: their orders too). */
export function keptFilterTables(model: ProfileModel): StackTable[] {
  return (kept.get(model) ?? []).flatMap((e) => (e.result.stacks ? [e.result.stacks] : []));
}

function compute(model: ProfileModel, filter: FrameFilter, context: SelectContext, synthetic: SyntheticFrames): FilteredModelStacks {
  const compiled = compileFrameFilter(filter);
  const notes: string[] = [];
  let stacks: StackTable | undefined;
  let stackOf: Int32Array | undefined;
  const patterns = FRAME_PATTERN_OPTIONS.some((o) => compiled[o]) || compiled.presets.some((p) => noisePreset(p));
  if (patterns) {
    const placeholder = placeholderFunctions(model);
    const matched = matchFrames(model.frames, { ...model.functions, placeholder }, model.strings, compiled);
    notes.push(...matched.notes);
    for (const o of FRAME_PATTERN_OPTIONS) {
      const name = FRAME_OPTION_NAMES[o];
      if (compiled[o] && matched.matched.get(name) === false) notes.push(`${name} ${JSON.stringify(compiled[o]!.pattern)} matches no function, file or binary`);
    }
    const filtered = filterStacks(model.stacks, matched.flags, compiled);
    stacks = filtered.stacks === model.stacks ? undefined : filtered.stacks;
    stackOf = filtered.stackOf;
    // Its flame graph's order comes from the model's (most stacks are left as they were).
    if (stacks && filtered.sameAs) markRewritten(stacks, { base: model.stacks, stackOf, sameAs: filtered.sameAs });
  }
  if (compiled.presets.includes(APP_ONLY_PRESET)) {
    if (!context.frameClass) throw new QueryError('"my code only" (preset app-only) needs the workspace: open the profile in a workspace to use it');
    const collapsed = collapseToAppCode(stacks ?? model.stacks, context.frameClass, synthetic);
    markRewritten(collapsed.stacks, { base: stacks ?? model.stacks, stackOf: collapsed.stackOf, sameAs: collapsed.sameAs });
    stackOf = stackOf ? stackOf.map((s) => (s < 0 ? -1 : collapsed.stackOf[s])) : collapsed.stackOf;
    stacks = collapsed.stacks;
  }
  return { stacks, stackOf, notes };
}

/**
 * The functions the model made up for unsymbolized code (pprof sees no function there): those whose frames carry
 * a binary (only placeholders' do), and `<unknown>`, the placeholder of code without a mapping either.
 */
function placeholderFunctions(model: ProfileModel): Uint8Array {
  const { functions, frames, strings } = model;
  const placeholder = new Uint8Array(functions.count);
  for (let f = 0; f < frames.count; f++) if (frames.binary[f] !== 0) placeholder[frames.function[f]] = 1;
  for (let f = 0; f < functions.count; f++) if (functions.file[f] === 0 && strings.get(functions.name[f]) === '<unknown>') placeholder[f] = 1;
  return placeholder;
}

/**
 * The functions of a selection grouped by a label (select with groupBy): per group — a value of the label, "other",
 * the samples without it — its total and its costliest functions with their flat and cum in that group's samples
 * (flatCum's rule: cum once per stack). Hotspots' "Group by…" rows. One pass over the stacks, group after group (each
 * stack is in one group: its root frame says which); the work is the selection's frames once, whatever the number of
 * groups, and the memory one flat and cum per function, reused from group to group.
 */
import type { Selection, SelectionGroups } from './types';

export interface FunctionGroup {
  readonly title: string;
  readonly kind: 'value' | 'other' | 'missing';
  /** The |value| of the group's samples. */
  readonly total: number;
  /** The group's costliest functions (function ids of the selection), by cum, then flat. */
  readonly functions: Int32Array;
  readonly flat: Float64Array;
  readonly cum: Float64Array;
}

/** @param top functions listed per group */
export function groupedFunctions(selection: Selection, top: number): FunctionGroup[] {
  const groups = groupsOf(selection);
  const result: FunctionGroup[] = [];
  eachGroupFlatCum(selection, (g, touched, flat, cum) => {
    const ranked = touched.filter((fn) => cum[fn] !== 0 || flat[fn] !== 0)
      .sort((a, b) => Math.abs(cum[b]) - Math.abs(cum[a]) || Math.abs(flat[b]) - Math.abs(flat[a]) || a - b).slice(0, top);
    result.push({
      title: groups.titles[g], kind: groups.kinds[g], total: groups.total[g],
      functions: Int32Array.from(ranked), flat: Float64Array.from(ranked, (fn) => flat[fn]), cum: Float64Array.from(ranked, (fn) => cum[fn]),
    });
  });
  return result;
}

export function groupsOf(selection: Selection): SelectionGroups {
  if (!selection.groups) throw new Error('counting per group needs a selection grouped by a label (ProfileQuery.groupBy)');
  return selection.groups;
}

/**
 * Visits the groups in order, each with the functions its samples touch and their flat and cum in those samples
 * (indexed by function id; valid during the call only: the arrays are reused for the next group).
 */
export function eachGroupFlatCum(selection: Selection, visit: (group: number, touched: readonly number[], flat: Float64Array, cum: Float64Array) => void): void {
  const groups = groupsOf(selection);
  const { stacks, value } = selection;
  const frameFn = selection.frames.function;
  const groupOfFrame = new Map<number, number>();
  groups.frame.forEach((f, g) => groupOfFrame.set(f, g));
  // The stacks of each group with a value, in order (a counting sort by group): the root frame is the group's.
  const G = groups.frame.length;
  const groupOfStack = new Int32Array(stacks.count).fill(-1);
  const start = new Int32Array(G + 1);
  for (let s = 0; s < stacks.count; s++) {
    const a = stacks.start[s];
    const b = stacks.start[s + 1];
    if (value[s] === 0 || a === b) continue;
    const g = groupOfFrame.get(stacks.frames[b - 1]) ?? -1;
    groupOfStack[s] = g;
    if (g >= 0) start[g + 1]++;
  }
  for (let g = 0; g < G; g++) start[g + 1] += start[g];
  const order = new Int32Array(start[G]);
  const at = start.slice(0, G);
  for (let s = 0; s < stacks.count; s++) if (groupOfStack[s] >= 0) order[at[groupOfStack[s]]++] = s;

  const flat = new Float64Array(selection.functions.count);
  const cum = new Float64Array(selection.functions.count);
  const stamp = new Int32Array(selection.functions.count).fill(-1);
  const touched: number[] = [];
  for (let g = 0; g < G; g++) {
    touched.length = 0;
    for (let k = start[g]; k < start[g + 1]; k++) {
      const s = order[k];
      const v = value[s];
      // The last frame is the group's root, no function of the profile.
      const end = stacks.start[s + 1] - 1;
      if (stacks.start[s] < end) flat[frameFn[stacks.frames[stacks.start[s]]]] += v;
      for (let i = stacks.start[s]; i < end; i++) {
        const fn = frameFn[stacks.frames[i]];
        if (stamp[fn] === s) continue;
        if (stamp[fn] === -1) touched.push(fn);
        stamp[fn] = s;
        cum[fn] += v;
      }
    }
    visit(g, touched, flat, cum);
    for (const fn of touched) {
      flat[fn] = 0;
      cum[fn] = 0;
      stamp[fn] = -1;
    }
  }
}

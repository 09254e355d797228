/**
 * The order of each stack table's sequences (sequenceOrder.ts), made once per table and kept beside it while the table
 * lives: a selection of the same stacks (a time range, a label filter, focus or ignore) builds its tree from it. A
 * table made from another takes its order from that one's rather than sorting all again: a group-by's stacks (each
 * a base stack under a group's root frame) by group then in the base order; a frame filter's rewrite (hide,
 * show_from, my code only) by merging the stacks it left as they were, in the base order, with the ones it changed,
 * sorted (rewrittenOrder.ts). An order can be made in slices (the profile worker's idle time) and finished at once
 * by a tree that needs it, from where the slices got to.
 */
import type { StackTable } from '../model/types';
import { RewrittenSort, type OrderInSteps, type RewrittenStacks } from './rewrittenOrder';
import { orderBytes, rootFirst, SequenceSort, withColumns, type SequenceFrames, type SequenceOrder } from './sequenceOrder';

/** A table's stacks root first and their order: made, or being made in slices. */
interface KeptOrder {
  readonly sequences: SequenceFrames;
  order?: SequenceOrder;
  sorting?: OrderInSteps;
}

const kept = new WeakMap<StackTable, KeptOrder>();

/**
 * The table's stacks root first and their order, made once per table (a model's, a frame filter's kept rewrite, a
 * group-by's) and kept while the table lives. An order being made in slices (stackOrderInSteps) is finished from
 * where it got to.
 */
export function stackOrderOf(stacks: StackTable, functionOfFrame: Int32Array, functionCount: number): { sequences: SequenceFrames; order: SequenceOrder } {
  const entry = keptEntry(stacks, functionOfFrame, functionCount);
  if (!entry.order) {
    entry.order = entry.sorting!.result();
    entry.sorting = undefined;
  }
  return { sequences: entry.sequences, order: entry.order };
}

/**
 * The table's order made a slice at a time (the profile worker's idle time): each `advance(units)` sorts on for about
 * that many reads of a function and says whether the order is made. The slices and stackOrderOf share one sort, so
 * a tree asked for meanwhile finishes it rather than starting again.
 */
export function stackOrderInSteps(stacks: StackTable, functionOfFrame: Int32Array, functionCount: number): { advance(units: number): boolean } {
  return {
    advance: (units) => {
      const entry = keptEntry(stacks, functionOfFrame, functionCount);
      if (entry.order) return true;
      if (!entry.sorting!.advance(units)) return false;
      entry.order = entry.sorting!.result();
      entry.sorting = undefined;
      return true;
    },
  };
}

/** Lets go of a sort of the table made in slices and left unfinished (nothing will use the table's order now). */
export function dropUnfinishedOrder(stacks: StackTable): void {
  if (kept.get(stacks)?.order === undefined) kept.delete(stacks);
}

/** The table's kept entry: its order when made (a group-by's is derived at once), else the sort that makes it. */
function keptEntry(stacks: StackTable, functionOfFrame: Int32Array, functionCount: number): KeptOrder {
  let entry = kept.get(stacks);
  if (!entry) {
    const sequences = rootFirst(stacks);
    const grouped = groupedOf.get(stacks);
    const rewritten = rewrittenOf.get(stacks);
    if (grouped) entry = { sequences, order: groupedStackOrder(sequences, grouped, functionOfFrame, functionCount) };
    else if (rewritten && mostlyUnchanged(rewritten)) entry = { sequences, sorting: new RewrittenSort(sequences, rewritten, baseInSteps(rewritten.base, functionOfFrame, functionCount), functionOfFrame, functionCount) };
    else entry = { sequences, sorting: new SequenceSort(sequences, functionOfFrame, functionCount) };
    kept.set(stacks, entry);
  }
  return entry;
}

/** Bytes the table's kept order holds (its sequences' columns too; a sort under way: what it holds so far). */
export function keptOrderBytes(stacks: StackTable): number {
  const entry = kept.get(stacks);
  if (!entry) return 0;
  const sequences = entry.sequences.first.byteLength + entry.sequences.length.byteLength;
  return sequences + (entry.order ? orderBytes(entry.order) : entry.sorting?.bytes ?? 0);
}

/** How a group-by made its stacks: stack s is `base` stack baseStack[s] under group[s]'s root frame. */
export interface GroupedStacks {
  readonly base: StackTable;
  readonly baseStack: Int32Array;
  readonly group: Int32Array;
  readonly groups: number;
}

const groupedOf = new WeakMap<StackTable, GroupedStacks>();
const rewrittenOf = new WeakMap<StackTable, RewrittenStacks>();

/** Says that a frame filter rewrote `stacks` from `rewritten.base`'s, so their order comes from the base's. */
export function markRewritten(stacks: StackTable, rewritten: RewrittenStacks): void {
  rewrittenOf.set(stacks, rewritten);
}

/**
 * Whether enough of a rewrite's stacks are as they were for its order to come from the base's: when most changed (my
 * code only collapses every stack's runtime root), merging costs more than it saves.
 */
function mostlyUnchanged(rewritten: RewrittenStacks): boolean {
  let unchanged = 0;
  for (const s of rewritten.sameAs) if (s >= 0) unchanged++;
  return unchanged * 4 >= rewritten.sameAs.length;
}

/** The base table's order as slices of a RewrittenSort's: the base's own kept order (made once, whoever asks). */
function baseInSteps(base: StackTable, functionOfFrame: Int32Array, functionCount: number): OrderInSteps {
  const steps = stackOrderInSteps(base, functionOfFrame, functionCount);
  return {
    advance: (units = Infinity) => steps.advance(units),
    result: () => stackOrderOf(base, functionOfFrame, functionCount).order,
    get bytes() {
      return 0; // counted as the base's
    },
  };
}

/** Says that `stacks` were made by a group-by from `grouped.base`, so their order comes from the base's. */
export function markGrouped(stacks: StackTable, grouped: GroupedStacks): void {
  groupedOf.set(stacks, grouped);
}

/**
 * A group-by's order from its base table's: by group (each group's root frame is its own function), then in the
 * base order. Two stacks of one group share their root frame and then what their base stacks share, which is the
 * least common prefix over the base positions between them.
 */
function groupedStackOrder(sequences: SequenceFrames, grouped: GroupedStacks, functionOfFrame: Int32Array, functionCount: number): SequenceOrder {
  const { base, baseStack, group, groups } = grouped;
  const baseOrder = stackOrderOf(base, functionOfFrame, functionCount).order;
  const n = baseStack.length;
  // The grouped stacks at each base position (a CSR, with their groups beside them: the pass below then reads in
  // order), and where each group's run starts.
  const basePosition = baseOrder.positionOf;
  const atPosition = new Int32Array(base.count + 1);
  const groupStart = new Int32Array(groups + 1);
  for (let s = 0; s < n; s++) {
    atPosition[basePosition[baseStack[s]] + 1]++;
    groupStart[group[s] + 1]++;
  }
  for (let p = 0; p < base.count; p++) atPosition[p + 1] += atPosition[p];
  for (let g = 0; g < groups; g++) groupStart[g + 1] += groupStart[g];
  const list = new Int32Array(n);
  const listGroup = new Int32Array(n);
  const fill = atPosition.slice(0, base.count);
  for (let s = 0; s < n; s++) {
    const k = fill[basePosition[baseStack[s]]]++;
    list[k] = s;
    listGroup[k] = group[s];
  }
  const order = new Int32Array(n);
  const lcpFunction = new Int32Array(n);
  const lcpFrame = new Int32Array(n);
  const at = groupStart.slice(0, groups);
  // Per group: the base position of its last stack, -1 before its first.
  const last = new Int32Array(groups).fill(-1);
  const functions = new SuffixMinima(base.count);
  const frames = new SuffixMinima(base.count);
  for (let p = 0; p < base.count; p++) {
    const from = atPosition[p];
    const to = atPosition[p + 1];
    if (p > 0) {
      functions.push(p, baseOrder.lcpFunction[p]);
      frames.push(p, baseOrder.lcpFrame[p]);
    }
    for (let k = from; k < to; k++) {
      const g = listGroup[k];
      const i = at[g]++;
      order[i] = list[k];
      // The group's root frame is shared, then the base stacks' common prefix: the least over the base positions
      // since the group's last stack.
      if (last[g] >= 0) {
        lcpFunction[i] = 1 + functions.since(last[g]);
        lcpFrame[i] = 1 + frames.since(last[g]);
      }
      last[g] = p;
    }
  }
  return withColumns(sequences, order, lcpFunction, lcpFrame, baseOrder.maxLength + 1);
}

/**
 * The least value pushed after a given position, for positions pushed in increasing order: a stack of the values
 * that are each less than every one pushed after them, searched by position. Keeps a group-by's order in
 * O(stacks log stacks), however many groups there are.
 */
class SuffixMinima {
  private readonly positions: Int32Array;
  private readonly values: Int32Array;
  private size = 0;

  constructor(capacity: number) {
    this.positions = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
  }

  push(position: number, value: number): void {
    while (this.size > 0 && this.values[this.size - 1] >= value) this.size--;
    this.positions[this.size] = position;
    this.values[this.size++] = value;
  }

  /** The least value pushed at a position after `position` (one must have been). */
  since(position: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.positions[mid] > position) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}

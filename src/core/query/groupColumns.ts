/**
 * The functions table of a grouped selection, split into a column per group (select with groupBy and groupTop: the
 * costliest values, then "other", then the samples without the label): per function and group, its flat and cum in
 * that group's samples (flatCum's rule, group by group).
 */
import { eachGroupFlatCum, groupsOf } from './groupedFunctions';
import type { Selection } from './types';

export interface GroupColumn {
  readonly title: string;
  readonly kind: 'value' | 'other' | 'missing';
  /** The |value| of the group's samples. */
  readonly total: number;
}

export interface GroupColumns {
  readonly key: string;
  readonly columns: readonly GroupColumn[];
  /** Per column, the function id of its group's root frame (a made-up function of the grouped selection). */
  readonly groupFunctions: Int32Array;
  /** Per function f of the selection and column c: `flat[f * columns.length + c]`. */
  readonly flat: Float64Array;
  readonly cum: Float64Array;
}

export function groupColumns(selection: Selection): GroupColumns {
  const groups = groupsOf(selection);
  const C = groups.frame.length;
  const n = selection.functions.count;
  const flatOut = new Float64Array(n * C);
  const cumOut = new Float64Array(n * C);
  eachGroupFlatCum(selection, (c, touched, flat, cum) => {
    for (const fn of touched) {
      flatOut[fn * C + c] = flat[fn];
      cumOut[fn * C + c] = cum[fn];
    }
  });
  return {
    key: groups.key,
    columns: groups.titles.map((title, g) => ({ title, kind: groups.kinds[g], total: groups.total[g] })),
    groupFunctions: Int32Array.from(groups.frame, (frame) => selection.frames.function[frame]),
    flat: flatOut,
    cum: cumOut,
  };
}

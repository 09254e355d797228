/**
 * select(model, query) → Selection: the rows that pass the time range and the label conditions, summed per stack
 * (of the model, or of the stacks a frame filter rewrites them into), in one pass over the rows. Time ranges are
 * decided once per profile, label conditions once per label set, frame filters once per function and frame, then
 * once per stack. Group-by (a label key) gives each (stack, group) a stack of its own, under one made-up root frame
 * per group: the groups are ranked by a first pass over the rows.
 */
import { AbsoluteTotal, diffBaseLabelSets } from '../aggregate/absoluteTotal';
import { PairIndex } from '../aggregate/pairIndex';
import { selectSampleType } from '../aggregate/sampleType';
import { countSource } from '../diff/significance';
import { GrowableInt32 } from '../aggregate/growable';
import { markGrouped } from '../aggregate/stackOrders';
import type { ProfileModel, StackTable } from '../model/types';
import { filteredStacks } from './frameFilter';
import { SyntheticFrames } from './filtersSynthetic';
import { labelSetsPassing } from './labelFilter';
import { DEFAULT_GROUPS, groupLabelSets, groupTitle } from './labelsGroupBy';
import type { ProfileQuery, SelectContext, Selection, SelectionGroups, TimeRange } from './types';

export function select(model: ProfileModel, query: ProfileQuery = {}, context: SelectContext = {}): Selection {
  const typeIndex = sampleTypeIndex(model, query.type);
  const profileSelected = selectedProfiles(model, query.timeRange);
  const labels = labelSetsPassing(model, query);
  const labelSetOn = labels.pass;
  const synthetic = new SyntheticFrames(model);
  const filtered = filteredStacks(model, query.frames, context, synthetic);
  let stacks = filtered.stacks ?? model.stacks;
  let stackOf = filtered.stackOf;
  const grouping = query.groupBy !== undefined && query.groupBy !== '' ? groupRows(model, query, typeIndex, profileSelected, labelSetOn, stacks, stackOf, synthetic) : undefined;
  if (grouping) {
    stacks = grouping.stacks;
    stackOf = undefined;
  }

  const counts = countSource(model.sampleTypes, typeIndex, model.periodType, model.period);
  const countIndex = counts.kind === 'type' ? counts.index : -1;
  const perCount = counts.kind === 'period' ? 1 / counts.period : 0;
  const value = new Float64Array(stacks.count);
  const count = counts.kind === 'none' ? undefined : new Float64Array(stacks.count);
  const companionIndex = context.companionType ?? -1;
  const companion = companionIndex >= 0 ? new Float64Array(stacks.count) : undefined;
  const labelSetValue = new Float64Array(model.labelSets.count);
  const labelSetCount = count ? new Float64Array(model.labelSets.count) : undefined;
  const types = model.sampleTypes.length;
  const rows = model.rows;
  const values = rows.values;
  const absValues = rows.absValues;
  // pprof's total (aggregate/absoluteTotal.ts): of the rows' values, before rows of one stack are netted.
  const total = new AbsoluteTotal();
  const countTotal = new AbsoluteTotal();
  const diffBase = diffBaseLabelSets(model);
  let matchedRows = 0;
  for (let r = 0; r < rows.count; r++) {
    if (!profileSelected[rows.profile[r]]) continue;
    if (labelSetOn && !labelSetOn[rows.labelSet[r]]) continue;
    const s = grouping ? grouping.stackOfRow[r] : stackOf ? stackOf[rows.stack[r]] : rows.stack[r];
    if (s < 0) continue;
    const v = values[r * types + typeIndex];
    if (companion) companion[s] += values[r * types + companionIndex];
    const isBase = diffBase !== undefined && diffBase[rows.labelSet[r]] === 1;
    // A row can net to 0 from samples that did not: they still count in the total.
    if (absValues) {
      total.add(absValues[r * types + typeIndex], isBase);
      countTotal.add(countIndex >= 0 ? absValues[r * types + countIndex] : absValues[r * types + typeIndex] * perCount, isBase);
    }
    if (v === 0) continue;
    matchedRows++;
    value[s] += v;
    labelSetValue[rows.labelSet[r]] += v;
    if (!absValues) total.add(v, isBase);
    if (count) {
      const c = countIndex >= 0 ? values[r * types + countIndex] : v * perCount;
      count[s] += c;
      labelSetCount![rows.labelSet[r]] += c;
      if (!absValues) countTotal.add(c, isBase);
    }
  }

  let matchedProfiles = 0;
  let timeNanos = 0;
  let durationNanos = 0;
  for (let p = 0; p < model.profiles.count; p++) {
    if (!profileSelected[p]) continue;
    matchedProfiles++;
    const t = model.profiles.timeNanos[p];
    if (t > 0 && (timeNanos === 0 || t < timeNanos)) timeNanos = t;
    if (model.profiles.durationNanos[p] > 0) durationNanos += model.profiles.durationNanos[p];
  }
  const tables = synthetic.tables();
  return {
    model,
    query,
    typeIndex,
    sampleType: model.sampleTypes[typeIndex],
    strings: tables.strings,
    functions: tables.functions,
    frames: tables.frames,
    stacks,
    value,
    count,
    companion: companion && { typeIndex: companionIndex, value: companion },
    countSource: counts,
    total: total.value,
    countTotal: countTotal.value,
    matchedRows,
    matchedProfiles,
    profileSelected,
    timeNanos,
    durationNanos,
    labelSetValue,
    labelSetCount,
    groups: grouping ? groupTotals(grouping, value) : undefined,
    notes: [...labels.notes, ...filtered.notes, ...(grouping?.notes ?? [])],
    flatCums: context.flatCums,
  };
}

interface Grouping {
  readonly stacks: StackTable;
  /** Per model row, its stack in `stacks` (-1: not selected). */
  readonly stackOfRow: Int32Array;
  /** Per stack of `stacks`: its group. */
  readonly groupOfStack: Int32Array;
  readonly groups: Omit<SelectionGroups, 'total'>;
  readonly notes: readonly string[];
}

/**
 * Group-by: ranks the key's values by the selected rows' cost (first pass), then gives each selected row the stack
 * of (its stack, its group): the stack's frames under the group's root frame, written once per pair.
 */
function groupRows(
  model: ProfileModel, query: ProfileQuery, typeIndex: number, profileSelected: Uint8Array, labelSetOn: Uint8Array | undefined,
  stacks: StackTable, stackOf: Int32Array | undefined, synthetic: SyntheticFrames,
): Grouping {
  const key = query.groupBy!;
  const { rows } = model;
  const types = model.sampleTypes.length;
  const selected = (r: number) => profileSelected[rows.profile[r]] === 1 && (!labelSetOn || labelSetOn[rows.labelSet[r]] === 1) && (stackOf ? stackOf[rows.stack[r]] : rows.stack[r]) >= 0;
  const setCost = new Float64Array(model.labelSets.count);
  // The most frames the grouped stacks can hold: each selected row's stack and its group frame.
  let frameBound = 0;
  for (let r = 0; r < rows.count; r++) {
    if (!selected(r)) continue;
    setCost[rows.labelSet[r]] += Math.abs(rows.values[r * types + typeIndex]);
    const s = stackOf ? stackOf[rows.stack[r]] : rows.stack[r];
    frameBound += stacks.start[s + 1] - stacks.start[s] + 1;
  }
  const groups = groupLabelSets(model.labelSets, model.strings, key, setCost, query.groupTop ?? DEFAULT_GROUPS);
  const titles = groups.values.map((_, g) => groupTitle(groups, g));
  const frame = Int32Array.from(titles, (t) => synthetic.frame(t));

  // A (stack, group) pair is a distinct sequence when the stacks are: the pair index is all the interning needed.
  const pairs = new PairIndex(stacks.count);
  const outFrames = new Int32Array(frameBound);
  const outStart = new GrowableInt32(stacks.count + 1);
  outStart.push(0);
  const inFrames = stacks.frames;
  let w = 0;
  const stackOfRow = new Int32Array(rows.count).fill(-1);
  // Per grouped stack: the stack it copies and its group (its call tree's order comes from the stacks').
  const baseStack = new GrowableInt32(stacks.count);
  const groupOfStack = new GrowableInt32(stacks.count);
  for (let r = 0; r < rows.count; r++) {
    if (!selected(r)) continue;
    const s = stackOf ? stackOf[rows.stack[r]] : rows.stack[r];
    const g = groups.groupOf[rows.labelSet[r]];
    if (g < 0) continue;
    let id = pairs.getOrAdd(s, g, outStart.length - 1);
    if (id < 0) {
      id = outStart.length - 1;
      const end = stacks.start[s + 1];
      for (let i = stacks.start[s]; i < end; i++) outFrames[w++] = inFrames[i];
      outFrames[w++] = frame[g];
      outStart.push(w);
      baseStack.push(s);
      groupOfStack.push(g);
    }
    stackOfRow[r] = id;
  }
  const notes = groups.values.length > 0 && groups.kinds.every((k) => k === 'missing') ? [`no selected sample has a label ${JSON.stringify(key)}: every sample is in the group "${titles[0]}"`] : [];
  const table: StackTable = { count: outStart.length - 1, start: outStart.trim(), frames: w * 4 >= frameBound * 3 ? outFrames.subarray(0, w) : outFrames.slice(0, w) };
  const groupOf = groupOfStack.trim();
  markGrouped(table, { base: stacks, baseStack: baseStack.trim(), group: groupOf, groups: titles.length });
  return { stacks: table, stackOfRow, groupOfStack: groupOf, groups: { key, titles, kinds: groups.kinds, frame }, notes };
}

/** Each group's total: the |value| of the stacks under its root frame. */
function groupTotals(grouping: Grouping, value: Float64Array): SelectionGroups {
  const total = new Float64Array(grouping.groups.frame.length);
  const { groupOfStack } = grouping;
  for (let s = 0; s < groupOfStack.length; s++) total[groupOfStack[s]] += Math.abs(value[s]);
  return { ...grouping.groups, total };
}

/** The sample type a query names (pprof's -sample_index rules); SampleTypeError when the model has no such type. */
export function sampleTypeIndex(model: ProfileModel, type: string | number | undefined): number {
  return selectSampleType(model.sampleTypes, model.defaultSampleType, type === undefined ? undefined : String(type));
}

function selectedProfiles(model: ProfileModel, range: TimeRange | undefined): Uint8Array {
  const on = new Uint8Array(model.profiles.count);
  for (let p = 0; p < on.length; p++) {
    const t = model.profiles.timeNanos[p];
    on[p] = !range || (t > 0 && t >= range.startMs * 1e6 && t < range.endMs * 1e6) ? 1 : 0;
  }
  return on;
}

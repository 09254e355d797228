/**
 * select(model, query) → Selection: the rows that pass the time range and the label matchers, summed per stack
 * (of the model, or of the stacks a frame filter rewrites them into), in one pass over the rows. Time ranges are
 * decided once per profile, label matchers once per label set, frame filters once per stack.
 */
import { selectSampleType } from '../aggregate/sampleType';
import { countSource } from '../diff/significance';
import type { ProfileModel } from '../model/types';
import { QueryError } from './errors';
import { filteredStacks } from './frameFilter';
import { labelSetsPassing } from './labelFilter';
import type { ProfileQuery, Selection, TimeRange } from './types';

export function select(model: ProfileModel, query: ProfileQuery = {}): Selection {
  const typeIndex = sampleTypeIndex(model, query.type);
  if (query.groupBy !== undefined && query.groupBy !== '') throw new QueryError('group-by is not supported yet');
  const profileSelected = selectedProfiles(model, query.timeRange);
  const labelSetOn = query.labels && query.labels.length > 0 ? labelSetsPassing(model, query.labels) : undefined;
  const rewrite = query.frames ? filteredStacks(model, query.frames) : undefined;
  const stacks = rewrite?.stacks ?? model.stacks;
  const stackOf = rewrite?.stackOf;

  const counts = countSource(model.sampleTypes, typeIndex, model.periodType, model.period);
  const countIndex = counts.kind === 'type' ? counts.index : -1;
  const perCount = counts.kind === 'period' ? 1 / counts.period : 0;
  const value = new Float64Array(stacks.count);
  const count = counts.kind === 'none' ? undefined : new Float64Array(stacks.count);
  const types = model.sampleTypes.length;
  const rows = model.rows;
  const values = rows.values;
  let matchedRows = 0;
  for (let r = 0; r < rows.count; r++) {
    if (!profileSelected[rows.profile[r]]) continue;
    if (labelSetOn && !labelSetOn[rows.labelSet[r]]) continue;
    const s = stackOf ? stackOf[rows.stack[r]] : rows.stack[r];
    if (s < 0) continue;
    const v = values[r * types + typeIndex];
    if (v === 0) continue;
    matchedRows++;
    value[s] += v;
    if (count) count[s] += countIndex >= 0 ? values[r * types + countIndex] : v * perCount;
  }
  let total = 0;
  let countTotal = 0;
  for (let s = 0; s < value.length; s++) total += Math.abs(value[s]);
  if (count) for (let s = 0; s < count.length; s++) countTotal += Math.abs(count[s]);

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
  return {
    model,
    query,
    typeIndex,
    sampleType: model.sampleTypes[typeIndex],
    strings: rewrite?.strings ?? model.strings,
    functions: rewrite?.functions ?? model.functions,
    frames: rewrite?.frames ?? model.frames,
    stacks,
    value,
    count,
    countSource: counts,
    total,
    countTotal,
    matchedRows,
    matchedProfiles,
    profileSelected,
    timeNanos,
    durationNanos,
  };
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

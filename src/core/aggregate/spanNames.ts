/**
 * Which span names (endpoints) spend the most in each function: for a profile whose samples carry a span name label
 * (`span_name`, core/query/spans.ts), a function's total (cum, once per sample) split by the span names of its
 * samples. The hover's "Spent in" list. The costliest names of the whole selection are measured (each one a
 * selection with that name's matcher added, through flatCum); a function keeps its costliest few.
 */
import type { ProfileModel } from '../model/types';
import type { LabelMatcher } from '../query/labels';
import { sampleTypeIndex, select } from '../query/select';
import { SPAN_NAME_KEY } from '../query/spans';
import type { ProfileQuery } from '../query/types';
import { flatCum } from './flatCum';

export interface SpanNameCost {
  /** The span name (endpoint). */
  readonly name: string;
  /** The function's total (cum) in the samples of that span name, in the selection's unit. */
  readonly value: number;
  /** The label `name` is a value of, when it is not the span name (endpoint, http.route…). */
  readonly key?: string;
}

export interface SpanNameOptions {
  /** The label whose values are measured (default span_name: core/query/tellingLabel.ts picks another). */
  readonly key?: string;
  /** Span names measured, the costliest of the selection (default 10). */
  readonly names?: number;
  /** Names kept per function, costliest first (default 3). */
  readonly perFunction?: number;
}

/**
 * Per model function (its id), the span names that spend the most in it; undefined when no sample has a span name.
 * Measured one name at a time: yields after each name but the last (where a caller can let other work in, or stop).
 * @param query the selection's query (type, time range, label filters), to which each name's matcher is added
 * @param wanted per model function: measured only where >= 0 (e.g. the workspace's function rows)
 */
export function* spanNamesByName(model: ProfileModel, query: Pick<ProfileQuery, 'type' | 'timeRange' | 'labels'>, wanted: Int32Array, options: SpanNameOptions = {}): Generator<void, Map<number, SpanNameCost[]> | undefined, void> {
  const key = options.key ?? SPAN_NAME_KEY;
  const names = costliestSpanNames(model, query, options.names ?? 10, key);
  if (names.length === 0) return undefined;
  const perFunction = options.perFunction ?? 3;
  const out = new Map<number, SpanNameCost[]>();
  for (const [k, name] of names.entries()) {
    if (k > 0) yield;
    const labels: LabelMatcher[] = [...(query.labels ?? []), { key, op: '=', value: name }];
    const selection = select(model, { ...query, labels });
    if (selection.matchedRows === 0) continue;
    const { cum } = flatCum(selection.stacks, selection.value, model.frames.function, model.functions.count);
    for (let fn = 0; fn < cum.length; fn++) {
      if (cum[fn] === 0 || wanted[fn] < 0) continue;
      let list = out.get(fn);
      if (!list) out.set(fn, (list = []));
      list.push(key === SPAN_NAME_KEY ? { name, value: cum[fn] } : { name, value: cum[fn], key });
    }
  }
  for (const [fn, list] of out) out.set(fn, list.sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, perFunction));
  return out;
}

/** The span names of the selection's rows, costliest first (by |value| of the query's type, all rows). */
function costliestSpanNames(model: ProfileModel, query: Pick<ProfileQuery, 'type'>, limit: number, key: string): string[] {
  const { labelSets, strings, rows } = model;
  // Per label set: the span name's string id, 0 when it has none (keys are compared by id once found).
  let keyId = -1;
  const nameOf = new Int32Array(labelSets.count);
  for (let l = 0; l < labelSets.count; l++) {
    for (let e = labelSets.start[l]; e < labelSets.start[l + 1]; e++) {
      const k = labelSets.key[e];
      if (keyId < 0 && strings.get(k) === key) keyId = k;
      if (k === keyId && labelSets.str[e] !== 0) nameOf[l] = labelSets.str[e];
    }
  }
  if (keyId < 0) return [];
  const typeIndex = sampleTypeIndex(model, query.type);
  const types = model.sampleTypes.length;
  const cost = new Map<number, number>();
  for (let r = 0; r < rows.count; r++) {
    const name = nameOf[rows.labelSet[r]];
    if (name !== 0) cost.set(name, (cost.get(name) ?? 0) + Math.abs(rows.values[r * types + typeIndex]));
  }
  return [...cost].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([id]) => strings.get(id));
}

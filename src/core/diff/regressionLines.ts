/**
 * What the head side of a release diff says about its regressed functions, for finding the commits behind them
 * (commits.ts): each function's lines as profiled (the lowest and highest line with cost, and its start line
 * when the profile gives one), and which other regressed functions it calls (anywhere below it on a stack with
 * cost). Read from the engine: the head's model, a selection of the diff's sample type, flatCum per line.
 */
import { flatCum } from '../aggregate/flatCum';
import { frameKeys } from '../aggregate/frameKeys';
import type { ProfileModel } from '../model/types';
import { select } from '../query/select';
import type { Selection } from '../query/types';
import { functionKey } from './functionKey';

export interface FunctionLines {
  /** The function's file as the head profile names it. */
  readonly file: string;
  /** 1-based, as profiled; first ≤ last. */
  readonly first: number;
  readonly last: number;
}

export interface RegressionLines {
  readonly lines: ReadonlyMap<string, FunctionLines>;
  /** Per regressed function key: the other regressed functions found below it on the head's stacks. */
  readonly callees: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Per key: the other keys' functions found below its function on the selection's stacks with cost (what it
 * calls, directly or not). `fnSlot` gives each function's index in `keys`, or -1.
 */
export function functionsBelow(selection: Selection, keys: readonly string[], fnSlot: Int32Array = functionSlots(selection, keys)): Map<string, ReadonlySet<string>> {
  const { frames, stacks } = selection;
  const below = keys.map(() => new Set<number>());
  const onStack: number[] = [];
  for (let s = 0; s < stacks.count; s++) {
    if (selection.value[s] === 0) continue;
    onStack.length = 0;
    // Leaf first: a function seen later on the stack (nearer the root) calls the ones seen before it.
    for (let i = stacks.start[s]; i < stacks.start[s + 1]; i++) {
      const k = fnSlot[frames.function[stacks.frames[i]]];
      if (k < 0) continue;
      for (const callee of onStack) if (callee !== k) below[k].add(callee);
      if (!onStack.includes(k)) onStack.push(k);
    }
  }
  const callees = new Map<string, ReadonlySet<string>>();
  below.forEach((set, i) => callees.set(keys[i], new Set([...set].map((j) => keys[j]))));
  return callees;
}

/** Per function of the selection: its key's index in `keys` (functionKey: name and file tail), or -1. */
function functionSlots(selection: Selection, keys: readonly string[]): Int32Array {
  const { strings, functions } = selection;
  const slot = new Map(keys.map((k, i) => [k, i]));
  const fnSlot = new Int32Array(functions.count);
  for (let f = 0; f < functions.count; f++) fnSlot[f] = slot.get(functionKey(strings.get(functions.name[f]), strings.get(functions.file[f]))) ?? -1;
  return fnSlot;
}

export function regressionLines(head: ProfileModel, type: string | number | undefined, regressed: ReadonlySet<string>): RegressionLines {
  const selection = select(head, { type });
  const { strings, functions, stacks } = selection;
  // Per function id: its index among the regressed keys, or -1.
  const keys = [...regressed];
  const fnSlot = functionSlots(selection, keys);

  const byLine = frameKeys(selection, 'line');
  const { cum } = flatCum(stacks, selection.value, byLine.keyOfFrame, byLine.count);
  const lines = new Map<string, { file: string; first: number; last: number }>();
  for (let r = 0; r < byLine.count; r++) {
    const fn = byLine.function[r];
    const line = byLine.line[r];
    if (cum[r] === 0 || line <= 0 || fnSlot[fn] < 0) continue;
    const key = keys[fnSlot[fn]];
    const start = functions.startLine[fn] > 0 && functions.startLine[fn] <= line ? functions.startLine[fn] : line;
    const entry = lines.get(key);
    if (!entry) lines.set(key, { file: strings.get(functions.file[fn]), first: start, last: line });
    else {
      entry.first = Math.min(entry.first, start);
      entry.last = Math.max(entry.last, line);
    }
  }

  return { lines, callees: functionsBelow(selection, keys, fnSlot) };
}

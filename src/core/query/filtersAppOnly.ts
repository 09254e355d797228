/**
 * The `app-only` preset ("my code only"): every run of consecutive frames of one kind that is not the workspace's
 * own code (dependency, runtime, unmapped) becomes one made-up frame of that kind — `[dependency code]`,
 * `[runtime]`, `[unmapped code]`, named as the flame graph names its collapsed boxes — so each view shows which of
 * *your* functions cost what, and through which kind of code. Per stack, once; stacks interned by the model's one
 * stack interner. Frames made up before (ids past `frameClass`) are kept as they are.
 */
import { StackInterner } from '../model/stackInterner';
import type { StackTable } from '../model/types';
import { FRAME_CLASSES } from '../symbolicate/types';
import type { SyntheticFrames } from './filtersSynthetic';

const APP = FRAME_CLASSES.indexOf('app');
const COLLAPSED_NAME: Readonly<Record<string, string>> = { dependency: '[dependency code]', runtime: '[runtime]', unknown: '[unmapped code]' };

/**
 * The stacks with non-app runs collapsed, per input stack its stack in them, and per stack of them the input stack
 * with exactly its frames (-1: none, a run was collapsed).
 */
export function collapseToAppCode(input: StackTable, frameClass: Uint8Array, synthetic: SyntheticFrames): { stacks: StackTable; stackOf: Int32Array; sameAs: Int32Array } {
  const collapsedFrame = FRAME_CLASSES.map((c, code) => (code === APP ? -1 : synthetic.frame(COLLAPSED_NAME[c] ?? `[${c}]`)));
  const interner = new StackInterner(input.count, input.frames.length);
  const stackOf = new Int32Array(input.count);
  let scratch = new Int32Array(64);
  const unchangedFrom = new Int32Array(input.count).fill(-1);
  for (let s = 0; s < input.count; s++) {
    const a = input.start[s];
    const b = input.start[s + 1];
    if (scratch.length < b - a) scratch = new Int32Array(2 * (b - a));
    let n = 0;
    let changed = false;
    for (let i = a; i < b; i++) {
      const f = input.frames[i];
      const out = f < frameClass.length && frameClass[f] !== APP ? collapsedFrame[frameClass[f]] : f;
      if (out !== f) changed = true;
      if (out !== f && n > 0 && scratch[n - 1] === out) continue;
      scratch[n++] = out;
    }
    const id = interner.intern(scratch, n);
    stackOf[s] = id;
    if (!changed) unchangedFrom[id] = s;
  }
  const stacks = interner.table();
  return { stacks, stackOf, sameAs: unchangedFrom.subarray(0, stacks.count) };
}

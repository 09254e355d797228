/**
 * Allocation sites of a memory profile: where the program asked for the memory — the innermost frame of each
 * stack that is the program's or a library's source, not the runtime: Go's runtime.mallocgc, growslice,
 * mapassign…, pseudo-frames, Node's own `node:` modules and V8 builtins without a file (Map.prototype.set,
 * Uint8Array) are skipped, so a map that grows is charged to the line that inserts into it. A site is a function
 * and a line.
 *
 * Only flat values are summed here (a stack's value to its one site frame); cum has no meaning for a site.
 */
import { functionKey } from '../diff/functionKey';
import type { Selection } from '../query/types';
import { runtimeFrameReason } from '../symbolicate/runtime-frames';
import type { KeyIndex } from './summary';

/** "name\0file tail\0line": the function as the release diff matches it across builds, and the line. */
export function siteKey(name: string, file: string, line: number): string {
  return `${functionKey(name, file)}\u0000${line}`;
}

export function parseSiteKey(key: string): { name: string; fileTail: string; line: number } {
  const [name, fileTail, line] = key.split('\u0000');
  return { name, fileTail, line: Number(line) };
}

function isRuntime(name: string, file: string): boolean {
  return runtimeFrameReason(name) !== undefined || file === '' || file.startsWith('node:') || file.startsWith('internal/');
}

export interface SiteValues {
  /** Site ids (KeyIndex) and the value allocated at each, per selection given. */
  readonly keys: Int32Array;
  readonly values: readonly Float64Array[];
  /** Per selection: its total. */
  readonly totals: readonly number[];
}

/**
 * Values of one or more selections of the same model (inuse and alloc types) per allocation site. Every selection
 * must share the model's stacks (no frame filter).
 */
export function siteValues(selections: readonly Selection[], index: KeyIndex): SiteValues {
  const first = selections[0];
  const { stacks, frames, functions, strings } = first;
  const runtime = new Uint8Array(functions.count);
  for (let f = 0; f < functions.count; f++) runtime[f] = isRuntime(strings.get(functions.name[f]), strings.get(functions.file[f])) ? 1 : 0;
  const frameSite = new Int32Array(frames.count).fill(-1);
  const perSite = new Map<number, Float64Array>();
  for (let s = 0; s < stacks.count; s++) {
    let any = false;
    for (const sel of selections) if (sel.value[s] !== 0) any = true;
    if (!any) continue;
    const from = stacks.start[s];
    const to = stacks.start[s + 1];
    if (from === to) continue;
    let site = from;
    while (site < to - 1 && runtime[frames.function[stacks.frames[site]]] === 1) site++;
    const frame = stacks.frames[site];
    let id = frameSite[frame];
    if (id < 0) {
      const fn = frames.function[frame];
      id = index.id(siteKey(strings.get(functions.name[fn]), strings.get(functions.file[fn]), frames.line[frame]));
      frameSite[frame] = id;
    }
    let row = perSite.get(id);
    if (!row) {
      row = new Float64Array(selections.length);
      perSite.set(id, row);
    }
    for (let i = 0; i < selections.length; i++) row[i] += selections[i].value[s];
  }
  const ids = [...perSite.keys()].sort((a, b) => a - b);
  return {
    keys: Int32Array.from(ids),
    values: selections.map((_, i) => Float64Array.from(ids, (id) => perSite.get(id)![i])),
    totals: selections.map((sel) => sel.total),
  };
}

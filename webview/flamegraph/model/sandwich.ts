// The sandwich of one function: its callers as a tree growing up from it, its callees as a tree growing down.
// Only the function's outermost occurrence on each path counts (recursion is not counted twice), so both trees'
// roots carry the function's total as pprof and the Hotspots table count it.
import type { CallTree } from '../../../src/core/aggregate/callTree';
import type { FlameTree } from '../../shared/flame/flameTree';
import { flameTreeRootedAt } from './baseTree';
import { DerivedTreeBuilder } from './derivedTree';

export interface SandwichTrees {
  readonly fn: number;
  /** Root: the function; children: its callers; their children: the callers' callers... */
  readonly callers: FlameTree;
  /** Root: the function; below: everything it calls, merged over all its occurrences. */
  readonly callees: FlameTree;
  readonly occurrences: number;
}

export function sandwichTrees(base: FlameTree, fn: number): SandwichTrees {
  const withSamples = base.samples !== undefined;
  const src = (n: number) => (base.source ? base.source[n] : n);
  const sample = (n: number) => base.samples?.[n] ?? 0;
  // Outermost occurrences: nodes of fn with no ancestor of fn.
  const inside = new Uint8Array(base.count);
  const outermost: number[] = [];
  for (let n = 1; n < base.count; n++) {
    const above = inside[base.parent[n]];
    if (base.fn[n] === fn && !above) outermost.push(n);
    inside[n] = above || base.fn[n] === fn ? 1 : 0;
  }

  const callees = new DerivedTreeBuilder(fn, withSamples);
  const map = new Int32Array(base.count).fill(-1);
  for (const o of outermost) {
    map[o] = 0;
    callees.add(0, base.self[o], base.total[o], sample(o), src(o));
  }
  for (let n = 1; n < base.count; n++) {
    if (map[n] >= 0 || map[base.parent[n]] < 0) continue;
    map[n] = callees.node(map[base.parent[n]], base.fn[n]);
    callees.add(map[n], base.self[n], base.total[n], sample(n), src(n));
  }

  const callers = new DerivedTreeBuilder(fn, withSamples);
  for (const o of outermost) {
    const value = base.total[o];
    callers.add(0, 0, value, sample(o), src(o));
    let at = 0;
    for (let p = base.parent[o]; p > 0; p = base.parent[p]) {
      at = callers.node(at, base.fn[p]);
      callers.add(at, 0, value, sample(o), src(p));
    }
    // The path ends here: its value is this box's own part (so a box's children never exceed it).
    callers.add(at, value, 0, 0, src(o));
  }
  return { fn, callers: callers.finish(), callees: callees.finish(), occurrences: outermost.length };
}

/** The sandwich the worker computed from all the stacks (asked for when the page's tree was cut). */
export function sandwichFromWorker(fn: number, callers: CallTree, callees: CallTree): SandwichTrees {
  let occurrences = 0;
  for (let n = 0; n < callers.count; n++) if (callers.self[n] !== 0) occurrences++;
  return { fn, callers: flameTreeRootedAt(callers), callees: flameTreeRootedAt(callees), occurrences };
}

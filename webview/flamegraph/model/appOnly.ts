// "Application code only": every run of consecutive dependency, runtime or unmapped frames becomes one box of
// its class, so the graph shows which of *your* functions cost what and through which kind of code they went.
import { DerivedTreeBuilder } from './derivedTree';
import type { FlameTree } from '../../shared/flame/flameTree';
import { CLASS_APP, CLASS_ROOT, type FunctionTable } from './functionTable';

export function appOnlyTree(base: FlameTree, functions: FunctionTable): FlameTree {
  const builder = new DerivedTreeBuilder(base.fn[0], base.samples !== undefined);
  const map = new Int32Array(base.count);
  const keyOf = (f: number) => {
    const c = functions.cls[f];
    return c === CLASS_APP || c === CLASS_ROOT ? f : functions.collapsed[c];
  };
  builder.add(0, base.self[0], base.total[0], base.samples?.[0] ?? 0, 0);
  for (let n = 1; n < base.count; n++) {
    const up = map[base.parent[n]];
    const key = keyOf(base.fn[n]);
    // A collapsed box takes in the frames of its class below it; an app frame always gets its own box.
    const merge = key !== base.fn[n] && builder.fnOf(up) === key;
    const d = merge ? up : builder.node(up, key);
    map[n] = d;
    // Totals of frames merged into their parent's box are already inside the parent's total.
    builder.add(d, base.self[n], merge ? 0 : base.total[n], merge ? 0 : base.samples?.[n] ?? 0, base.source ? base.source[n] : n);
  }
  return builder.finish();
}

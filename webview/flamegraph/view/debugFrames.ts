// What the flame graph's debug hook (shared/flame/debugHook.ts) reads of a view: frame names and classes
// (app, runtime, …), the zoomed frame and the orientation.
import type { DebugFrames } from '../../shared/flame/debugHook';
import type { FlameView } from './flameView';

export function flameDebugFrames(view: FlameView, extra: () => Record<string, string>): DebugFrames {
  const fnOf = (node: number) => view.tree!.fn[node];
  return {
    name: (node) => (node >= 0 ? view.functions!.name(fnOf(node)) : '(merged)'),
    facts: (node) => ({ cls: node >= 0 ? view.functions!.className(fnOf(node)) : 'merged' }),
    state: () => ({ zoom: view.functions!.name(fnOf(view.zoomNode)), orientation: view.orientation, ...extra() }),
  };
}

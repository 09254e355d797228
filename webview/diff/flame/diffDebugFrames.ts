// What the diff flame graph's debug hook (shared/flame/debugHook.ts) reads of its frames: names, colour class
// (rose / fell / neutral, faded when within noise, with its step) and change in points, and the zoomed frame.
import type { DiffFlameData } from '../../../src/core/diff/diffFlamePayload';
import type { DebugFrames } from '../../shared/flame/debugHook';
import { describeColor } from './diffColors';
import type { DiffNodeFacts } from './diffFlameTree';
import type { DiffFlameView } from './diffFlameView';

export function diffDebugFrames(view: DiffFlameView, data: DiffFlameData, facts: DiffNodeFacts, extra: Record<string, string>): DebugFrames {
  return {
    name: (node) => (node < 0 ? '(merged)' : data.fn[node] < 0 ? '(root)' : data.names[data.fn[node]]),
    facts: (node) => {
      const c = node >= 0 ? describeColor(facts.color[node]) : undefined;
      return { color: c ? c.direction : 'merged', faded: c?.faded ?? false, step: c?.step ?? 0, delta: node >= 0 ? round(facts.delta[node] * 100) : 0 };
    },
    state: () => ({ zoom: view.zoomNode === 0 ? '(root)' : data.names[data.fn[view.zoomNode]], ...extra }),
  };
}

const round = (v: number) => Math.round(v * 10) / 10;

// The diff flame graph's drawable tree: the decoded union tree (core/diff/diffFlamePayload.ts) as the flame graph's
// FlameTree, so the flame views' visible-only layout (shared/flame/layout.ts) lays it out. Widths are shares of each
// side's total (the root is 1), by the chosen side:
//   'head' — the after release's share: what the program looks like now; frames gone from it have no width.
//   'base' — the before release's share; frames new in the after release have no width.
//   'max'  — the larger of the two, so frames new *and* gone are visible (the default). Children's larger shares
//            can add up to more than their parent's (one grew where a sibling shrank): such a row is scaled down
//            to fit its parent, so a max-width box is a visibility aid, not a measure — the tooltip has the figures.
import { childrenByTotal } from '../../shared/flame/flameTree';
import { childLists } from '../../../src/core/aggregate/childLists';
import { startOffsets, type FlameTree } from '../../shared/flame/flameTree';
import type { DiffFlameData } from '../../../src/core/diff/diffFlamePayload';
import { changeColor } from './diffColors';

export type WidthBy = 'max' | 'head' | 'base';

export interface DiffNodeFacts {
  /** Total shares of each side (0..1) and their change. */
  readonly baseShare: Float64Array;
  readonly headShare: Float64Array;
  readonly delta: Float64Array;
  /** Colour index (diffColors.changeColor) per node. */
  readonly color: Uint8Array;
}

export function nodeFacts(data: DiffFlameData): DiffNodeFacts {
  const n = data.count;
  const baseShare = new Float64Array(n);
  const headShare = new Float64Array(n);
  const delta = new Float64Array(n);
  const color = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    baseShare[i] = data.baseRoot > 0 ? data.baseTotal[i] / data.baseRoot : 0;
    headShare[i] = data.headRoot > 0 ? data.headTotal[i] / data.headRoot : 0;
    delta[i] = headShare[i] - baseShare[i];
    color[i] = changeColor(delta[i], data.significant[i] === 1);
  }
  return { baseShare, headShare, delta, color };
}

/** Box widths (shares) per node for a width mode. */
export function nodeWidths(data: DiffFlameData, facts: DiffNodeFacts, by: WidthBy): Float64Array {
  const n = data.count;
  if (by === 'head') return Float64Array.from(facts.headShare);
  if (by === 'base') return Float64Array.from(facts.baseShare);
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) raw[i] = Math.max(facts.baseShare[i], facts.headShare[i]);
  const { childStart, children } = childLists(data.parent);
  const width = new Float64Array(n);
  if (n === 0) return width;
  width[0] = raw[0];
  for (let p = 0; p < n; p++) {
    // The parent's own scale carries down; a row that would overflow its parent is scaled to fit it.
    let scale = raw[p] > 0 ? width[p] / raw[p] : 0;
    let sum = 0;
    for (let k = childStart[p]; k < childStart[p + 1]; k++) sum += raw[children[k]];
    if (sum * scale > width[p]) scale = sum > 0 ? width[p] / sum : 0;
    for (let k = childStart[p]; k < childStart[p + 1]; k++) width[children[k]] = raw[children[k]] * scale;
  }
  return width;
}

/** The FlameTree for a width mode: children widest first (layout.ts relies on it), starts, depths. */
export function diffFlameTree(data: DiffFlameData, facts: DiffNodeFacts, by: WidthBy): FlameTree {
  const n = data.count;
  const total = nodeWidths(data, facts, by);
  const { childStart, children } = childrenByTotal(data.parent, total);
  const depth = new Int32Array(n);
  const self = new Float64Array(n);
  let maxDepth = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) depth[i] = depth[data.parent[i]] + 1;
    if (total[i] > 0 && depth[i] > maxDepth) maxDepth = depth[i];
    self[i] = total[i];
  }
  for (let i = 1; i < n; i++) self[data.parent[i]] -= total[i];
  return {
    count: n, parent: data.parent, fn: data.fn, depth, self, total, samples: undefined, childStart, children,
    start: startOffsets(n, childStart, children, total), source: undefined, maxDepth,
  };
}

// The diff flame graph's drawable tree: the decoded union tree (core/diff/diffFlamePayload.ts) as the flame graph's
// FlameTree, so the flame views' visible-only layout (shared/flame/layout.ts) lays it out. The graph is read as the
// panel's mode says: in shares of each side's total (each side's root is 1), or in cost per second of profiled time
// / per profile (the larger side's root is 1, so the side that did more work is wider, and a frame whose cost did
// not move keeps its width and its grey while every share around a regression falls). Widths by the chosen side:
//   'head' — the after release's share: what the program looks like now; frames gone from it have no width.
//   'base' — the before release's share; frames new in the after release have no width.
//   'max'  — the larger of the two, so frames new *and* gone are visible (the default). Children's larger shares
//            can add up to more than their parent's (one grew where a sibling shrank): such a row is scaled down
//            to fit its parent, so a max-width box is a visibility aid, not a measure — the tooltip has the figures.
import { childrenByTotal } from '../../shared/flame/flameTree';
import { childLists } from '../../../src/core/aggregate/childLists';
import { startOffsets, type FlameTree } from '../../shared/flame/flameTree';
import type { DiffFlameData } from '../../../src/core/diff/diffFlamePayload';
import type { DiffMode, DiffSideView } from '../../../src/shared/releaseDiffView';
import { changeColor } from './diffColors';

export type WidthBy = 'max' | 'head' | 'base';

/** How the graph reads a node's totals: the mode, and each side's exposure in its unit (seconds, profiles). */
export interface FlameReading {
  readonly mode: DiffMode;
  readonly base: number;
  readonly head: number;
}

export const SHARE_READING: FlameReading = { mode: 'share', base: 1, head: 1 };

/** The reading of a mode for the diff's two sides (a mode the diff lacks reads shares). */
export function flameReading(sides: { readonly base: DiffSideView; readonly head: DiffSideView }, mode: DiffMode): FlameReading {
  if (mode === 'second') return { mode, base: sides.base.seconds, head: sides.head.seconds };
  if (mode === 'profile') return { mode, base: sides.base.profiles, head: sides.head.profiles };
  return SHARE_READING;
}

export interface DiffNodeFacts {
  readonly mode: DiffMode;
  /** Each side's total in the mode: a share of the side's total (0..1), or a cost per second / per profile. */
  readonly before: Float64Array;
  readonly after: Float64Array;
  /**
   * The change as a fraction of the after side's whole total in the mode (for shares: the change in share
   * points), so that the colour steps mean the same in every mode (the gutter reads absolute changes the same way).
   */
  readonly delta: Float64Array;
  /** The after side's whole total in the mode (1 for shares): what `delta` is a fraction of. */
  readonly afterTotal: number;
  /** Box width per unit of `before`/`after`: 1 for shares, 1 / the larger side's total in an absolute mode. */
  readonly widthScale: number;
  /** 1 when the node's change in the mode is beyond sampling noise. */
  readonly significant: Uint8Array;
  /** Colour index (diffColors.changeColor) per node. */
  readonly color: Uint8Array;
}

export function nodeFacts(data: DiffFlameData, reading: FlameReading = SHARE_READING): DiffNodeFacts {
  const n = data.count;
  const mode = reading.mode;
  const share = mode === 'share';
  const baseBy = share ? data.baseRoot : reading.base;
  const headBy = share ? data.headRoot : reading.head;
  const before = new Float64Array(n);
  const after = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    before[i] = baseBy > 0 ? data.baseTotal[i] / baseBy : 0;
    after[i] = headBy > 0 ? data.headTotal[i] / headBy : 0;
  }
  const rootBefore = n > 0 ? before[0] : 0;
  const rootAfter = n > 0 ? after[0] : 0;
  const afterTotal = share ? 1 : rootAfter || rootBefore || 1;
  const larger = Math.max(rootBefore, rootAfter);
  const widthScale = share || !(larger > 0) ? 1 : 1 / larger;
  const significant = share ? data.significant : data.significantPer[mode];
  const delta = new Float64Array(n);
  const color = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    delta[i] = (after[i] - before[i]) / afterTotal;
    color[i] = changeColor(delta[i], significant[i] === 1);
  }
  return { mode, before, after, delta, afterTotal, widthScale, significant, color };
}

/** Box widths per node for a width mode (the root of the larger side is 1). */
export function nodeWidths(data: DiffFlameData, facts: DiffNodeFacts, by: WidthBy): Float64Array {
  const n = data.count;
  const k = facts.widthScale;
  if (by === 'head') return facts.after.map((v) => v * k);
  if (by === 'base') return facts.before.map((v) => v * k);
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) raw[i] = Math.max(facts.before[i], facts.after[i]) * k;
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

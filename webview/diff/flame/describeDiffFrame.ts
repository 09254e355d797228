// A diff flame graph frame in words: the tooltip's lines. The change is always spelled out with its sign and both
// sides' figures in the panel's mode ("▲ +12.3 pts (3.1% → 15.4%)", "▲ +12 ms/s (30 ms/s → 42 ms/s)"), so colour is
// never the only signal.
import { formatPercent, formatRateChange, formatShareChange, formatValue } from '../../../src/core/format/units';
import type { DiffFlameData } from '../../../src/core/diff/diffFlamePayload';
import type { FrameLine } from '../../shared/flame/tooltip';
import type { DiffNodeFacts } from './diffFlameTree';


export interface Sides {
  readonly base: string;
  readonly head: string;
}

/** A change in the facts' mode: share points, or cost per second / per profile. */
export function formatChangeIn(facts: DiffNodeFacts, unit: string, before: number, after: number): string {
  return facts.mode === 'share' ? formatShareChange(before, after) : formatRateChange(before, after, unit, facts.mode);
}

export function describeDiffFrame(data: DiffFlameData, facts: DiffNodeFacts, sides: Sides, node: number): FrameLine[] {
  const f = data.fn[node];
  const lines: FrameLine[] = [{ text: f < 0 ? `all ${data.type}` : data.names[f], kind: 'title' }];
  if (f >= 0 && data.files[f]) lines.push({ text: data.files[f], kind: 'location' });
  lines.push({ text: formatChangeIn(facts, data.unit, facts.before[node], facts.after[node]), kind: 'figures' });
  lines.push({ text: `${sides.base}: ${formatValue(data.baseTotal[node], data.unit)} → ${sides.head}: ${formatValue(data.headTotal[node], data.unit)}`, kind: 'figures' });
  const selfBase = data.baseRoot > 0 ? data.baseSelf[node] / data.baseRoot : 0;
  const selfHead = data.headRoot > 0 ? data.headSelf[node] / data.headRoot : 0;
  if (selfBase > 0 || selfHead > 0) lines.push({ text: `self ${formatPercent(selfBase)} → ${formatPercent(selfHead)}`, kind: 'figures' });
  const presence = data.baseTotal[node] === 0 ? `new in ${sides.head}` : data.headTotal[node] === 0 ? `gone in ${sides.head}` : undefined;
  const noise = facts.delta[node] === 0 ? 'no change' : facts.significant[node] ? 'beyond sampling noise' : 'within sampling noise (faded)';
  lines.push({ text: presence ? `${presence} · ${noise}` : noise, kind: 'hint' });
  return lines;
}

/** A merged box: the narrower siblings it stands for. */
export function describeMergedFrames(data: DiffFlameData, facts: DiffNodeFacts, children: readonly number[]): FrameLine[] {
  let b = 0;
  let h = 0;
  for (const c of children) { b += facts.before[c]; h += facts.after[c]; }
  return [
    { text: `${children.length} narrower frame${children.length === 1 ? '' : 's'}`, kind: 'title' },
    { text: formatChangeIn(facts, data.unit, b, h), kind: 'figures' },
  ];
}

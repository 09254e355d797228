// What a frame is, in words: the tooltip's lines and the screen reader's sentence. Profile strings go into the
// DOM only as text (textContent), never as markup.
import { formatShare, formatValue } from '../../../src/core/format/units';
import type { ProfileHeader } from '../../../src/shared/flamegraphProtocol';
import { nodeLines, type FlameData } from '../model/flameData';
import type { FlameTree } from '../../shared/flame/flameTree';
import { mergedValue } from '../../shared/flame/layout';
import type { FrameLine } from '../../shared/flame/tooltip';

export function describeFrame(data: FlameData, profile: ProfileHeader, tree: FlameTree, node: number): FrameLine[] {
  const fns = data.functions;
  const f = tree.fn[node];
  const unit = profile.unit;
  const all = profile.total;
  const lines: FrameLine[] = [{ text: fns.name(f), kind: 'title' }];
  const location = fns.location(f);
  const hottest = nodeLines(data, tree, node)[0];
  if (location) lines.push({ text: `${location}${hottest ? `:${hottest.line}` : ''}`, kind: 'location' });
  else if (!fns.isPseudo(f)) {
    const file = fns.profileFile(f);
    lines.push({ text: `${file || '(no file)'}${hottest && file ? `:${hottest.line}` : ''} · ${fns.className(f)} code, not in the workspace`, kind: 'location' });
  }
  const parent = tree.parent[node];
  const ofParent = parent >= 0 && tree.total[parent] > 0 ? ` · ${formatShare(tree.total[node], tree.total[parent])} of the caller` : '';
  lines.push({ text: `Total ${formatValue(tree.total[node], unit)} · ${formatShare(tree.total[node], all)} of all${ofParent}`, kind: 'figures' });
  lines.push({ text: `Self ${formatValue(tree.self[node], unit)} · ${formatShare(tree.self[node], all)} of all`, kind: 'figures' });
  if (tree.samples) lines.push({ text: `${countLabel(data)} ${Math.round(tree.samples[node]).toLocaleString('en-US')}`, kind: 'figures' });
  else if (/^(samples?|count)$/i.test(unit)) lines.push({ text: `Samples ${Math.round(tree.total[node]).toLocaleString('en-US')}`, kind: 'figures' });
  if (!fns.isPseudo(f)) lines.push({ text: `${fns.className(f)} code · package ${fns.packageName(f)}`, kind: 'hint' });
  return lines;
}

export function describeMerged(data: FlameData, profile: ProfileHeader, tree: FlameTree, parent: number, from: number): FrameLine[] {
  const { value, frames } = mergedValue(tree, parent, from);
  return [
    { text: `${frames} narrow frame${frames === 1 ? '' : 's'} under ${data.functions.shortName(tree.fn[parent])}`, kind: 'title' },
    { text: `Total ${formatValue(value, profile.unit)} · ${formatShare(value, profile.total)} of all`, kind: 'figures' },
    { text: 'Click to zoom into the caller and see them', kind: 'hint' },
  ];
}

function countLabel(data: FlameData): string {
  const t = data.annotations.countType?.type ?? 'samples';
  return t === 'samples' || t === 'sample' ? 'Samples' : t.replace(/_/g, ' ');
}

// "Group by a label": which label splits a flame graph (one root per value: the costliest 20, then "other", then
// the samples without it) or Hotspots, offered from the samples of the selection with each key's share and values.
import * as vscode from 'vscode';
import { readConfig } from '../config';
import type { ProfileAnalyzer } from '../profileAnalyzer';
import { pickOne } from '../prompts';
import type { ProfileKey } from '../../shared/profileSelection';
import { keyChoices } from './labelChoices';

/** The key picked; null for no grouping; undefined when the user dismissed the question. */
export async function pickGroupBy(analyzer: ProfileAnalyzer, key: ProfileKey, current: string | undefined, view: 'the flame graph' | 'Hotspots' = 'the flame graph'): Promise<string | null | undefined> {
  const summary = await analyzer.request('labelSummary', { sources: key.sources, typeName: key.type, limits: readConfig().limits, skipUnreadable: key.fromStore, labels: key.labels, topValues: 1 });
  if (summary.keys.length === 0) throw new Error(`the samples of ${view} carry no labels to group by`);
  type Item = vscode.QuickPickItem & { key: string | null };
  const items: Item[] = [
    { label: 'No grouping', description: current === undefined ? 'shown now' : undefined, key: null },
    ...keyChoices(summary, summary.type).map((k) => ({ ...k, detail: k.key === current ? 'shown now' : undefined })),
  ];
  const picked = await pickOne(items, { title: `PerfLens: group ${view} by a label`, placeHolder: view === 'the flame graph' ? 'One root per value: the costliest 20, then the others together' : 'One group per value: the costliest 20, then the others together', matchOnDescription: true });
  return picked?.key;
}

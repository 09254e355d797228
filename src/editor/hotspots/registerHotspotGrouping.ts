// "Group Hotspots by Label...": the view's title button and the command — picks a label of the shown samples (or
// none) and regroups the view; a key given as the command's argument (a keybinding, a test) skips the question.
import * as vscode from 'vscode';
import { reporting } from '../commands';
import { pickGroupBy } from '../filters/groupByPicker';
import type { ProfileAnalyzer } from '../profileAnalyzer';
import type { ProfileSession } from '../profileSession';
import type { HotspotGrouping } from './hotspotGrouping';

export function registerHotspotGrouping(session: ProfileSession, analyzer: ProfileAnalyzer, grouping: HotspotGrouping, log: vscode.LogOutputChannel): vscode.Disposable {
  const context = () => vscode.commands.executeCommand('setContext', 'perflens.hotspotsGrouped', grouping.key !== undefined);
  void context();
  return vscode.Disposable.from(
    grouping.onDidChange(() => void context()),
    vscode.commands.registerCommand('perflens.groupHotspotsBy', reporting(log, 'Grouping Hotspots', async (given?: string | null) => {
      let key: string | null | undefined = given;
      if (key === undefined) {
        const shown = session.shown;
        if (!shown) throw new Error('no profile is loaded: load one to group its hotspots by a label');
        key = await pickGroupBy(analyzer, shown, grouping.key, 'Hotspots');
        if (key === undefined) return;
      }
      if (key !== null && (typeof key !== 'string' || key === '')) throw new Error('the label to group by must be a label name');
      await grouping.setKey(key ?? undefined);
    })),
    vscode.commands.registerCommand('perflens.ungroupHotspots', () => grouping.setKey(undefined)),
  );
}

// The active filter in the status bar, always in sight while it narrows what the editor shows: its parts in words
// (click: change them), and in the tooltip a one-click "Clear filters".
import * as vscode from 'vscode';
import { visibleControls } from '../../core/format/displayText';
import { isViewFilterActive, viewFilterChips } from '../../core/query/viewFilter';
import type { FilterController } from './filterController';

const MAX_TEXT = 60;

export class FilterStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('perflens.filter', vscode.StatusBarAlignment.Left, 49);
  private readonly subscriptions: vscode.Disposable[];

  constructor(filters: FilterController) {
    this.item.name = 'PerfLens filter';
    this.item.command = 'perflens.filters';
    const update = () => {
      const f = filters.filter;
      if (!isViewFilterActive(f)) { this.item.hide(); return; }
      // `$(` would be read as an icon: the text is the profile's, shown as it is.
      const chips = viewFilterChips(f).map((c) => visibleControls(c).replace(/\$\(/g, '\\$('));
      const text = chips.join(' · ');
      this.item.text = `$(filter) ${text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 3)}...` : text}`;
      const md = new vscode.MarkdownString(undefined, true);
      md.isTrusted = { enabledCommands: ['perflens.clearFilters', 'perflens.filters', 'perflens.copyCommandLine'] };
      md.appendText(`PerfLens shows only:\n`);
      for (const chip of viewFilterChips(f)) md.appendMarkdown('- ').appendText(visibleControls(chip)).appendMarkdown('\n');
      md.appendMarkdown('\n[$(close) Clear filters](command:perflens.clearFilters) · [$(edit) Change](command:perflens.filters) · [$(terminal) Copy command line](command:perflens.copyCommandLine)');
      this.item.tooltip = md;
      this.item.show();
    };
    this.subscriptions = [filters.onDidChange(update), filters.session.onDidChange(update)];
    update();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

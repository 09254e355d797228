// The filter commands: by label, frames, "my code only", the filter menu (the status bar's), clear, and the command
// line that reproduces the view.
import * as vscode from 'vscode';
import { formatLabelMatcher } from '../../core/query/labels';
import { APP_ONLY_PRESET, presetsMatching } from '../../core/query/filtersPresets';
import { viewFilterChips, withFrames, type ViewFilter } from '../../core/query/viewFilter';
import { reporting } from '../commands';
import type { LoadOrigins } from '../links/loadOrigin';
import { pickOne } from '../prompts';
import type { SourceContext } from '../sources/loadFromSource';
import { topCommandLine } from './commandLine';
import type { FilterController } from './filterController';
import { pickFrameFilter } from './framePicker';
import { pickLabelMatchers } from './labelPicker';

export function registerFilters(ctx: SourceContext, origins: LoadOrigins, filters: FilterController): vscode.Disposable[] {
  const register = (id: string, what: string, body: (...args: never[]) => unknown) =>
    vscode.commands.registerCommand(id, reporting(ctx.log, what, body as (...args: unknown[]) => unknown));
  const apply = async (f: ViewFilter) => {
    await filters.apply(f);
    ctx.log.info(`filter: ${viewFilterChips(filters.filter).join(', ') || 'none'}`);
  };

  const byLabel = async () => {
    const current = filters.filter;
    const added = await pickLabelMatchers(ctx, origins, current.labels);
    if (added) await apply({ ...current, labels: [...current.labels, ...added] });
  };
  const frames = async () => {
    const next = await pickFrameFilter(filters.filter, presetsMatching((ctx.session.current?.profile.functions ?? []).map((f) => ({ name: f.name, file: f.profileFile }))));
    if (next) await apply(next);
  };
  const myCodeOnly = () => {
    const f = filters.filter;
    return apply(withFrames(f, { preset: { id: APP_ONLY_PRESET, on: !(f.frames?.presets ?? []).includes(APP_ONLY_PRESET) } }));
  };

  return [
    register('perflens.filterByLabel', 'Filtering by label', byLabel),
    register('perflens.filterFrames', 'Filtering frames', frames),
    register('perflens.toggleMyCodeOnly', 'Showing my code only', myCodeOnly),
    register('perflens.clearFilters', 'Clearing the filters', () => filters.clear()),
    register('perflens.filters', 'Changing the filters', async () => {
      const f = filters.filter;
      type Item = vscode.QuickPickItem & { run?: () => unknown };
      const remove: Item[] = [
        ...f.labels.map((m, i) => ({ label: `$(close) ${formatLabelMatcher(m)}`, description: 'remove', run: () => apply({ ...f, labels: f.labels.filter((_, j) => j !== i) }) })),
        ...viewFilterChips({ labels: [], frames: f.frames }).map((chip) => ({ label: `$(close) ${chip}`, description: 'remove (Filter Frames...)', run: frames })),
      ];
      const items: Item[] = [
        { label: '$(tag) Filter by Label...', description: 'keep or drop samples by a label\'s value', run: byLabel },
        { label: '$(list-filter) Filter Frames...', description: 'focus, ignore, hide, show_from, runtime noise', run: frames },
        { label: `$(person) My code only${(f.frames?.presets ?? []).includes(APP_ONLY_PRESET) ? ' (on)' : ''}`, description: 'dependency and runtime runs as one frame each', run: myCodeOnly },
        ...(remove.length > 0 ? [{ label: 'active', kind: vscode.QuickPickItemKind.Separator }, ...remove, { label: '$(clear-all) Clear filters', run: () => filters.clear() }] : []),
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        { label: '$(terminal) Copy command line', description: 'perflens top with these files and filters', run: () => vscode.commands.executeCommand('perflens.copyCommandLine') },
      ];
      const picked = await pickOne(items, { title: 'PerfLens: filters', placeHolder: remove.length > 0 ? `Filtered: ${viewFilterChips(f).join(', ')}` : 'No filter: every sample and frame' });
      await picked?.run?.();
    }),
    register('perflens.copyCommandLine', 'Copying the command line', async () => {
      const shown = ctx.session.shown;
      if (!shown) throw new Error('no profile is loaded');
      const cwd = vscode.workspace.workspaceFolders?.find((w) => w.uri.scheme === 'file')?.uri.fsPath;
      const line = topCommandLine(shown.sources, shown.type, { labels: shown.labels ?? [], frames: shown.frames }, cwd, (shown.fetchedWith ?? []).map(formatLabelMatcher));
      await vscode.env.clipboard.writeText(line.text);
      ctx.log.info(`command line: ${line.text}`);
      void vscode.window.showInformationMessage(`PerfLens: copied ${line.text.length > 120 ? `${line.text.slice(0, 117)}...` : line.text}${line.caveats.length > 0 ? ` (${line.caveats.join('; ')})` : ''}`);
    }),
  ];
}

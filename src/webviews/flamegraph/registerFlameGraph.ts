// The flame graph's part of the extension: its commands (Show Flame Graph; Show in Flame Graph from a hover link,
// a code lens or the editor's context menu), one panel per profile, and the serializer that brings panels back
// after VS Code reloads (the page's saved state names the profile).
import * as vscode from 'vscode';
import { formatLabelFilter, parseLabelFilter } from '../../core/query/labels';
import { formatViewFilter, parseViewFilter } from '../../core/query/viewFilter';
import { reporting } from '../../editor/commands';
import type { ProfileAnalyzer } from '../../editor/profileAnalyzer';
import type { ProfileSession } from '../../editor/profileSession';
import { selectionKey } from '../../editor/profileSelection';
import type { FlameGraphViewState, FunctionRef } from '../../shared/flamegraphProtocol';
import type { ProfileKey } from '../../shared/profileSelection';
import { PanelFigureBook } from './panelFigures';
import { FLAME_GRAPH_VIEW_TYPE, FlameGraphPanel, type PanelDeps } from './flameGraphPanel';
import { functionAtCursor } from './functionAtCursor';
import { registerFlameGraphTestCommands } from './testCommands';
import type { TimelineHost } from './timelineHost';
import { windowTreeFolder } from './treeFolder';
import { testHooksEnabled } from '../../editor/testHooks';

export function registerFlameGraph(context: vscode.ExtensionContext, session: ProfileSession, analyzer: ProfileAnalyzer, log: vscode.LogOutputChannel, timeline?: TimelineHost): void {
  const figures = new PanelFigureBook();
  const trees = windowTreeFolder(context.globalStorageUri, log);
  const deps: PanelDeps = { extensionUri: context.extensionUri, session, analyzer, log, timeline, figures, treeFolder: trees?.uri };
  const panels = new Map<string, FlameGraphPanel>();
  const track = (p: FlameGraphPanel) => {
    panels.get(p.keyString)?.dispose();
    panels.set(p.keyString, p);
    p.onDidDispose(() => { if (panels.get(p.keyString) === p) panels.delete(p.keyString); });
    return p;
  };

  /** The panel of the loaded profile, revealed or created beside the editor. */
  const showCurrent = (): FlameGraphPanel | undefined => {
    const profile = session.current?.profile;
    if (!profile) {
      void vscode.window.showInformationMessage('PerfLens: no profile is loaded.', 'Open Profile File...').then((c) => {
        if (c) void vscode.commands.executeCommand('perflens.openProfileFile');
      });
      return undefined;
    }
    const key: ProfileKey = { ...session.shown!, hints: { service: profile.service, version: profile.version } };
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const existing = panels.get(selectionKey(key));
    if (existing) {
      existing.reveal();
      return existing;
    }
    return track(FlameGraphPanel.create(deps, key, column));
  };

  const register = (id: string, what: string, body: (...args: never[]) => unknown) =>
    vscode.commands.registerCommand(id, reporting(log, what, body as (...args: unknown[]) => unknown));

  context.subscriptions.push(
    register('perflens.showFlameGraph', 'Showing the flame graph', () => { showCurrent(); }),
    register('perflens.showInFlameGraph', 'Showing the function in the flame graph', (arg?: unknown) => {
      const ref = isFunctionRef(arg) ? arg : vscode.window.activeTextEditor ? functionAtCursor(session, vscode.window.activeTextEditor) : undefined;
      if (!ref) {
        void vscode.window.showInformationMessage('PerfLens: the cursor is not in a function of the loaded profile.');
        return;
      }
      showCurrent()?.focusFunction({ name: ref.name, profileFile: ref.profileFile });
    }),
    register('perflens.groupFlameGraphByLabel', 'Grouping the flame graph', async () => {
      const active = [...panels.values()].find((p) => p.panel.active);
      await (active ?? showCurrent())?.pickGroupBy();
    }),
    ...(testHooksEnabled() ? registerFlameGraphTestCommands(panels, figures, analyzer, trees?.uri) : []),
    // A time range narrowed (or widened) the session's files: the panel that showed them shows the new ones.
    timeline?.onDidApply(({ before, after }) => {
      const p = before !== undefined ? panels.get(before) : undefined;
      if (!p) return;
      panels.delete(before!);
      panels.get(selectionKey(after))?.dispose();
      p.follow(after);
      panels.set(p.keyString, p);
    }) ?? { dispose() {} },
    // A filter applied to (or cleared from) the session: the panel that showed the session shows it filtered.
    session.onDidChangeFilter(({ before, after }) => {
      const p = before && panels.get(selectionKey(before));
      if (!p || !after) return;
      panels.delete(p.keyString);
      panels.get(selectionKey(after))?.dispose();
      p.follow({ ...after, hints: p.key.hints });
      panels.set(p.keyString, p);
    }),
    vscode.window.registerWebviewPanelSerializer(FLAME_GRAPH_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const saved = state as Partial<FlameGraphViewState> | undefined;
        const key = saved?.key;
        const restored = isProfileKey(key) ? { sources: key.sources, type: key.type, hints: hintsOf(key.hints), fromStore: key.fromStore === true, ...filterOf(key) } : session.shown;
        if (!restored) {
          panel.dispose();
          return;
        }
        track(new FlameGraphPanel(panel, restored, deps, typeof saved?.groupBy === 'string' && saved.groupBy !== '' ? saved.groupBy : undefined));
      },
    }),
    { dispose: () => { for (const p of panels.values()) p.dispose(); } },
    ...(trees ? [trees] : []),
  );
}

function isFunctionRef(v: unknown): v is FunctionRef {
  return typeof v === 'object' && v !== null && typeof (v as FunctionRef).name === 'string' && typeof (v as FunctionRef).profileFile === 'string';
}

/** Only the strings of saved hints (the state comes back from the page). */
function hintsOf(v: unknown): ProfileKey['hints'] {
  if (typeof v !== 'object' || v === null) return undefined;
  const { service, version } = v as Record<string, unknown>;
  return { service: typeof service === 'string' ? service : undefined, version: typeof version === 'string' ? version : undefined };
}

/** The saved key's filter, read back through its text form (the state comes back from the page); none when it does not read. */
function filterOf(key: ProfileKey): Pick<ProfileKey, 'labels' | 'frames' | 'fetchedWith'> {
  try {
    const f = parseViewFilter(formatViewFilter({ labels: key.labels ?? [], frames: key.frames }));
    const fetchedWith = parseLabelFilter(formatLabelFilter(key.fetchedWith ?? []));
    return { labels: f.labels, ...(f.frames ? { frames: f.frames } : {}), ...(fetchedWith.length > 0 ? { fetchedWith } : {}) };
  } catch {
    return {};
  }
}

function isProfileKey(v: unknown): v is ProfileKey {
  return typeof v === 'object' && v !== null && Array.isArray((v as ProfileKey).sources) && (v as ProfileKey).sources.every((s) => typeof s === 'string') && typeof (v as ProfileKey).type === 'string';
}

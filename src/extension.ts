// Extension entry: creates the editor features, wires them to the profile session, and hands everything to
// VS Code for disposal. Heavy work (decode, aggregate, symbolicate) runs in the profile worker.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { registerCommands, reporting } from './editor/commands';
import { COMMIT_SCHEME, CommitFileProvider, OPEN_COMMIT_CHANGE, openCommitChange, type CommitChangeArgs } from './editor/trends/commitChange';
import { CostCodeLensProvider } from './editor/codeLensProvider';
import { HeatController } from './editor/heat/heatController';
import { CostHoverProvider } from './editor/hoverProvider';
import { HotspotsTree } from './editor/hotspotsTree';
import { HotspotGrouping } from './editor/hotspots/hotspotGrouping';
import { registerHotspotGrouping } from './editor/hotspots/registerHotspotGrouping';
import { LocalStores } from './editor/localStores';
import { ProfileAnalyzer } from './editor/profileAnalyzer';
import { ProfileSession } from './editor/profileSession';
import { ProfileStatusBar } from './editor/statusBar';
import { loadLocalStore } from './editor/storeLoader';
import { PROFILE_FILE_EDITOR, PROFILE_TEXT_FILE_EDITOR, ProfileFileEditorProvider } from './editor/profileFileEditor';
import { CredentialStore } from './editor/sources/credentialStore';
import { forgetCredentials, setCredentials } from './editor/sources/credentialCommands';
import { connectSource, loadFromSource, workspaceServices } from './editor/sources/loadFromSource';
import { namedSource } from './editor/sources/sourceSettings';
import { registerFlameGraph } from './webviews/flamegraph/registerFlameGraph';
import { DiffController } from './editor/diff/diffController';
import { compareReleases } from './editor/diff/compareReleases';
import { compareSelections } from './editor/diff/compareSelections';
import { openCompareLink } from './editor/diff/openCompareLink';
import { DiffPanel } from './webviews/diff/diffPanel';
import { TimeRangeController } from './editor/timeRange/timeRangeController';
import { LoadOrigins, type LoadOrigin } from './editor/links/loadOrigin';
import { openInHoverLink } from './editor/links/openInBackend';
import { registerLinks } from './editor/links/registerLinks';
import { registerLanguageModelTools } from './editor/agents/languageModelTools';
import { onDidAsk, promptEvents, type Question } from './editor/prompts';
import type { ProfileSelection } from './shared/profileSelection';
import type { FunctionCost } from './shared/workspaceProfile';
import { TrendsController } from './editor/trends/trendsController';
import { TrendsTree } from './editor/trends/trendsTree';
import { GrowthController } from './editor/trends/growthController';
import { GrowthMarks } from './editor/trends/growthMarks';
import { GrowthTree } from './editor/trends/growthTree';
import { FilterController } from './editor/filters/filterController';
import { FilterStatusBar } from './editor/filters/filterStatusBar';
import { registerFilters } from './editor/filters/registerFilters';

/** What the in-host tests reach through `extension.exports`. */
export interface PerfLensApi {
  readonly session: ProfileSession;
  readonly heat: HeatController;
  readonly hotspots: HotspotsTree;
  readonly diff: DiffController;
  readonly diffPanel: DiffPanel;
  readonly timeRange: TimeRangeController;
  readonly trends: TrendsController;
  readonly trendsTree: TrendsTree;
  readonly growth: GrowthController;
  readonly growthTree: GrowthTree;
  readonly growthMarks: GrowthMarks;
  /** The active label and frame filters (what every view of the session shows). */
  readonly filters: FilterController;
  /** The questions PerfLens asks in the quick input, announced once on screen (a script answers them then). */
  readonly prompts: { readonly onDidAsk: vscode.Event<Question> };
}

export function activate(context: vscode.ExtensionContext): PerfLensApi {
  const log = vscode.window.createOutputChannel('PerfLens', { log: true });
  log.info(`PerfLens ${context.extension.packageJSON.version} activated in VS Code ${vscode.version}`);
  const analyzer = new ProfileAnalyzer(vscode.Uri.joinPath(context.extensionUri, 'dist', 'profile-worker.js').fsPath, log);
  const stores = new LocalStores(analyzer, log);
  const session = new ProfileSession(analyzer, log);
  const heat = new HeatController(session);
  // Trends of a remote source: the origin of what the session shows (set by loads from Pyroscope and Parca).
  const remoteOrigin = () => {
    const o = origins.current;
    const { service, type, labels } = o?.selection ?? {};
    if (!o || o.entry.config.kind === 'store' || o.entry.config.kind === 'pprof-http' || !service || !type) return undefined;
    return { connect: () => connectSource(sourceContext, o.entry), name: o.entry.name, service, type, labels: labels ?? [] };
  };
  // The store context comes from the time range controller, created below (and only asked later).
  const trends = new TrendsController(session, analyzer, () => timeRange.context(), log, remoteOrigin, () => trendsView.visible);
  const trendOf = (fn: FunctionCost) => trends.trendOf(fn);
  const hoverTrendOf = (fn: FunctionCost) => trends.trendForHover(fn);
  const hotspotGrouping = new HotspotGrouping(session, analyzer, context.workspaceState, log);
  const tree = new HotspotsTree(session, trendOf, trends.onDidChange, hotspotGrouping);
  const trendsTree = new TrendsTree(trends, session);
  const trendsView = vscode.window.createTreeView('perflens.trends', { treeDataProvider: trendsTree });
  trendsTree.attach(trendsView);
  const trendsShown = trendsView.onDidChangeVisibility((e) => { if (e.visible) trends.wantedNow(); });
  const growth = new GrowthController(session, analyzer, () => timeRange.context(), log, remoteOrigin, () => growthView.visible);
  const growthTree = new GrowthTree(growth);
  const growthView = vscode.window.createTreeView('perflens.growth', { treeDataProvider: growthTree });
  growthTree.attach(growthView);
  const growthShown = growthView.onDidChangeVisibility((e) => { if (e.visible) growth.wantedNow(); });
  const growthMarks = new GrowthMarks(growth);
  const treeView = vscode.window.createTreeView('perflens.hotspots', { treeDataProvider: tree, showCollapseAll: true });
  const status = new ProfileStatusBar(session, () => heat.isEnabled);
  const lenses = new CostCodeLensProvider(session, heat);
  const selector: vscode.DocumentSelector = { scheme: 'file' };
  const credentials = new CredentialStore(context.secrets);
  // The remote flow offers the session's time range first (timeRange is created below, and only called later).
  const origins = new LoadOrigins(session);
  const sourceContext = { session, analyzer, stores, credentials, cacheDir: context.globalStorageUri.fsPath, log, sessionRange: () => timeRange.choice, recordOrigin: (o: LoadOrigin) => { origins.set(o); void trends.refresh(); void growth.refresh(); } };
  const filters = new FilterController(sourceContext, origins, context.workspaceState);
  const diff = new DiffController(heat);
  const diffPanel = new DiffPanel(context.extensionUri, log, diff, () => diff.show(undefined));
  const compareContext = { ...sourceContext, diff, panel: diffPanel, origins };
  void vscode.commands.executeCommand('setContext', 'perflens.heatEnabled', heat.isEnabled);

  context.subscriptions.push(
    log, analyzer, session, heat, trends, hotspotGrouping, tree, treeView, registerHotspotGrouping(session, analyzer, hotspotGrouping, log), trendsTree, trendsView, trendsShown, growth, growthTree, growthView, growthShown, growthMarks, status, lenses,
    vscode.languages.registerHoverProvider({ scheme: 'file' }, growthMarks),
    vscode.commands.registerCommand('perflens.refreshGrowth', reporting(log, 'Refreshing memory growth', () => growth.refresh())),
    vscode.languages.registerHoverProvider(selector, new CostHoverProvider(session, heat, () => openInHoverLink(origins), hoverTrendOf)),
    origins, ...registerLinks(sourceContext, origins, (text) => openCompareLink(compareContext, text)),
    filters, new FilterStatusBar(filters), ...registerFilters(sourceContext, origins, filters),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    ...registerCommands({ session, heat, tree, treeView: treeView as vscode.TreeView<unknown>, status, log, loadStore: () => loadLocalStore(session, stores, log, true, workspaceServices()) }),
    vscode.commands.registerCommand('perflens.loadFromSource', reporting(log, 'Loading from the source', (arg?: { source?: unknown }) =>
      loadFromSource(sourceContext, typeof arg?.source === 'string' ? namedSource(arg.source) : undefined))),
    vscode.commands.registerCommand('perflens.setCredentials', reporting(log, 'Saving credentials', () => setCredentials(credentials))),
    vscode.commands.registerCommand('perflens.forgetCredentials', reporting(log, 'Removing credentials', () => forgetCredentials(credentials))),
    vscode.window.registerCustomEditorProvider(PROFILE_FILE_EDITOR, new ProfileFileEditorProvider(session)),
    vscode.window.registerCustomEditorProvider(PROFILE_TEXT_FILE_EDITOR, new ProfileFileEditorProvider(session)),
    diff, diffPanel,
    vscode.languages.registerHoverProvider(selector, diff),
    vscode.commands.registerCommand('perflens.compareWithPrevious', reporting(log, 'Comparing with the previous release', () => compareReleases(compareContext, false))),
    vscode.commands.registerCommand('perflens.compareVersions', reporting(log, 'Comparing versions', () => compareReleases(compareContext, true))),
    vscode.commands.registerCommand('perflens.clearDiff', () => { diffPanel.close(); diff.show(undefined); }),
    vscode.workspace.registerTextDocumentContentProvider(COMMIT_SCHEME, new CommitFileProvider()),
    vscode.commands.registerCommand(OPEN_COMMIT_CHANGE, reporting(log, 'Opening the commit\'s change', (arg?: Partial<CommitChangeArgs>) => openCommitChange(diff.current, arg))),
    vscode.commands.registerCommand('perflens.compare', reporting(log, 'Comparing', () => compareSelections(compareContext))),
    vscode.commands.registerCommand('perflens.toggleDiffMode', () => diff.toggleMode()),
    vscode.commands.registerCommand('perflens.copyDiffCommand', reporting(log, 'Copying the diff command', () => diffPanel.copy('command'))),
    vscode.commands.registerCommand('perflens.copyDiffLink', reporting(log, 'Copying the comparison link', () => diffPanel.copy('link'))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('perflens.pathMappings') || e.affectsConfiguration('perflens.profileGitRef')) void session.reload().catch((err) => log.error(String(err)));
    }),
    // Trusting the folder turns on what Restricted Mode held back (git for line drift, the workspace's store
    // setting): analyse again so the user sees it without reloading by hand.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('the workspace is trusted now: analysing the profiles again with git and the workspace\'s settings');
      const again = session.current ? session.reload() : loadLocalStore(session, stores, log, false, workspaceServices());
      void again.catch((err) => log.error(String(err)));
    }),
  );
  const timeRange = new TimeRangeController(session, analyzer, stores, context.workspaceState, log);
  context.subscriptions.push(timeRange, vscode.commands.registerCommand('perflens.selectTimeRange', reporting(log, 'Choosing the time range', () => timeRange.pick())));
  registerFlameGraph(context, session, analyzer, log, timeRange);
  context.subscriptions.push(...registerLanguageModelTools(session, diff, log));
  // Reopening restores what was loaded last (fetched profiles stay in the cache folder, so nothing is fetched
  // again); otherwise the embedded default: profiles already in the workspace's local store show up by themselves.
  const LAST = 'perflens.lastLoaded';
  context.subscriptions.push(session.onDidChange(() => {
    const shown = session.shown;
    void context.workspaceState.update(LAST, shown && { ...shown, hints: { service: session.current?.profile.service, version: session.current?.profile.version } });
  }));
  const last = context.workspaceState.get<ProfileSelection>(LAST);
  // The filter comes back from its own checked state (filters/filterController.ts), not from the selection's.
  filters.restore();
  const restore = last && Array.isArray(last.sources) && last.sources.length > 0 && last.sources.every((f) => typeof f === 'string' && existsSync(f))
    ? session.load({ sources: last.sources, type: last.type, hints: last.hints, fromStore: last.fromStore, ...fetchedWithOf(session, last) }, { quiet: true }).then(() => undefined)
    : loadLocalStore(session, stores, log, false, workspaceServices());
  // A load the user starts meanwhile supersedes this one (it is then cancelled, which is no error).
  void restore.catch((e) => { if (!(e instanceof vscode.CancellationError)) log.error(`loading profiles: ${e instanceof Error ? e.message : String(e)}`); });
  context.subscriptions.push(promptEvents);
  return { session, heat, hotspots: tree, diff, diffPanel, timeRange, trends, trendsTree, filters, growth, growthTree, growthMarks, prompts: { onDidAsk } };
}

/**
 * The matchers a server applied to the files restored (as saved, checked against the restored filter): the files
 * hold only those samples, so they are shown, not applied again.
 */
function fetchedWithOf(session: ProfileSession, last: ProfileSelection): Pick<ProfileSelection, 'fetchedWith' | 'labels'> {
  if (!Array.isArray(last.fetchedWith) || last.fetchedWith.length === 0) return {};
  const saved = new Set(last.fetchedWith.map((m) => JSON.stringify([m?.key, m?.op, m?.value])));
  const fetchedWith = session.filter.labels.filter((m) => saved.has(JSON.stringify([m.key, m.op, m.value])));
  const labels = session.filter.labels.filter((m) => !saved.has(JSON.stringify([m.key, m.op, m.value])));
  return fetchedWith.length > 0 ? { fetchedWith, labels } : {};
}

export function deactivate(): void {}

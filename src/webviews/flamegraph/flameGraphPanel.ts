// One flame graph panel, bound to one profile (its files and sample type). It asks the profile worker for the
// call tree — written to a file of the window's tree folder, which the page reads as a webview resource (the bytes
// never pass through the extension host), or as ArrayBuffers it hands to the page — and the page's requests to open
// source are checked here against the analysed profile (only app functions' workspace files, only inside a
// workspace folder).
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ProfileAnalyzer } from '../../editor/profileAnalyzer';
import { analysisRequest } from '../../editor/analysisRequest';
import { readConfig } from '../../editor/config';
import type { ProfileSession } from '../../editor/profileSession';
import { Cancelled, isCancelled, throwIfCancelled } from '../../rpc/cancelled';
import type { Endpoint, IncomingRequest } from '../../rpc/endpoint';
import { selectionKey } from '../../editor/profileSelection';
import { reporting } from '../../editor/commands';
import { pickGroupBy } from '../../editor/filters/groupByPicker';
import { viewFilterChips } from '../../core/query/viewFilter';
import type {
  FlameGraphBuffers, FlameGraphFile, FlameGraphHostVocabulary, FlameGraphPageData, FlameGraphPageVocabulary, FunctionRef, ProfileHeader, SandwichBuffers, TableGroups, TimelineView,
} from '../../shared/flamegraphProtocol';
import type { ProfileKey } from '../../shared/profileSelection';
import type { WorkspaceProfile } from '../../shared/workspaceProfile';
import { webviewEndpoint } from '../webviewEndpoint';
import { testHooksEnabled } from '../../editor/testHooks';
import { openableFunctions, type OpenableFunctions } from './functionFacts';
import { flameGraphHtml, newNonce } from './html';
import { openFunctionSource } from './openFunctionSource';
import type { PanelFigureBook } from './panelFigures';
import type { TimelineHost } from './timelineHost';

export const FLAME_GRAPH_VIEW_TYPE = 'perflens.flameGraph';

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly session: ProfileSession;
  readonly analyzer: ProfileAnalyzer;
  readonly log: vscode.LogOutputChannel;
  /** The time range's timeline strip; absent: no strip. */
  readonly timeline?: TimelineHost;
  /** What each page was sent and drew (read by the internal describe command). */
  readonly figures: PanelFigureBook;
  /** Where the worker writes the trees the pages read (one folder per window); absent: the trees go in messages. */
  readonly treeFolder?: vscode.Uri;
}

/** A tree as the worker answered it: in a file of the tree folder, or as buffers. */
type BuiltTree = FlameGraphFile | FlameGraphBuffers;

/** Values of the group-by label with a column of their own in the functions table (then "other", then none). */
const TABLE_GROUP_VALUES = 5;

/** A typed array's own bytes (the page gets ArrayBuffers). */
const bytesOf = (a: Float64Array): ArrayBuffer => (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a.buffer as ArrayBuffer : a.slice().buffer);

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A range from the page, if it is one. */
function validRange(r: unknown): { fromMs: number; toMs: number } | undefined {
  if (typeof r !== 'object' || r === null) return undefined;
  const { fromMs, toMs } = r as Record<string, unknown>;
  return typeof fromMs === 'number' && typeof toMs === 'number' && Number.isFinite(fromMs) && toMs > fromMs ? { fromMs, toMs } : undefined;
}

/**
 * What a panel keeps: not the analysis (its costs and call edges are ~70 MB for an 80 MB profile, per panel) nor its
 * tree once posted to the page (the worker keeps the trees built last: a page shown again asks it again), only where
 * the functions a click may open are.
 */
interface Loaded {
  /** The analysis the panel was built from, while the session still holds it (to notice a newer one). */
  readonly analysis: WeakRef<WorkspaceProfile>;
  /** By the analysis' function index (the page's fact indices): the app functions with a workspace file. */
  readonly openable: OpenableFunctions;
  readonly header: ProfileHeader;
}

export class FlameGraphPanel implements vscode.Disposable {
  private currentKey: ProfileKey;
  private currentKeyString: string;
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;
  /** The tree built with the load, until the page takes it (a page asking later asks the worker). */
  private built: { readonly key: ProfileKey; readonly tree: BuiltTree } | undefined;
  /** Tree files handed to the page and not read yet, by their url. */
  private readonly unread = new Map<string, string>();
  /** Aborted when what is being loaded is no longer wanted (other files, a newer analysis, the panel closed). */
  private loadAbort = new AbortController();
  private pendingFocus: FunctionRef | undefined;
  /** The page asked for its data and has not been dropped since (it is dropped whenever the panel is hidden). */
  private pageAlive = false;
  private readonly endpoint: Endpoint<FlameGraphHostVocabulary, FlameGraphPageVocabulary>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  /** The label the graph is split by (one root per value), undefined: not split. */
  private groupByKey: string | undefined;
  /** The strip last built for the current key, given again when the page comes back (it may keep the session's range label). */
  private timelineShown: { key: ProfileKey; view: TimelineView | undefined } | undefined;

  get key(): ProfileKey {
    return this.currentKey;
  }

  get keyString(): string {
    return this.currentKeyString;
  }

  get groupBy(): string | undefined {
    return this.groupByKey;
  }

  /** Split the graph by a label's values (undefined: not split); the page asks for its data again. */
  setGroupBy(key: string | undefined): void {
    if (key === this.groupByKey) return;
    this.groupByKey = key;
    this.restartLoad();
    this.tellPage({ data: true, timeline: false });
  }

  /** The page's "Group by" button, and the command: the label to split by, asked in the quick input. */
  async pickGroupBy(): Promise<void> {
    const picked = await pickGroupBy(this.deps.analyzer, this.key, this.groupByKey);
    if (picked !== undefined) this.setGroupBy(picked ?? undefined);
  }

  static create(deps: PanelDeps, key: ProfileKey, column: vscode.ViewColumn): FlameGraphPanel {
    const panel = vscode.window.createWebviewPanel(FLAME_GRAPH_VIEW_TYPE, 'Flame Graph', column, FlameGraphPanel.options(deps));
    return new FlameGraphPanel(panel, key, deps);
  }

  static options({ extensionUri, treeFolder }: Pick<PanelDeps, 'extensionUri' | 'treeFolder'>): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // State lives in the page's getState/setState, so the page can be dropped while hidden.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media'), ...(treeFolder ? [treeFolder] : [])],
    };
  }

  constructor(readonly panel: vscode.WebviewPanel, key: ProfileKey, private readonly deps: PanelDeps, groupBy?: string) {
    this.currentKey = key;
    this.groupByKey = groupBy;
    this.currentKeyString = selectionKey(key);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'flame-view.svg');
    panel.title = `Flame Graph: ${key.type}`;
    panel.webview.options = FlameGraphPanel.options(deps);
    panel.webview.html = this.html();
    const { endpoint, subscription } = webviewEndpoint<FlameGraphHostVocabulary, FlameGraphPageVocabulary>(panel.webview, 'flame graph page', deps.log);
    this.endpoint = endpoint
      .handle('data', (_params, request) => this.pageData(request))
      .handle('timeline', (_params, request) => this.timeline(request.signal))
      .handle('sandwich', (params, request) => this.sandwich(params.fn, request.signal))
      .handle('groupColumns', (params, request) => this.groupColumns(params?.groupBy, request.signal))
      .on('open', (m) => void this.open(m.fact, m.line, m.beside))
      .on('treeRead', (m) => { if (typeof m?.url === 'string') this.deleteUnread(m.url); })
      .on('rendered', (m) => {
        if (typeof m?.frames === 'number') deps.figures.rendered(this, { frames: m.frames, view: String(m.view), zoom: String(m.zoom) });
      })
      .on('selectRange', (m) => void this.chooseRange((host) => host.selectFromTimeline(validRange(m?.range))))
      .on('pickRange', () => void this.chooseRange((host) => host.pick()))
      .on('pickGroupBy', () => void reporting(deps.log, 'Grouping the flame graph', () => this.pickGroupBy())())
      .on('filters', (m) => void vscode.commands.executeCommand(m?.action === 'clear' ? 'perflens.clearFilters' : 'perflens.filters'));
    this.subscriptions.push(
      subscription,
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (panel.visible) return;
        // VS Code drops a hidden page: what it asked for is not answered (a new page asks afresh).
        this.pageAlive = false;
        this.endpoint.abandonIncoming();
      }),
      deps.session.onDidChange((l) => {
        const shown = deps.session.shown;
        if (!l || !shown || selectionKey(shown) !== this.keyString) return;
        // The session shows these files now (its range's label goes on the strip): the strip is built again; and when
        // they were analysed again (settings changed), the classes and locations are refreshed.
        this.timelineShown = undefined;
        const reanalysed = l.profile !== this.loaded?.analysis.deref();
        if (reanalysed) this.restartLoad();
        this.tellPage({ data: reanalysed, timeline: true });
      }),
    );
    // Built while the page loads.
    this.load().catch(() => {});
  }

  /** Show other files (a time range chosen on the timeline or in the quick pick narrowed the session's). */
  follow(key: ProfileKey): void {
    this.currentKey = key;
    this.currentKeyString = selectionKey(key);
    this.restartLoad();
    this.tellPage({ data: true, timeline: true });
  }

  reveal(column?: vscode.ViewColumn): void {
    this.panel.reveal(column);
  }

  /** Show the sandwich of a function (from the editor's "Show in Flame Graph"). */
  focusFunction(fn: FunctionRef): void {
    // A live page takes it now; otherwise the page that loads next gets it with its data, once.
    if (this.pageAlive && this.panel.visible) this.endpoint.notify('focusFunction', fn);
    else this.pendingFocus = fn;
  }

  /** The page's data: the profile's tree (built again by the worker when it was let go while hidden). */
  private async pageData(request: IncomingRequest): Promise<FlameGraphPageData> {
    this.pageAlive = true;
    this.deps.figures.asked(this);
    if (!this.loaded || this.loaded.header.key !== this.currentKey) request.progress('Building the flame graph…');
    let loaded: Loaded;
    try {
      loaded = await this.load();
    } catch (e) {
      if (!isCancelled(e) && !(e instanceof vscode.CancellationError)) this.deps.log.error(`flame graph of ${this.key.sources.join(', ')}: ${messageOf(e)}`);
      throw e;
    }
    let tree = this.built?.key === loaded.header.key ? this.built.tree : undefined;
    this.built = undefined;
    if (!tree) {
      const started = Date.now();
      tree = await this.buildData(this.loadAbort.signal);
      this.deps.log.info(`flame graph of ${loaded.header.title}: asked again in ${Date.now() - started} ms (its page was dropped while hidden)`);
    }
    if (request.signal.aborted) {
      forget(tree);
      throwIfCancelled(request.signal);
    }
    const focus = this.pendingFocus;
    this.pendingFocus = undefined;
    this.deps.figures.answered(this, tree);
    return { profile: loaded.header, source: this.handOut(tree), focus };
  }

  /** What the page reads the tree from: a file's url (the page says when it has read it), or the buffers. */
  private handOut(tree: BuiltTree): FlameGraphPageData['source'] {
    if (!('file' in tree)) return { tree: tree.tree, annotations: tree.annotations };
    // An older tree still unread belongs to an ask this one superseded.
    for (const url of [...this.unread.keys()]) this.deleteUnread(url);
    const url = this.panel.webview.asWebviewUri(vscode.Uri.file(tree.file)).toString();
    this.unread.set(url, tree.file);
    return { url, treeBytes: tree.treeBytes, annotationsBytes: tree.annotationsBytes };
  }

  private deleteUnread(url: string): void {
    const file = this.unread.get(url);
    if (file === undefined) return;
    this.unread.delete(url);
    forget({ file });
  }

  /** The strip above the graph: every profile of these files' service and type over time. */
  private async timeline(signal: AbortSignal): Promise<TimelineView | undefined> {
    const host = this.deps.timeline;
    if (!host) return undefined;
    const key = this.currentKey;
    // A page back from being hidden gets the strip it showed, as it gets its data: building the strip totals every
    // profile of the service in the store, which is worth doing when the data changes, not on every tab switch.
    if (this.timelineShown?.key === key) return this.timelineShown.view;
    let view: TimelineView | undefined;
    try {
      view = await host.timelineFor(key, signal);
    } catch (e) {
      if (isCancelled(e) || e instanceof vscode.CancellationError) throw e;
      this.deps.log.warn(`timeline of ${key.sources.length} profile(s): ${messageOf(e)}`);
      return undefined;
    }
    if (key === this.currentKey) this.timelineShown = { key, view };
    this.deps.figures.timeline(this, view);
    return view;
  }

  private async chooseRange(choose: (host: TimelineHost) => Promise<void>): Promise<void> {
    const host = this.deps.timeline;
    if (!host) return;
    try {
      await choose(host);
    } catch (e) {
      if (e instanceof vscode.CancellationError || isCancelled(e)) return;
      const message = messageOf(e);
      this.deps.log.error(`time range: ${message}`);
      void vscode.window.showErrorMessage(`PerfLens: ${message}`);
      // The strip drops the range dragged on it.
      this.tellPage({ data: false, timeline: true });
    }
  }

  private async open(fact: unknown, line: unknown, beside: unknown): Promise<void> {
    const fn = Number.isInteger(fact) ? this.loaded?.openable.get(fact as number) : undefined;
    if (!fn) return;
    await openFunctionSource(fn, typeof line === 'number' ? line : 0, beside === true, this.panel, this.deps.log);
  }

  /** The page asks again for what went stale (a page that is not there asks anyway when it loads). */
  private tellPage(stale: { data: boolean; timeline: boolean }): void {
    if (this.pageAlive && this.panel.visible) this.endpoint.notify('stale', stale);
  }

  private restartLoad(): void {
    this.loadAbort.abort();
    this.loadAbort = new AbortController();
    this.loading = undefined;
    if (this.built) forget(this.built.tree);
    this.built = undefined;
  }

  /** The analysis and tree of the current key, shared by every ask until the key or analysis changes; a failure is tried again next time. */
  private load(): Promise<Loaded> {
    if (!this.loading) {
      const loading = this.doLoad(this.loadAbort.signal);
      this.loading = loading;
      loading.catch(() => { if (this.loading === loading) this.loading = undefined; });
    }
    return this.loading;
  }

  private async doLoad(signal: AbortSignal): Promise<Loaded> {
    const started = Date.now();
    const key = this.currentKey;
    const profile = await this.workspaceProfile(key, signal);
    const openable = openableFunctions(profile.functions);
    const tree = await this.buildData(signal);
    if (signal.aborted) {
      forget(tree);
      throwIfCancelled(signal);
    }
    const name = [profile.service ?? basename(key.sources[0]), profile.version].filter(Boolean).join(' ');
    const header: ProfileHeader = {
      key, id: this.groupByKey ? `${selectionKey(key)} by ${this.groupByKey}` : selectionKey(key), title: `${name} · ${profile.type}`, unit: profile.unit, total: profile.total,
      filters: viewFilterChips({ labels: [...(key.fetchedWith ?? []), ...(key.labels ?? [])], frames: key.frames }), ...(this.groupByKey ? { groupBy: this.groupByKey } : {}),
    };
    this.panel.title = `Flame Graph: ${header.title}`;
    this.loaded = { analysis: new WeakRef(profile), openable, header };
    if (this.built) forget(this.built.tree);
    this.built = { key, tree };
    this.deps.log.info(`flame graph of ${header.title}: ${treeBytes(tree)} bytes${'file' in tree ? ' (a file the page reads)' : ''} in ${Date.now() - started} ms`);
    return this.loaded;
  }

  /**
   * The worker's call tree of this panel's files and type, annotated with what their analysis knows (the worker
   * keeps the mapping and the function rows of `functions`, analysed with the same request).
   */
  private buildData(signal: AbortSignal): Promise<BuiltTree> {
    const { treeFolder } = this.deps;
    const options = { signal, lane: `flame graph ${this.keyString}` };
    if (treeFolder) return this.deps.analyzer.request('flameGraphFile', { ...this.profileOfPanel(), folder: treeFolder.fsPath }, options);
    return this.deps.analyzer.request('flameGraph', this.profileOfPanel(), options);
  }

  /** What the worker is asked for this panel's profile: its files, type, analysis and label filter. */
  private profileOfPanel() {
    return {
      sources: this.key.sources,
      typeName: this.key.type,
      limits: readConfig().limits,
      analysis: analysisRequest(this.key),
      skipUnreadable: this.key.fromStore,
      labels: this.key.labels,
      frames: this.key.frames,
      groupBy: this.groupBy,
    };
  }

  /** The exact sandwich of one function of this panel's profile, from the worker (all the stacks, not the cut tree). */
  private sandwich(fn: number, signal: AbortSignal): Promise<SandwichBuffers> {
    return this.deps.analyzer.request('sandwich', { ...this.profileOfPanel(), fn }, { signal, lane: `sandwich ${this.keyString}` });
  }

  /**
   * The functions table split by the graph's group-by label: a column per value (the costliest), "other", none.
   * @param asked the label of the page's graph: when the panel's is another one now (changed while the request was on
   *   its way or in the worker), the answer would put its columns beside the old graph: cancelled instead
   */
  private async groupColumns(asked: unknown, signal: AbortSignal): Promise<TableGroups | undefined> {
    const groupBy = this.groupBy;
    if (!groupBy) return undefined;
    const stale = () => {
      if (asked !== this.groupBy) throw new Cancelled(`the graph is grouped by ${this.groupBy ?? 'nothing'} now, not ${String(asked)}`);
    };
    stale();
    const groups = await this.deps.analyzer.request('functionGroups', { ...this.profileOfPanel(), groupBy, values: TABLE_GROUP_VALUES }, { signal, lane: `groups ${this.keyString}` });
    stale();
    const groupRootsFrom = groups.groupFunctions.reduce((min, f) => Math.min(min, f), groups.flat.length / Math.max(1, groups.columns.length));
    return { key: groups.key, columns: groups.columns, groupRootsFrom, flat: bytesOf(groups.flat), cum: bytesOf(groups.cum) };
  }

  /** The analysed profile: the session's when it shows these files, else analysed for this panel alone. */
  private workspaceProfile(key: ProfileKey, signal: AbortSignal): Promise<WorkspaceProfile> {
    const current = this.deps.session.current?.profile;
    const shown = this.deps.session.shown;
    if (current && shown && selectionKey({ sources: current.sources, type: current.type, labels: shown.labels, frames: shown.frames }) === selectionKey(key)) return Promise.resolve(current);
    return this.deps.analyzer.analyze(analysisRequest(key), { signal });
  }

  private html(): string {
    const webview = this.panel.webview;
    const asUri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, ...path)).toString();
    return flameGraphHtml({
      cspSource: webview.cspSource,
      scriptUri: asUri('dist', 'webview', 'flamegraph.js'),
      styleUri: asUri('media', 'flamegraph.css'),
      nonce: newNonce(),
      title: 'Flame Graph',
      debugHook: testHooksEnabled(),
    });
  }

  private isDisposed = false;

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.loadAbort.abort();
    this.endpoint.abandonIncoming();
    if (this.built) forget(this.built.tree);
    this.built = undefined;
    for (const url of [...this.unread.keys()]) this.deleteUnread(url);
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions.length = 0;
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}

/** A tree file nobody will read: deleted (in the background; the folder goes with the window anyway). */
function forget(tree: BuiltTree | { readonly file: string }): void {
  if ('file' in tree) void rm(tree.file, { force: true }).catch(() => {});
}

function treeBytes(tree: BuiltTree): number {
  return 'file' in tree ? tree.treeBytes + tree.annotationsBytes : tree.tree.byteLength + tree.annotations.byteLength;
}

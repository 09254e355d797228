// One flame graph panel, bound to one profile (its files and sample type). It asks the profile worker for the
// call tree as ArrayBuffers and hands them to the page; the page's requests to open source are checked here
// against the analysed profile (only app functions' workspace files, only inside a workspace folder).
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ProfileAnalyzer } from '../../editor/profileAnalyzer';
import { analysisRequest } from '../../editor/analysisRequest';
import { readConfig } from '../../editor/config';
import type { ProfileSession } from '../../editor/profileSession';
import type { FlameGraphBuffers, FromWebview, FunctionRef, ProfileHeader, ProfileKey, TimelineView, ToWebview } from '../../shared/flamegraphProtocol';
import { profileKeyString } from '../../shared/flamegraphProtocol';
import type { WorkspaceProfile } from '../../shared/workspaceProfile';
import { functionFacts, functionTargets, type FunctionTarget } from './functionFacts';
import { callTreeFigures } from './callTreeFigures';
import type { FlameGraphDataCache } from './flameGraphDataCache';
import { flameGraphHtml, newNonce } from './html';
import { openSource } from './openSource';
import type { TimelineHost } from './timelineHost';

export const FLAME_GRAPH_VIEW_TYPE = 'perflens.flameGraph';

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly session: ProfileSession;
  readonly analyzer: ProfileAnalyzer;
  readonly log: vscode.LogOutputChannel;
  /** The time range's timeline strip; absent: no strip. */
  readonly timeline?: TimelineHost;
  /** The trees of the panels shown last, shared by all panels within one byte budget. */
  readonly data: FlameGraphDataCache;
}

/**
 * What a panel keeps: not the analysis (its costs and call edges are ~70 MB for an 80 MB profile, per panel), only
 * the functions' targets; the tree itself is in the shared FlameGraphDataCache, or built again by the worker.
 */
interface Loaded {
  /** The analysis the panel was built from, while the session still holds it (to notice a newer one). */
  readonly analysis: WeakRef<WorkspaceProfile>;
  /** Indexed like the analysis' functions (the page's fact indices). */
  readonly functions: readonly FunctionTarget[];
  readonly header: ProfileHeader;
}

export class FlameGraphPanel implements vscode.Disposable {
  private currentKey: ProfileKey;
  private currentKeyString: string;
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded | undefined> | undefined;
  private pendingFocus: FunctionRef | undefined;
  /** The page said 'ready' and has not been dropped since (it is dropped whenever the panel is hidden). */
  private pageReady = false;
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  /** What the page last reported drawing (for the log and the in-host tests). */
  lastRendered: { frames: number; view: string; zoom: string } | undefined;
  /** What the timeline strip last showed (for the in-host tests). */
  lastTimeline: { bars: number; boundaries: number; label: string } | undefined;
  /** How many times the page reported drawing (a page reloaded after being hidden draws again). */
  renders = 0;
  /** The call tree last handed to the page: its nodes and root total (for the load bench's no-data-lost check). */
  lastSent: { nodes: number; total: number; bytes: number } | undefined;
  /** The page's last (re)load, ms: its 'ready' to the data posted (host), the data posted to its 'rendered' (transfer, decode, draw). */
  lastPageTimes: { readyToPosted: number; postedToRendered: number } | undefined;
  private readyAt = 0;
  private postedAt = 0;
  /** The strip last sent for the current key, re-sent when the page comes back (it may keep the session's range label). */
  private timelineSent: { key: ProfileKey; view: TimelineView | undefined } | undefined;

  get key(): ProfileKey {
    return this.currentKey;
  }

  get keyString(): string {
    return this.currentKeyString;
  }

  static create(deps: PanelDeps, key: ProfileKey, column: vscode.ViewColumn): FlameGraphPanel {
    const panel = vscode.window.createWebviewPanel(FLAME_GRAPH_VIEW_TYPE, 'Flame Graph', column, FlameGraphPanel.options(deps.extensionUri));
    return new FlameGraphPanel(panel, key, deps);
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // State lives in the page's getState/setState, so the page can be dropped while hidden.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  constructor(readonly panel: vscode.WebviewPanel, key: ProfileKey, private readonly deps: PanelDeps) {
    this.currentKey = key;
    this.currentKeyString = profileKeyString(key);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'flame-view.svg');
    panel.title = `Flame Graph: ${key.type}`;
    panel.webview.options = FlameGraphPanel.options(deps.extensionUri);
    panel.webview.html = this.html();
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => { if (!panel.visible) this.pageReady = false; }),
      deps.session.onDidChange((l) => {
        // The session shows these files now (its range's label goes on the strip): the strip is built again.
        if (l && profileKeyString({ sources: l.profile.sources, type: l.profile.type }) === this.keyString) this.timelineSent = undefined;
        // The same files and type analysed again (settings changed): refresh the classes and locations.
        if (l && profileKeyString({ sources: l.profile.sources, type: l.profile.type }) === this.keyString && l.profile !== this.loaded?.analysis.deref()) {
          this.loading = undefined;
          void this.sendData();
        }
      }),
    );
    void this.load();
  }

  /** Show other files (a time range chosen on the timeline or in the quick pick narrowed the session's). */
  follow(key: ProfileKey): void {
    this.currentKey = key;
    this.currentKeyString = profileKeyString(key);
    this.loading = undefined;
    void this.sendData().then((sent) => { if (sent) void this.sendTimeline(); });
  }

  reveal(column?: vscode.ViewColumn): void {
    this.panel.reveal(column);
  }

  /** Show the sandwich of a function (from the editor's "Show in Flame Graph"). */
  focusFunction(fn: FunctionRef): void {
    // A live page takes it now; otherwise the page that loads next gets it after its data, once.
    if (this.pageReady && this.panel.visible) this.post({ type: 'focusFunction', fn });
    else this.pendingFocus = fn;
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
    });
  }

  private post(m: ToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  private async onMessage(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready': {
        // The page (re)loaded, e.g. after being hidden: it gets the data again, then any pending focus.
        this.pageReady = true;
        this.readyAt = Date.now();
        if (!(await this.sendData(m.requestId))) return;
        this.postedAt = Date.now();
        if (this.pendingFocus) this.post({ type: 'focusFunction', fn: this.pendingFocus });
        this.pendingFocus = undefined;
        void this.sendTimeline(true);
        return;
      }
      case 'selectRange':
      case 'pickRange': {
        const host = this.deps.timeline;
        if (!host) return;
        try {
          if (m.type === 'pickRange') await host.pick();
          else await host.selectFromTimeline(m.range);
        } catch (e) {
          if (e instanceof vscode.CancellationError) return;
          const message = e instanceof Error ? e.message : String(e);
          this.deps.log.error(`time range: ${message}`);
          void vscode.window.showErrorMessage(`PerfLens: ${message}`);
          void this.sendTimeline();
        }
        return;
      }
      case 'open': {
        const fn = this.loaded?.functions[m.fact];
        if (!fn) return;
        await openSource(fn, m.line, m.beside, this.panel, this.deps.log);
        return;
      }
      case 'rendered':
        this.lastRendered = { frames: m.frames, view: m.view, zoom: m.zoom };
        this.renders++;
        if (this.postedAt > 0) this.lastPageTimes = { readyToPosted: this.postedAt - this.readyAt, postedToRendered: Date.now() - this.postedAt };
        this.postedAt = 0;
        return;
    }
  }

  /** The strip above the graph: every profile of these files' service and type over time. */
  private async sendTimeline(reuse = false): Promise<void> {
    const host = this.deps.timeline;
    if (!host) return;
    const key = this.currentKey;
    // A page back from being hidden gets the strip it showed, as it gets its data: building the strip reads every
    // profile of the service in the store, which is worth doing when the data changes, not on every tab switch.
    if (reuse && this.timelineSent?.key === key) {
      this.post({ type: 'timeline', timeline: this.timelineSent.view });
      return;
    }
    try {
      const timeline = await host.timelineFor(key);
      if (key !== this.currentKey) return;
      this.timelineSent = { key, view: timeline };
      this.lastTimeline = timeline && { bars: timeline.bars.length, boundaries: timeline.boundaries.length, label: timeline.label };
      this.post({ type: 'timeline', timeline });
    } catch (e) {
      this.deps.log.warn(`timeline of ${key.sources.length} profile(s): ${e instanceof Error ? e.message : String(e)}`);
      this.post({ type: 'timeline', timeline: undefined });
    }
  }

  /** Posts the current profile's tree to the page; false when there is none (it failed, or a newer load took over). */
  private async sendData(inReplyTo?: number): Promise<boolean> {
    const loaded = await this.load();
    if (!loaded) return false;
    let buffers = this.deps.data.get(this);
    if (!buffers) {
      // Let go to keep within the budget while this panel was hidden: the worker builds it again.
      const started = Date.now();
      try {
        buffers = await this.buildData(loaded.functions);
      } catch (e) {
        this.reportFailure(e);
        return false;
      }
      if (loaded !== this.loaded || this.isDisposed) return false;
      this.deps.data.set(this, buffers);
      this.deps.log.info(`flame graph of ${loaded.header.title}: built again in ${Date.now() - started} ms (let go while hidden)`);
    }
    if (loaded !== this.loaded || loaded.header.key !== this.currentKey) return false;
    this.post({ type: 'data', inReplyTo, profile: loaded.header, tree: buffers.tree, annotations: buffers.annotations });
    return true;
  }

  private reportFailure(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.deps.log.error(`flame graph of ${this.key.sources.join(', ')}: ${message}`);
    this.post({ type: 'status', message: `The flame graph could not be built: ${message}`, error: true });
  }

  private load(): Promise<Loaded | undefined> {
    this.loading ??= this.doLoad().catch((e: unknown) => {
      this.reportFailure(e);
      this.loading = undefined;
      return undefined;
    });
    return this.loading;
  }

  private async doLoad(): Promise<Loaded | undefined> {
    // A newer load (the session analysed these files again meanwhile) wins over an older one still running.
    const generation = ++this.generation;
    const started = Date.now();
    this.post({ type: 'status', message: 'Building the flame graph…', error: false });
    const profile = await this.workspaceProfile();
    const functions = functionTargets(profile.functions);
    const buffers = await this.buildData(functions);
    if (this.isDisposed) return undefined;
    if (generation !== this.generation) return this.load();
    const name = [profile.service ?? basename(this.key.sources[0]), profile.version].filter(Boolean).join(' ');
    const header: ProfileHeader = { key: this.key, title: `${name} · ${profile.type}`, unit: profile.unit, total: profile.total };
    this.panel.title = `Flame Graph: ${header.title}`;
    this.loaded = { analysis: new WeakRef(profile), functions, header };
    this.deps.data.set(this, buffers);
    this.lastSent = { ...callTreeFigures(buffers.tree), bytes: buffers.tree.byteLength + buffers.annotations.byteLength };
    this.deps.log.info(`flame graph of ${header.title}: ${buffers.tree.byteLength + buffers.annotations.byteLength} bytes in ${Date.now() - started} ms`);
    return this.loaded;
  }

  /** The worker's call tree of this panel's files and type, annotated with what the analysis knows. */
  private buildData(functions: readonly FunctionTarget[]): Promise<FlameGraphBuffers> {
    return this.deps.analyzer.request('flameGraph', {
      sources: this.key.sources,
      typeName: this.key.type,
      limits: readConfig().limits,
      facts: functionFacts({ functions }, (p) => vscode.workspace.asRelativePath(p, (vscode.workspace.workspaceFolders?.length ?? 0) > 1)),
    });
  }

  /** The analysed profile: the session's when it shows these files, else analysed for this panel alone. */
  private async workspaceProfile(): Promise<WorkspaceProfile> {
    const current = this.deps.session.current?.profile;
    if (current && profileKeyString({ sources: current.sources, type: current.type }) === this.keyString) return current;
    return this.deps.analyzer.request('analyze', analysisRequest(this.key.sources, this.key.type, this.key.hints));
  }

  private isDisposed = false;

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.deps.data.delete(this);
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions.length = 0;
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}

// The flame graph page: the toolbar, the graph (or the sandwich of one function), the functions table, and the
// state that survives hiding and reloads (vscode getState/setState). It turns the host's buffers into the model
// once, and derives the other trees (application code only, sandwich) on demand.
import { formatShare } from '../../src/core/format/units';
import { isCancelled } from '../../src/rpc/cancelled';
import type { Endpoint } from '../../src/rpc/endpoint';
import type {
  FlameGraphBuffers, FlameGraphHostVocabulary, FlameGraphPageVocabulary, FlameGraphTreeSource, FlameGraphViewState, FunctionRef, ProfileHeader,
} from '../../src/shared/flamegraphProtocol';
import { FlameDebugHook } from '../shared/flame/debugHook';
import { Tooltip } from '../shared/flame/tooltip';
import { readTheme, onThemeChange } from '../shared/themeColors';
import { hostEndpoint } from '../shared/hostEndpoint';
import { DEFAULT_VIEW_STATE } from './viewState';
import type { VsCodeApi } from '../shared/vscodeApi';
import { appOnlyTree } from './model/appOnly';
import { groupColumnsFit } from './model/groupColumnsReply';
import { decodeFlameData, functionTotals, nodeLines, type FlameData } from './model/flameData';
import { functionPath, nodeAtPath, type FlameTree } from '../shared/flame/flameTree';
import { sandwichFromWorker, sandwichTrees, type SandwichTrees } from './model/sandwich';
import { deserializeCallTree } from '../../src/core/aggregate/serialize';
import { MATCHED, parseSearch, searchTree } from './model/search';
import { Breadcrumb } from './view/breadcrumb';
import { flameDebugFrames } from './view/debugFrames';
import { describeFrame, describeMerged } from './view/describe';
import { FlameView, type FlameViewEvents } from './view/flameView';
import { paletteFor, lowestTextContrast } from './view/palette';
import { TableView } from './view/tableView';
import { TimelineStrip } from './view/timeline';
import { Toolbar } from './view/toolbar';
import { FilterBar } from './view/filterBar';

export class FlameGraphApp {
  private state: FlameGraphViewState;
  private data: FlameData | undefined;
  private profile: ProfileHeader | undefined;
  private appTree: FlameTree | undefined;
  private sandwich: SandwichTrees | undefined;
  private selectedFn = -1;
  /** The data whose group columns were asked for. */
  private groupColumnsAsked: FlameData | undefined;
  private pendingFocus: FunctionRef | undefined;
  private dataArrived = 0;
  /** The timeline strip is to be asked for once the data ask in flight settles. */
  private timelineAfterData = false;
  /** Data asks so far: the answer of an ask a newer one superseded is not shown. */
  private dataAsks = 0;
  private firstRenderReported = false;
  private renderedTimer = 0;
  private readonly host: Endpoint<FlameGraphPageVocabulary, FlameGraphHostVocabulary>;

  private readonly toolbar: Toolbar;
  private readonly filterBar: FilterBar;
  private readonly timeline: TimelineStrip;
  private readonly breadcrumb: Breadcrumb;
  private readonly graph: FlameView;
  private readonly callers: FlameView;
  private readonly callees: FlameView;
  private readonly graphPane: HTMLElement;
  private readonly sandwichPane: HTMLElement;
  private readonly callersLabel: HTMLElement;
  private readonly calleesLabel: HTMLElement;
  private readonly tableArea: HTMLElement;
  private readonly table: TableView;
  private readonly status: HTMLElement;
  private readonly tooltip: Tooltip;
  private readonly hooks = new Map<FlameView, FlameDebugHook>();

  constructor(root: HTMLElement, private readonly api: VsCodeApi<FlameGraphViewState>) {
    this.state = { ...DEFAULT_VIEW_STATE, ...(api.getState() ?? {}) };
    this.toolbar = new Toolbar(root, {
      search: (text) => this.update({ search: text }),
      sandwich: (on) => this.showSandwich(on ? this.sandwichCandidate() : -1),
      orientation: (o) => this.update({ orientation: o }),
      colorBy: (c) => this.update({ colorBy: c }),
      appOnly: (on) => this.update({ appOnly: on, zoomPath: [] }),
      table: (on) => this.update({ tableOpen: on }),
      groupBy: () => this.host.notify('pickGroupBy', {}),
      reset: () => (this.state.view === 'sandwich' ? this.showSandwich(-1) : this.graph.zoomTo(0)),
    });
    this.filterBar = new FilterBar(root, {
      clear: () => this.host.notify('filters', { action: 'clear' }),
      change: () => this.host.notify('filters', { action: 'change' }),
      groupBy: () => this.host.notify('pickGroupBy', {}),
    });
    this.timeline = new TimelineStrip(root, null, {
      select: (range) => this.host.notify('selectRange', { range }),
      pick: () => this.host.notify('pickRange', {}),
    });
    this.breadcrumb = new Breadcrumb(root, (node) => this.graph.zoomTo(node));
    const main = document.createElement('main');
    main.className = 'main';
    const graphArea = document.createElement('section');
    graphArea.className = 'graph-area';
    this.graphPane = document.createElement('div');
    this.graphPane.className = 'graph-pane';
    this.sandwichPane = document.createElement('div');
    this.sandwichPane.className = 'sandwich-pane';
    this.callersLabel = document.createElement('div');
    this.callersLabel.className = 'pane-label';
    this.calleesLabel = document.createElement('div');
    this.calleesLabel.className = 'pane-label';
    graphArea.append(this.graphPane, this.sandwichPane);
    this.tableArea = document.createElement('aside');
    this.tableArea.className = 'table-area';
    main.append(graphArea, this.tableArea);
    root.appendChild(main);
    this.status = document.createElement('div');
    this.status.className = 'status';
    this.status.setAttribute('role', 'status');
    this.status.textContent = 'Loading the profile…';
    root.appendChild(this.status);
    this.tooltip = new Tooltip(root);

    const events: FlameViewEvents = {
      zoomed: (view, node) => this.zoomed(view, node),
      activated: (view, node, beside) => this.activate(view, node, beside),
      describe: (view, node) => describeFrame(this.data!, this.profile!, view.tree!, node),
      describeMerged: (view, parent, from) => describeMerged(this.data!, this.profile!, view.tree!, parent, from),
      drawn: (view) => this.drawn(view),
    };
    this.graph = new FlameView(this.graphPane, 'graph', this.state.orientation, this.tooltip, events, 'Flame graph');
    const callersBox = document.createElement('div');
    callersBox.className = 'sandwich-half';
    const calleesBox = document.createElement('div');
    calleesBox.className = 'sandwich-half';
    callersBox.appendChild(this.callersLabel);
    calleesBox.appendChild(this.calleesLabel);
    this.sandwichPane.append(callersBox, calleesBox);
    this.callers = new FlameView(callersBox, 'callers', 'flame', this.tooltip, events, 'Callers of the selected function');
    this.callees = new FlameView(calleesBox, 'callees', 'icicle', this.tooltip, events, 'Callees of the selected function');
    this.table = new TableView(this.tableArea, {
      selected: (fn) => this.selectFunction(fn),
      opened: (fn) => this.showSandwich(fn),
      sorted: (column, descending) => this.update({ tableSort: { column, descending } }),
    });
    for (const v of [this.graph, this.callers, this.callees]) this.hooks.set(v, new FlameDebugHook(root, v, v.role));

    this.applyTheme();
    onThemeChange(() => this.applyTheme());
    document.addEventListener('keydown', (e) => this.globalKey(e));
    this.applyControls();
    this.host = hostEndpoint<FlameGraphPageVocabulary, FlameGraphHostVocabulary>(api)
      .on('stale', (stale) => {
        if (stale.data) this.askData(stale.timeline);
        else if (stale.timeline) this.askTimeline();
      })
      .on('focusFunction', (fn) => {
        if (this.data) this.focusFunction(fn);
        else this.pendingFocus = fn;
      });
    this.askData(true);
  }

  /**
   * The panel's profile from the host; a newer ask supersedes an older one still on its way. With `thenTimeline`, the
   * strip is asked for once the graph's data is in: totalling every profile of the service is background work that
   * would otherwise share the machine with the graph the user opened.
   */
  private askData(thenTimeline: boolean): void {
    // A newer ask that supersedes this one takes over the strip's turn.
    this.timelineAfterData ||= thenTimeline;
    const timelineNow = () => {
      if (!this.timelineAfterData) return;
      this.timelineAfterData = false;
      this.askTimeline();
    };
    const ask = ++this.dataAsks;
    this.host.request('data', {}, { lane: 'data', onProgress: (message) => this.showStatus(message, false) }).then(async (d) => {
      let tree: FlameGraphBuffers;
      try {
        tree = await this.readTree(d.source);
      } catch (e) {
        if (ask === this.dataAsks) this.showStatus(`The flame graph data could not be read: ${e instanceof Error ? e.message : String(e)}`, true);
        return;
      }
      // A newer ask came while the tree was read: its answer is the one to show.
      if (ask !== this.dataAsks) return;
      // Shown once the data is in (setData takes it).
      if (d.focus) this.pendingFocus = d.focus;
      this.setData(d.profile, tree.tree, tree.annotations);
      timelineNow();
    }, (e: unknown) => {
      if (isCancelled(e)) return;
      this.showStatus(`The flame graph could not be built: ${e instanceof Error ? e.message : String(e)}`, true);
      timelineNow();
    });
  }

  /**
   * The tree and annotations: in the answer, or in a file of the extension's that the page reads as a webview
   * resource (then told read, so the host deletes it).
   */
  private async readTree(source: FlameGraphTreeSource): Promise<FlameGraphBuffers> {
    if (!('url' in source)) return source;
    let bytes: ArrayBuffer;
    try {
      const response = await fetch(source.url);
      if (!response.ok) throw new Error(`the tree file answered ${response.status}`);
      bytes = await response.arrayBuffer();
    } finally {
      this.host.notify('treeRead', { url: source.url });
    }
    if (bytes.byteLength !== source.treeBytes + source.annotationsBytes) throw new Error(`the tree file has ${bytes.byteLength} bytes, not ${source.treeBytes + source.annotationsBytes}`);
    return { tree: bytes.slice(0, source.treeBytes), annotations: bytes.slice(source.treeBytes) };
  }

  private askTimeline(): void {
    this.host.request('timeline', {}, { lane: 'timeline' }).then((view) => this.timeline.set(view), (e: unknown) => {
      if (!isCancelled(e)) this.timeline.set(undefined);
    });
  }

  private showStatus(message: string, error: boolean): void {
    this.status.textContent = message;
    this.status.classList.toggle('error', error);
    this.status.hidden = false;
  }

  private setData(profile: ProfileHeader, tree: ArrayBuffer, annotations: ArrayBuffer): void {
    this.dataArrived = performance.now();
    this.firstRenderReported = false;
    try {
      this.data = decodeFlameData(tree, annotations, profile.title);
    } catch (e) {
      this.showStatus(`The flame graph data could not be read: ${e instanceof Error ? e.message : String(e)}`, true);
      return;
    }
    const sameProfile = this.state.keyId === profile.id;
    this.profile = profile;
    this.filterBar.set(profile.filters ?? [], profile.groupBy);
    this.appTree = undefined;
    this.sandwich = undefined;
    if (!sameProfile) this.state = { ...this.state, key: profile.key, keyId: profile.id, zoomPath: [], sandwichFunction: -1, search: '' };
    this.state = { ...this.state, groupBy: profile.groupBy };
    this.status.hidden = true;
    document.body.dataset.profile = profile.title;
    const data = this.data;
    // The table's rows are sorted (10^5 functions): after the first frame, not before.
    requestAnimationFrame(() => setTimeout(() => {
      if (this.data !== data) return;
      this.table.setData(data.functions, functionTotals(data), profile.unit, profile.total);
      this.table.setSort(this.state.tableSort.column, this.state.tableSort.descending);
      if (this.selectedFn >= 0) this.table.select(this.selectedFn);
      this.askGroupColumns();
    }, 0));
    this.graph.setTree(this.currentTree(), data.functions, nodeAtPath(this.currentTree(), this.state.zoomPath));
    this.zoomed(this.graph, this.graph.zoomNode);
    if (this.state.view === 'sandwich' && this.state.sandwichFunction >= 0 && this.state.sandwichFunction < data.functions.count) this.showSandwich(this.state.sandwichFunction);
    else this.showSandwich(-1);
    this.applyControls();
    this.applyHighlight();
    this.save();
    if (this.pendingFocus) {
      this.focusFunction(this.pendingFocus);
      this.pendingFocus = undefined;
    }
  }

  /**
   * A grouped graph's table gets a column per group, counted by the worker from every stack (asked once per data, and
   * only while the table is open).
   */
  private askGroupColumns(): void {
    const data = this.data;
    const groupBy = this.profile?.groupBy;
    if (!data || !groupBy || !this.state.tableOpen || this.groupColumnsAsked === data) return;
    this.groupColumnsAsked = data;
    this.host.request('groupColumns', { groupBy }, { lane: 'groups' }).then((groups) => {
      if (this.data !== data || !groupColumnsFit(groupBy, this.profile?.groupBy, groups)) return;
      this.table.setGroups(groups);
      this.table.setSort(this.state.tableSort.column, this.state.tableSort.descending);
    }, (e: unknown) => {
      if (isCancelled(e) || this.data !== data) return;
      this.groupColumnsAsked = undefined;
      this.toolbar.setInfo(`The functions table could not be split by ${this.profile?.groupBy}: ${e instanceof Error ? e.message : String(e)}`, true);
    });
  }

  private currentTree(): FlameTree {
    const data = this.data!;
    if (!this.state.appOnly) return data.base;
    this.appTree ??= appOnlyTree(data.base, data.functions);
    return this.appTree;
  }

  private update(change: Partial<FlameGraphViewState>): void {
    const before = this.state;
    this.state = { ...this.state, ...change };
    this.save();
    if (!this.data) { this.applyControls(); return; }
    if (change.appOnly !== undefined && change.appOnly !== before.appOnly) {
      this.graph.setTree(this.currentTree(), this.data.functions, 0);
      this.zoomed(this.graph, 0);
    }
    if (change.orientation) this.graph.setOrientation(change.orientation);
    if (change.colorBy) for (const v of [this.graph, this.callers, this.callees]) v.setColorBy(change.colorBy);
    this.applyControls();
    if (change.search !== undefined || change.appOnly !== undefined) this.applyHighlight();
    if (change.tableOpen) this.askGroupColumns();
  }

  private save(): void {
    this.api.setState(this.state);
  }

  /** Controls and panes reflect the state (after a reload, the restored state). */
  private applyControls(): void {
    const s = this.state;
    if (this.toolbar.search.value() !== s.search) this.toolbar.search.set(s.search);
    this.toolbar.orientation.set(s.orientation);
    this.toolbar.colorBy.set(s.colorBy);
    this.toolbar.appOnly.set(s.appOnly);
    this.toolbar.table.set(s.tableOpen);
    this.toolbar.sandwich.set(s.view === 'sandwich');
    this.tableArea.hidden = !s.tableOpen;
    this.graphPane.hidden = s.view === 'sandwich';
    this.sandwichPane.hidden = s.view !== 'sandwich';
    for (const v of [this.graph, this.callers, this.callees]) v.setColorBy(s.colorBy);
    document.body.dataset.view = s.view;
  }

  /** Search matches (or the table's selected function) stay bright in every view; the rest is dimmed. */
  private applyHighlight(): void {
    const data = this.data;
    if (!data) return;
    const parsed = parseSearch(this.state.search);
    const flagsFor = (tree: FlameTree | undefined, withSelection = true): Uint8Array | undefined => {
      if (!tree) return undefined;
      if (parsed.regex) return searchTree(tree, data.functions, parsed.regex).nodeFlags;
      if (this.selectedFn < 0 || !withSelection) return undefined;
      const flags = new Uint8Array(tree.count);
      for (let n = 0; n < tree.count; n++) if (tree.fn[n] === this.selectedFn) flags[n] = MATCHED;
      return flags;
    };
    this.graph.setFlags(flagsFor(this.graph.tree));
    // The sandwich is all about the selected function: no dimming around it there, only search.
    this.callers.setFlags(flagsFor(this.sandwich?.callers, false));
    this.callees.setFlags(flagsFor(this.sandwich?.callees, false));
    if (parsed.error) this.toolbar.setInfo(`Not a regular expression: ${parsed.error}`, true);
    else if (parsed.regex) {
      const r = searchTree(this.currentTree(), data.functions, parsed.regex);
      this.toolbar.setInfo(r.matchedFunctions === 0 ? 'No match' : `${r.matchedFunctions} function${r.matchedFunctions === 1 ? '' : 's'} · ${formatShare(r.total, this.profile!.total)} of all`);
      document.body.dataset.searchShare = formatShare(r.total, this.profile!.total);
    } else {
      this.toolbar.setInfo('');
      delete document.body.dataset.searchShare;
    }
  }

  private selectFunction(fn: number): void {
    this.selectedFn = this.selectedFn === fn ? -1 : fn;
    if (this.state.view === 'sandwich' && this.selectedFn >= 0) this.showSandwich(this.selectedFn);
    this.applyHighlight();
  }

  /** The function a "Sandwich" click means: the table's selection, else the focused or zoomed frame's. */
  private sandwichCandidate(): number {
    if (this.selectedFn >= 0) return this.selectedFn;
    const tree = this.graph.tree;
    if (!tree || !this.data) return -1;
    const node = this.graph.focusNode > 0 ? this.graph.focusNode : this.graph.zoomNode > 0 ? this.graph.zoomNode : tree.children[tree.childStart[0]] ?? -1;
    const fn = node >= 0 ? tree.fn[node] : -1;
    return fn >= 0 && !this.data.functions.isPseudo(fn) ? fn : -1;
  }

  /** Shows the sandwich of `fn`, or the graph when fn < 0. */
  private showSandwich(fn: number): void {
    const data = this.data;
    if (!data || fn < 0) {
      this.sandwich = undefined;
      this.state = { ...this.state, view: 'graph', sandwichFunction: -1 };
      this.save();
      this.applyControls();
      if (data) this.zoomed(this.graph, this.graph.zoomNode);
      return;
    }
    this.state = { ...this.state, view: 'sandwich', sandwichFunction: fn };
    this.save();
    this.applyControls();
    this.table.select(fn);
    this.selectedFn = fn;
    if (data.callTree.merged === 0) {
      this.drawSandwich(data, sandwichTrees(data.base, fn));
      return;
    }
    // The page's tree was cut to fit: the function's calls merged into "(smaller calls…)" boxes are not in it, so the
    // sandwich comes from the worker, exact.
    this.host.request('sandwich', { fn }, { lane: 'sandwich', onProgress: (message) => this.showStatus(message, false) }).then((s) => {
      if (this.data !== data || this.state.view !== 'sandwich' || this.state.sandwichFunction !== fn) return;
      this.status.hidden = true;
      this.drawSandwich(data, sandwichFromWorker(fn, deserializeCallTree(s.callers), deserializeCallTree(s.callees)));
    }, (e: unknown) => {
      if (!isCancelled(e)) this.showStatus(`The sandwich could not be built: ${e instanceof Error ? e.message : String(e)}`, true);
    });
  }

  private drawSandwich(data: FlameData, sandwich: SandwichTrees): void {
    const fn = sandwich.fn;
    this.sandwich = sandwich;
    const name = data.functions.shortName(fn);
    this.callersLabel.textContent = `Callers of ${name} (${this.sandwich.occurrences} call path${this.sandwich.occurrences === 1 ? '' : 's'})`;
    this.calleesLabel.textContent = `${name} and what it calls`;
    this.callers.setTree(this.sandwich.callers, data.functions);
    this.callees.setTree(this.sandwich.callees, data.functions);
    this.breadcrumb.show(this.sandwich.callees, data.functions, 0, 'Sandwich of');
    this.applyHighlight();
  }

  private focusFunction(ref: FunctionRef): void {
    const fn = this.data!.functions.find(ref.name, ref.profileFile);
    if (fn < 0) {
      this.toolbar.setInfo(`${ref.name} is not in this profile`, true);
      return;
    }
    this.showSandwich(fn);
  }

  private zoomed(view: FlameView, node: number): void {
    if (view !== this.graph || !this.data || !view.tree) return;
    this.state = { ...this.state, zoomPath: functionPath(view.tree, node) };
    this.save();
    if (this.state.view === 'graph') this.breadcrumb.show(view.tree, this.data.functions, node);
  }

  private activate(view: FlameView, node: number, beside: boolean): void {
    const data = this.data;
    const tree = view.tree;
    if (!data || !tree) return;
    const fn = tree.fn[node];
    const fact = data.functions.fact(fn);
    if (fact < 0 || data.functions.location(fn) === undefined) return;
    const line = nodeLines(data, tree, node)[0]?.line ?? 0;
    this.host.notify('open', { fact, line, beside });
  }

  private drawn(view: FlameView): void {
    const fns = this.data?.functions;
    this.hooks.get(view)?.update(view, flameDebugFrames(view, () => ({ searchShare: document.body.dataset.searchShare ?? '' })));
    if (!fns || !view.tree) return;
    if (view === this.graph && !this.firstRenderReported && view.lastDraw.boxes > 0) {
      this.firstRenderReported = true;
      this.hooks.get(view)?.firstDraw(this.dataArrived);
    }
    clearTimeout(this.renderedTimer);
    this.renderedTimer = window.setTimeout(() => {
      const sandwich = this.state.view === 'sandwich' && this.sandwich;
      const shown = sandwich ? this.callees : this.graph;
      if (!shown.tree) return;
      const zoom = sandwich ? fns.name(this.sandwich!.fn) : fns.name(shown.tree.fn[shown.zoomNode]);
      this.host.notify('rendered', { frames: shown.lastDraw.boxes, view: this.state.view, zoom });
    }, 150);
  }

  private applyTheme(): void {
    const theme = readTheme();
    const palette = paletteFor(theme);
    document.body.dataset.textContrast = lowestTextContrast(palette).toFixed(2);
    for (const v of [this.graph, this.callers, this.callees]) v.setPalette(palette, theme.fontFamily);
  }

  private globalKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    const typing = target?.tagName === 'VSCODE-TEXT-FIELD' || target?.tagName === 'INPUT';
    if (e.key === '/' && !typing) {
      e.preventDefault();
      this.toolbar.search.focus();
    } else if (e.key === 'Escape' && typing) {
      this.graph.focus();
    } else if (e.key === 'Escape' && this.state.view === 'sandwich' && !e.defaultPrevented) {
      this.showSandwich(-1);
    }
  }
}

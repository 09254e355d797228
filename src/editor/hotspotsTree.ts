// The "Hotspots" view: the workspace's top functions and lines (application code first; dependencies and runtime
// grouped apart), and a "Not mapped" group that says what could not be located and offers a path rule. Grouped by a
// label ("Group by…"), one group per value of it, each with its costliest functions in that value's samples.
import * as vscode from 'vscode';
import { formatPercent, formatValue } from '../core/format/units';
import type { FunctionCost, UnmappedPath } from '../shared/workspaceProfile';
import type { LoadedProfile, ProfileSession } from './profileSession';
import { displayFunctionName, visibleControls } from '../core/format/displayText';
import type { FunctionTrend } from './trends/trendsController';
import type { HotspotGrouping } from './hotspots/hotspotGrouping';
import type { HotspotGroups } from '../shared/workerProtocol';

const TOP_FUNCTIONS = 50;
const TOP_LINES = 50;
/** Label groups shown open when Hotspots is grouped. */
const EXPANDED_GROUPS = 3;

type Node =
  | { kind: 'group'; id: string; label: string; description?: string; children: () => Node[]; icon: string; collapsed?: boolean }
  /** A function; in a label's group, with its flat and cum in that group's samples. */
  | { kind: 'function'; fn: FunctionCost; group?: { id: string; flat: number; cum: number } }
  | { kind: 'line'; path: string; relativePath: string; line: number; cum: number; flat: number; text?: string }
  | { kind: 'unmapped'; entry: UnmappedPath };

export class HotspotsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private roots: Node[] = [];

  constructor(
    private readonly session: ProfileSession,
    /** A function's share over the store's history (the trends), when known. */
    private readonly trendOf: (fn: FunctionCost) => FunctionTrend | undefined = () => undefined,
    onDidChangeTrends?: vscode.Event<unknown>,
    /** The label the rows are grouped by, and the groups of the profile shown. */
    private readonly grouping?: HotspotGrouping,
  ) {
    this.subscription = vscode.Disposable.from(
      session.onDidChange((loaded) => this.rebuild(loaded)),
      ...(onDidChangeTrends ? [onDidChangeTrends(() => this.changed.fire(undefined))] : []),
      ...(grouping ? [grouping.onDidChange(() => this.refresh())] : []),
    );
    this.rebuild(session.current);
  }

  refresh(): void {
    this.rebuild(this.session.current);
  }

  /** The tree node of a function (for reveal from a code lens). */
  functionNode(name: string): Node | undefined {
    for (const group of this.roots) {
      if (group.kind !== 'group') continue;
      const hit = group.children().find((n) => n.kind === 'function' && n.fn.name === name);
      if (hit) return hit;
    }
    return undefined;
  }

  private rebuild(loaded: LoadedProfile | undefined): void {
    const groups = loaded && this.grouping?.groupsOf(loaded);
    this.roots = !loaded ? [] : !this.grouping?.key ? buildRoots(loaded) : groupRoots(loaded, this.grouping.key, groups);
    this.nodeCache.clear();
    this.changed.fire(undefined);
  }

  private readonly nodeCache = new Map<string, Node[]>();

  getChildren(node?: Node): Node[] {
    if (!node) return this.roots;
    if (node.kind !== 'group') return [];
    let children = this.nodeCache.get(node.id);
    if (!children) this.nodeCache.set(node.id, (children = node.children()));
    return children;
  }

  getParent(node: Node): Node | undefined {
    for (const root of this.roots) if (root.kind === 'group' && this.getChildren(root).includes(node)) return root;
    return undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const loaded = this.session.current;
    const total = loaded?.profile.total ?? 1;
    const unit = loaded?.profile.unit ?? '';
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.label, node.collapsed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        return item;
      }
      case 'function': {
        const fn = node.fn;
        const item = new vscode.TreeItem(shortName(fn.name), vscode.TreeItemCollapsibleState.None);
        item.id = `fn:${node.group ? `${node.group.id}\u0000` : ''}${fn.name}\u0000${fn.profileFile}`;
        const trend = this.trendOf(fn);
        const { cum, flat } = node.group ?? fn;
        // The sparkline right after the share: the view is narrow and cuts the description's end.
        item.description = `${formatPercent(cum / total)}${trend ? ` ${trend.sparkline}` : ''} · ${formatValue(cum, unit)} · self ${formatPercent(flat / total)}`;
        item.tooltip = new vscode.MarkdownString().appendText(visibleControls(`${fn.name}\n${fn.path ?? fn.profileFile}`) + (trend ? `\n${trend.caption} ${trend.sparkline}` : ''));
        item.iconPath = new vscode.ThemeIcon('symbol-function');
        if (fn.path && fn.firstLine > 0) item.command = openCommand(fn.path, fn.firstLine);
        return item;
      }
      case 'line': {
        const item = new vscode.TreeItem(`${node.relativePath}:${node.line}`, vscode.TreeItemCollapsibleState.None);
        item.id = `line:${node.path}:${node.line}`;
        item.description = `${formatPercent(node.cum / total)} · ${formatValue(node.cum, unit)}`;
        item.iconPath = new vscode.ThemeIcon('flame');
        item.command = openCommand(node.path, node.line);
        return item;
      }
      case 'unmapped': {
        const e = node.entry;
        const item = new vscode.TreeItem(visibleControls(e.path) || '(no file name)', vscode.TreeItemCollapsibleState.None);
        item.id = `unmapped:${e.path}`;
        item.description = `${formatPercent(e.cost / total)} · ${visibleControls(e.reason)}`;
        item.tooltip = new vscode.MarkdownString().appendText(visibleControls(`${e.path}\n${e.reason}`) + '\nClick to add a path rule for it.');
        item.iconPath = new vscode.ThemeIcon('question');
        item.contextValue = 'perflens.unmapped';
        item.command = { title: 'Add Path Rule...', command: 'perflens.addPathRule', arguments: [e.path] };
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function buildRoots(loaded: LoadedProfile): Node[] {
  const { functions, files, unmapped, coverage, total } = loaded.profile;
  // One pass, stopping once each group is full (functions come hottest first; there can be 10^5 of them).
  const top = new Map<FunctionCost['class'], FunctionCost[]>([['app', []], ['dependency', []], ['runtime', []]]);
  let wanted = top.size * TOP_FUNCTIONS;
  for (let i = 0; i < functions.length && wanted > 0; i++) {
    const list = top.get(functions[i].class);
    if (list && list.length < TOP_FUNCTIONS) { list.push(functions[i]); wanted--; }
  }
  const byClass = (cls: FunctionCost['class']) => top.get(cls)!;
  const share = (v: number) => formatPercent(total > 0 ? v / total : 0);
  const fnNodes = (list: FunctionCost[]) => () => list.map((fn): Node => ({ kind: 'function', fn }));
  const roots: Node[] = [
    { kind: 'group', id: 'app', label: 'Application', description: `${share(coverage.app)} of ${loaded.profile.type}`, icon: 'code', children: fnNodes(byClass('app')) },
    {
      kind: 'group', id: 'lines', label: 'Hot lines', icon: 'flame',
      children: () => files.flatMap((f) => f.lines.map((l): Node => ({ kind: 'line', path: f.path, relativePath: f.relativePath, line: l.line, cum: l.cum, flat: l.flat })))
        .sort((a, b) => (b.kind === 'line' && a.kind === 'line' ? b.cum - a.cum : 0)).slice(0, TOP_LINES),
    },
    { kind: 'group', id: 'dependency', label: 'Dependencies', description: share(coverage.dependency), icon: 'package', children: fnNodes(byClass('dependency')) },
    { kind: 'group', id: 'runtime', label: 'Runtime', description: share(coverage.runtime), icon: 'server-process', children: fnNodes(byClass('runtime')) },
  ];
  if (unmapped.length > 0) {
    roots.push({ kind: 'group', id: 'unmapped', label: 'Not mapped', description: share(coverage.unmapped), icon: 'warning',
      children: () => unmapped.map((entry): Node => ({ kind: 'unmapped', entry })) });
  }
  return roots;
}

/** The roots of Hotspots grouped by `key`: one per group, or one saying the groups are being counted (or why not). */
function groupRoots(loaded: LoadedProfile, key: string, groups: HotspotGroups | { readonly error: string } | undefined): Node[] {
  const none = (label: string, icon: string): Node[] => [{ kind: 'group', id: `groups:${key}`, label, icon, children: () => [] }];
  if (!groups) return none(`Grouping by ${key}…`, 'loading~spin');
  if ('error' in groups) return none(`Cannot group by ${key}: ${groups.error}`, 'warning');
  const { total, unit } = { total: loaded.profile.total, unit: loaded.profile.unit };
  const functions = loaded.profile.functions;
  return groups.groups.map((g, i): Node => {
    const id = `group:${key}:${i}`;
    return {
      kind: 'group', id, label: visibleControls(g.title), icon: g.kind === 'value' ? 'tag' : g.kind === 'other' ? 'ellipsis' : 'circle-slash',
      description: `${formatPercent(total > 0 ? g.total / total : 0)} · ${formatValue(g.total, unit)}`,
      // The costliest few open; the view stays readable with 20 values.
      collapsed: i >= EXPANDED_GROUPS,
      children: () => [...g.rows].flatMap((row, k): Node[] => (row >= 0 && row < functions.length ? [{ kind: 'function', fn: functions[row], group: { id, flat: g.flat[k], cum: g.cum[k] } }] : [])),
    };
  });
}

function shortName(name: string): string {
  return displayFunctionName(name);
}

function openCommand(file: string, line: number): vscode.Command {
  return {
    title: 'Open',
    command: 'vscode.open',
    arguments: [vscode.Uri.file(file), { selection: new vscode.Range(line - 1, 0, line - 1, 0) } satisfies vscode.TextDocumentShowOptions],
  };
}


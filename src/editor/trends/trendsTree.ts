// The "Trends" view: the loaded service's functions whose share rose steadily over the store's history (beyond
// sampling noise), largest rise first, each with its sparkline; a click opens the function where the loaded
// profile maps it. Profile strings are untrusted: shown as text.
import * as vscode from 'vscode';
import { functionKey } from '../../core/diff/functionKey';
import { displayFunctionName, visibleControls } from '../../core/format/displayText';
import { formatPercent, formatPoints } from '../../core/format/units';
import type { FunctionCost } from '../../shared/workspaceProfile';
import type { ProfileSession } from '../profileSession';
import { seriesOf, type LoadedTrends, type TrendsController } from './trendsController';

interface RisingNode {
  readonly name: string;
  readonly fileTail: string;
  readonly rise: number;
  readonly key: number;
  /** The rising function it calls that explains its rise (it rises because it calls that). */
  readonly because?: string;
  /** Where the loaded profile maps the function, when it does. */
  readonly fn?: FunctionCost;
}

export class TrendsTree implements vscode.TreeDataProvider<RisingNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RisingNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: RisingNode[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private view: vscode.TreeView<RisingNode> | undefined;

  constructor(private readonly trends: TrendsController, private readonly session: ProfileSession) {
    this.subscriptions = [trends.onDidChange(() => this.rebuild()), session.onDidChange(() => this.rebuild()), trends.onDidChangeAsking(() => this.showMessage())];
    this.rebuild();
  }

  /** The view this tree fills (its message says why it is empty). */
  attach(view: vscode.TreeView<RisingNode>): void {
    this.view = view;
    this.rebuild();
  }

  /** The rising functions in the order shown (for tests). */
  get rows(): readonly { readonly name: string; readonly rise: number; readonly because?: string }[] {
    return this.nodes;
  }

  private rebuild(): void {
    const t = this.trends.current;
    // Only the rising functions are looked up: a load must not key every function of the profile on the host.
    const wanted = new Set((t?.view.rising ?? []).map((r) => t!.view.keys[r.key]));
    const wantedNames = new Set([...wanted].map((k) => k.split('\0')[0]));
    const byKey = new Map<string, FunctionCost>();
    if (wanted.size > 0) {
      for (const fn of this.session.current?.profile.functions ?? []) {
        if (!wantedNames.has(fn.name)) continue;
        const key = functionKey(fn.name, fn.profileFile);
        if (wanted.has(key)) byKey.set(key, fn);
      }
    }
    // The functions whose rise is their own first; those that rise because they call one of them after.
    const rising = [...(t?.view.rising ?? [])].sort((a, b) => Number(a.because !== undefined) - Number(b.because !== undefined));
    this.nodes = rising.map((r) => {
      const [name, fileTail] = t!.view.keys[r.key].split('\u0000');
      const because = r.because === undefined ? undefined : t!.view.keys[r.because].split('\u0000')[0];
      return { name, fileTail: fileTail ?? '', rise: r.rise, key: r.key, because, fn: byKey.get(t!.view.keys[r.key]) };
    });
    this.showMessage();
    this.changed.fire(undefined);
  }

  private showMessage(): void {
    const asking = this.trends.current ? undefined : this.trends.askingRemote;
    if (this.view) this.view.message = asking ? `Asking ${asking} for the service's profiles of the last 14 days (a merge per time bucket)…` : messageOf(this.trends.current, this.session.current !== undefined);
  }

  getChildren(node?: RisingNode): RisingNode[] {
    return node ? [] : this.nodes;
  }

  getTreeItem(node: RisingNode): vscode.TreeItem {
    const t = this.trends.current;
    const series = t && seriesOf(t, node.key);
    const item = new vscode.TreeItem(visibleControls(displayFunctionName(node.name)), vscode.TreeItemCollapsibleState.None);
    item.id = `trend:${t?.view.keys[node.key] ?? node.name}`;
    const first = series?.shares[0] ?? 0;
    const last = series?.shares[series.shares.length - 1] ?? 0;
    const because = node.because === undefined ? '' : ` · rises because it calls ${displayFunctionName(node.because)}`;
    item.description = visibleControls(`${formatPoints(node.rise)}${series ? ` ${series.sparkline}` : ''} · ${formatPercent(first)} → ${formatPercent(last)}${because}`);
    item.tooltip = new vscode.MarkdownString().appendText(visibleControls(`${node.name}\n${node.fileTail}\n${series ? `${series.caption} ${series.sparkline}\n` : ''}`
      + `Share rose by ${formatPoints(node.rise)} (fitted, first bucket to last), beyond sampling noise.`
      + (node.because === undefined ? '' : `\nIt calls ${node.because}, whose own rise accounts for most of this one: look there first.`)));
    item.iconPath = new vscode.ThemeIcon(node.because === undefined ? 'graph-line' : 'arrow-small-down');
    if (node.fn?.path && node.fn.firstLine > 0) {
      item.command = { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.file(node.fn.path), { selection: new vscode.Range(node.fn.firstLine - 1, 0, node.fn.firstLine - 1, 0) }] };
    }
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function messageOf(t: LoadedTrends | undefined, loaded: boolean): string | undefined {
  if (!loaded) return 'Load profiles from a local store, Pyroscope or Parca to see how functions\' shares moved over time.';
  if (!t) return 'Trends come from the loaded service\'s history in the local store, Pyroscope or Parca.';
  if (t.view.bucketStarts.length < 2) return `${t.service}: one time bucket of ${t.type} profiles so far — a trend needs two.`;
  if (t.view.rising.length === 0) return `No function's ${t.type} share rose beyond noise over ${t.view.bucketStarts.length} buckets.`;
  return undefined;
}

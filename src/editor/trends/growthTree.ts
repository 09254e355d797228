// The "Memory growth" view: the loaded service's allocation sites whose retained memory grew over the store's last
// heap snapshots — those growing steadily (leaks) first, by growth per hour; the others that grew; and apart, the
// sites that allocate the most and keep little (churn). Each row shows its growth and curve; the tooltip the figures;
// a click opens the site's line. Profile strings are untrusted: shown as text.
import * as vscode from 'vscode';
import { displayFunctionName, visibleControls } from '../../core/format/displayText';
import type { GrowthSiteView, GrowthView } from '../../shared/growthProtocol';
import type { GrowthController } from './growthController';
import { growthMarkdown, growthSummary } from './growthMarks';

type GroupKind = 'leaks' | 'grew' | 'churn';
type GrowthNode = { readonly group: GroupKind; readonly sites: readonly GrowthSiteView[] } | { readonly site: GrowthSiteView; readonly group: GroupKind };

const GROUP_TITLES: Record<GroupKind, string> = {
  leaks: 'Growing steadily (leaks)',
  grew: 'Grew, not steadily',
  churn: 'Churn: allocates much, keeps little',
};

export class GrowthTree implements vscode.TreeDataProvider<GrowthNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<GrowthNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: GrowthNode[] = [];
  private readonly subscription: vscode.Disposable;
  private view: vscode.TreeView<GrowthNode> | undefined;

  constructor(private readonly growth: GrowthController) {
    this.subscription = vscode.Disposable.from(growth.onDidChange(() => this.rebuild()), growth.onDidChangeAsking(() => this.showMessage()));
    this.rebuild();
  }

  attach(view: vscode.TreeView<GrowthNode>): void {
    this.view = view;
    this.rebuild();
  }

  /** The sites in the order shown, with their group (for tests). */
  get rows(): readonly { readonly function: string; readonly line: number; readonly group: GroupKind; readonly leak: boolean }[] {
    return this.groups.flatMap((g) => ('sites' in g ? g.sites.map((s) => ({ function: s.function, line: s.currentLine ?? s.line, group: g.group, leak: s.leak })) : []));
  }

  private rebuild(): void {
    const view = this.growth.current;
    const sites = view?.sites ?? [];
    const groups: GrowthNode[] = [
      { group: 'leaks', sites: sites.filter((s) => s.leak) },
      { group: 'grew', sites: sites.filter((s) => !s.leak) },
      { group: 'churn', sites: view?.churn ?? [] },
    ];
    this.groups = groups.filter((g) => 'sites' in g && g.sites.length > 0);
    this.showMessage();
    this.changed.fire(undefined);
  }

  private showMessage(): void {
    const asking = this.growth.current ? undefined : this.growth.askingRemote;
    if (this.view) this.view.message = asking ? `Asking ${asking} for the service's in-use heap snapshots of the last 14 days (a merge per time bucket, and how many snapshots each adds up)…` : messageOf(this.growth.current);
  }

  getChildren(node?: GrowthNode): GrowthNode[] {
    if (!node) return this.groups;
    return 'sites' in node ? node.sites.map((site) => ({ site, group: node.group })) : [];
  }

  getTreeItem(node: GrowthNode): vscode.TreeItem {
    const view = this.growth.current!;
    if ('sites' in node) {
      const item = new vscode.TreeItem(GROUP_TITLES[node.group], node.group === 'leaks' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `growth:${node.group}`;
      item.description = String(node.sites.length);
      return item;
    }
    const { site } = node;
    const item = new vscode.TreeItem(visibleControls(displayFunctionName(site.function)), vscode.TreeItemCollapsibleState.None);
    item.id = `growth:${node.group}:${site.function}\u0000${site.fileTail}\u0000${site.line}`;
    item.description = `${growthSummary(view, site)} · ${visibleControls(site.fileTail)}${site.line > 0 ? `:${site.line}` : ''}`;
    item.tooltip = growthMarkdown(view, site);
    item.iconPath = new vscode.ThemeIcon(site.leak ? 'warning' : node.group === 'churn' ? 'sync' : 'graph-line');
    if (site.path && site.currentLine) {
      const at = new vscode.Range(site.currentLine - 1, 0, site.currentLine - 1, 0);
      item.command = { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.file(site.path), { selection: at }] };
    }
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function messageOf(view: GrowthView | undefined): string | undefined {
  if (view?.remote) return remoteMessage(view, view.remote);
  if (!view) return 'Load profiles from a local store that holds heap snapshots of the service (perflens collect scrapes them) to see which allocation sites keep growing.';
  if (view.times.length < 3) return `${view.service}: ${view.times.length} ${view.type} snapshot${view.times.length === 1 ? '' : 's'} in the store — memory growth needs at least 3.`;
  if (!view.sites.some((s) => s.leak)) return `No allocation site of ${view.service} grows steadily over ${view.times.length} snapshots.`;
  return undefined;
}

/** A remote source's growth: where the figures come from, always (a bucket's figure is an average, not a snapshot). */
function remoteMessage(view: GrowthView, remote: NonNullable<GrowthView['remote']>): string {
  if (remote.unavailable) return remote.provenance;
  const about = `${view.service}: in-use memory ${remote.provenance}.`;
  if (view.times.length < 3) return `${about} Memory growth needs at least 3 buckets with snapshots, not ${view.times.length}.`;
  if (!view.sites.some((s) => s.leak)) return `${about} No allocation site grows steadily over ${view.times.length} buckets.`;
  return about;
}

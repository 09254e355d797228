// The release-diff panel: the diff flame graph, summary, biggest regressions and improvements, ranked per-function
// and per-line tables, click-through to the source. One panel, reused; the page renders from plain data (all
// profile text as text) and the flame graph's ArrayBuffer.
import * as vscode from 'vscode';
import { decodeDiffFlame } from '../../shared/diffFlamePayload';
import type { FromDiffPage, ToDiffPage } from '../../shared/diffPanelProtocol';
import type { ReleaseDiffView } from '../../shared/releaseDiffView';
import { contentSecurityPolicy, newNonce } from '../flamegraph/html';

export class DiffPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private view: ReleaseDiffView | undefined;
  /** Per flame graph function: the workspace file and line its frames open (from the worker's analysis). */
  private frameSources: ({ path: string; line: number } | undefined)[] = [];
  private ready = false;

  constructor(private readonly extensionUri: vscode.Uri, private readonly onClose: () => void) {}

  show(view: ReleaseDiffView): void {
    this.view = view;
    this.frameSources = frameSources(view.flame);
    if (!this.panel) this.create();
    this.panel!.title = `Diff: ${view.base.label} → ${view.head.label}`;
    this.panel!.reveal(this.panel!.viewColumn ?? vscode.ViewColumn.Beside, true);
    this.post();
  }

  private create(): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const scripts = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel('perflens.diff', 'Release diff', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [media, scripts] });
    const nonce = newNonce();
    const w = panel.webview;
    const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    w.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(w.cspSource, nonce))}">
<link rel="stylesheet" href="${attr(w.asWebviewUri(vscode.Uri.joinPath(media, 'diff.css')).toString())}">
<title>Release diff</title></head><body>
<main id="app" aria-live="polite">Computing the diff…</main>
<script nonce="${attr(nonce)}" src="${attr(w.asWebviewUri(vscode.Uri.joinPath(scripts, 'diff.js')).toString())}"></script>
</body></html>`;
    w.onDidReceiveMessage((m: FromDiffPage) => {
      if (m.kind === 'ready') { this.ready = true; this.post(); return; }
      if (m.kind === 'open') void this.open(m.path, m.line, m.beside);
      if (m.kind === 'openFrame') {
        const source = Number.isInteger(m.fn) ? this.frameSources[m.fn] : undefined;
        if (source) void this.open(source.path, source.line, m.beside);
      }
    });
    panel.onDidDispose(() => { this.panel = undefined; this.ready = false; this.onClose(); });

    // A page is rebuilt when shown again (retainContextWhenHidden off): it says 'ready' and gets the data again.
    panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; });
    this.panel = panel;
  }

  private post(): void {
    if (!this.panel || !this.ready || !this.view) return;
    const { flame, ...view } = this.view;
    void this.panel.webview.postMessage({ kind: 'show', view, flame } satisfies ToDiffPage);
  }

  /** Only files inside the workspace folders open from the panel: paths come from profiles. */
  private async open(path: string, line: number, beside: boolean): Promise<void> {
    const uri = vscode.Uri.file(path);
    const known = this.view?.functions.some((f) => f.path === path) || this.view?.lines.some((l) => l.path === path)
      || this.frameSources.some((s) => s?.path === path);
    if (!vscode.workspace.getWorkspaceFolder(uri) || !known) return;
    const position = new vscode.Position(Math.max(0, line - 1), 0);
    // The source opens next to the panel, never over it: the table stays in view while the user reads the code.
    const panelColumn = this.panel?.viewColumn ?? vscode.ViewColumn.One;
    const column = beside ? vscode.ViewColumn.Beside : panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: column, preview: false });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/** The flame graph's function → workspace source table, read once per diff (the page only sends an index). */
function frameSources(flame: ArrayBuffer): ({ path: string; line: number } | undefined)[] {
  try {
    const data = decodeDiffFlame(flame);
    return Array.from(data.locationPath, (p, f) => (p >= 0 ? { path: data.paths[p], line: data.locationLine[f] } : undefined));
  } catch {
    return [];
  }
}

// The release-diff panel: the diff flame graph, summary, biggest regressions and improvements, ranked per-function
// and per-line tables, click-through to the source. One panel, reused; the page renders from plain data (all
// profile text as text) and the flame graph's ArrayBuffer.
import * as vscode from 'vscode';
import { testHooksEnabled } from '../../editor/testHooks';
import type { Endpoint } from '../../rpc/endpoint';
import type { DiffHostVocabulary, DiffPageVocabulary } from '../../shared/diffPanelProtocol';
import type { ReleaseDiffView } from '../../shared/releaseDiffView';
import { contentSecurityPolicy, newNonce } from '../flamegraph/html';
import { webviewEndpoint } from '../webviewEndpoint';
import { OPEN_COMMIT_CHANGE } from '../../editor/trends/commitChange';

export class DiffPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private endpoint: Endpoint<DiffHostVocabulary, DiffPageVocabulary> | undefined;
  private view: ReleaseDiffView | undefined;
  /** The page asked for a diff and has not been dropped since. */
  private pageAlive = false;

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, private readonly onClose: () => void) {}

  show(view: ReleaseDiffView): void {
    this.view = view;
    if (!this.panel) this.create();
    this.panel!.title = `Diff: ${view.base.label} → ${view.head.label}`;
    this.panel!.reveal(this.panel!.viewColumn ?? vscode.ViewColumn.Beside, true);
    // A page that is there asks for the new diff; one that is not asks when it loads.
    if (this.pageAlive) this.endpoint?.notify('stale', {});
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
<title>Release diff</title></head><body${testHooksEnabled() ? ' data-debug-hook' : ''}>
<main id="app" aria-live="polite">Computing the diff…</main>
<script nonce="${attr(nonce)}" src="${attr(w.asWebviewUri(vscode.Uri.joinPath(scripts, 'diff.js')).toString())}"></script>
</body></html>`;
    const { endpoint, subscription } = webviewEndpoint<DiffHostVocabulary, DiffPageVocabulary>(w, 'diff page', this.log);
    endpoint
      .handle('view', () => {
        if (!this.view) throw new Error('no release diff is shown');
        this.pageAlive = true;
        const { flame, ...view } = this.view;
        return { view, flame };
      })
      .on('open', (m) => { if (typeof m?.path === 'string') void this.open(m.path, Number(m.line) || 1, m.beside === true); })
      .on('openCommit', (m) => {
        if (typeof m?.hash === 'string' && typeof m.path === 'string') void vscode.commands.executeCommand(OPEN_COMMIT_CHANGE, { hash: m.hash, path: m.path });
      })
      .on('openFrame', (m) => {
        const source = Number.isInteger(m?.fn) ? this.view?.frameSources?.[m.fn] : undefined;
        if (source) void this.open(source.path, source.line, m.beside === true);
      });
    panel.onDidDispose(() => {
      subscription.dispose();
      this.panel = undefined;
      this.endpoint = undefined;
      this.pageAlive = false;
      this.onClose();
    });
    // A page is rebuilt when shown again (retainContextWhenHidden off): it asks for the diff again.
    panel.onDidChangeViewState(() => { if (!panel.visible) this.pageAlive = false; });
    this.panel = panel;
    this.endpoint = endpoint;
  }

  /** Only files inside the workspace folders open from the panel: paths come from profiles. */
  private async open(path: string, line: number, beside: boolean): Promise<void> {
    const uri = vscode.Uri.file(path);
    const known = this.view?.functions.some((f) => f.path === path) || this.view?.lines.some((l) => l.path === path)
      || this.view?.frameSources?.some((s) => s?.path === path);
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

// The diff panel: both sides of the comparison in its header (source, service, version or time range, filters) with
// "Copy command" (the same `perflens diff`), the diff flame graph, summary, biggest regressions and improvements,
// ranked per-function and per-line tables read in shares or in absolute figures, click-through to the source. One
// panel, reused; the page renders from plain data (all profile text as text) and the flame graph's ArrayBuffer.
import * as vscode from 'vscode';
import { testHooksEnabled } from '../../editor/testHooks';
import type { Endpoint } from '../../rpc/endpoint';
import type { DiffHostVocabulary, DiffPageHeader, DiffPageVocabulary } from '../../shared/diffPanelProtocol';
import type { DiffMode, ReleaseDiffView } from '../../shared/releaseDiffView';
import type { ViewCommits } from '../../core/diff/commitsInView';

/** The comparison's reading mode, kept by the gutter's controller: the panel shows it and changes it. */
export interface DiffModeState {
  readonly mode: DiffMode;
  setMode(mode: DiffMode): void;
  readonly onDidChangeMode: vscode.Event<DiffMode>;
}
import { contentSecurityPolicy, newNonce } from '../flamegraph/html';
import { webviewEndpoint } from '../webviewEndpoint';
import { OPEN_COMMIT_CHANGE } from '../../editor/trends/commitChange';

export class DiffPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private endpoint: Endpoint<DiffHostVocabulary, DiffPageVocabulary> | undefined;
  private view: ReleaseDiffView | undefined;
  private header: DiffPageHeader | undefined;
  /** How many diffs the panel has shown (the page matches late commits to their view by it). */
  private shown = 0;
  /** The page asked for a diff and has not been dropped since. */
  private pageAlive = false;
  private readonly modeSubscription: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, private readonly modes: DiffModeState, private readonly onClose: () => void) {
    this.modeSubscription = modes.onDidChangeMode((mode) => { if (this.pageAlive) this.endpoint?.notify('mode', { mode }); });
  }

  /** What the header shows now (for the tests and "Copy command"). */
  get shownHeader(): DiffPageHeader | undefined {
    return this.header;
  }

  show(view: ReleaseDiffView, header?: DiffPageHeader): void {
    this.view = view;
    this.shown++;
    this.header = header;
    // A new panel opens pinned and in view; revealing it again at once (its column not known to the host yet) would
    // reopen it as a preview tab, which the next file opened in that group replaces: the diff would be gone.
    if (!this.panel) this.create();
    else this.panel.reveal(this.panel.viewColumn, true);
    this.panel!.title = `Diff: ${view.base.label} → ${view.head.label}`;
    // A page that is there asks for the new diff; one that is not asks when it loads.
    if (this.pageAlive) this.endpoint?.notify('stale', {});
  }

  /** The shown diff's commits came (commitsFollowUp.ts): the page puts them under its regressions. */
  fillCommits(view: ReleaseDiffView, filled: ReleaseDiffView, found: ViewCommits): void {
    if (this.view !== view) return;
    this.view = filled;
    if (this.pageAlive) this.endpoint?.notify('commits', { shown: this.shown, found });
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
        return { view, flame, header: this.header, mode: this.modes.mode, shown: this.shown };
      })
      .on('mode', (m) => { if (m?.mode === 'share' || m?.mode === 'second' || m?.mode === 'profile') this.modes.setMode(m.mode); })
      .on('copy', (m) => { if (m?.what === 'command' || m?.what === 'link') void this.copy(m.what); })
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

  /** Puts the shown comparison's `perflens diff` command line, or its link, on the clipboard. */
  async copy(what: 'command' | 'link'): Promise<void> {
    const text = what === 'command' ? this.header?.command : this.header?.link;
    if (!text) {
      void vscode.window.showInformationMessage(what === 'command'
        ? 'PerfLens: this comparison has no perflens diff command line (its sides come from two sources).'
        : 'PerfLens: no comparison is shown.');
      return;
    }
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(`PerfLens: copied ${text.length > 120 ? `${text.slice(0, 117)}…` : text}`);
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

  /** Closes the panel; a later comparison opens it again. */
  close(): void {
    this.panel?.dispose();
  }

  dispose(): void {
    this.close();
    this.modeSubscription.dispose();
  }
}

// Opening a profile file in VS Code shows what it is and offers to load it into PerfLens: by default for binary
// profiles (.pb.gz, .pprof, .jfr), instead of VS Code's "binary file" notice, and from "Open With..." for text and
// JSON ones (.cpuprofile, .speedscope.json, .collapsed, .folded), which keep opening as text. The page is static:
// file name and size, and one button.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ProfileSession } from './profileSession';

export const PROFILE_FILE_EDITOR = 'perflens.profileFile';
/** The same page, offered (not default) for profiles that are text. */
export const PROFILE_TEXT_FILE_EDITOR = 'perflens.profileTextFile';

export class ProfileFileEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly session: ProfileSession) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => {} };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const uri = document.uri;
    panel.webview.options = { enableScripts: true, localResourceRoots: [] };
    const size = uri.scheme === 'file' ? (await stat(uri.fsPath).catch(() => undefined))?.size : undefined;
    panel.webview.html = page(basename(uri.fsPath), size, panel.webview.cspSource);
    panel.webview.onDidReceiveMessage(async (m: { kind?: string }) => {
      if (m?.kind !== 'load') return;
      if (uri.scheme !== 'file') {
        void vscode.window.showErrorMessage('PerfLens reads profiles from local files only.');
        return;
      }
      try {
        const loaded = await this.session.load({ sources: [uri.fsPath] });
        const p = loaded.profile;
        void panel.webview.postMessage({ kind: 'loaded', text: `Loaded: ${p.type}, ${p.files.length} workspace files with cost. Open a source file to see its heat.` });
      } catch (e) {
        void panel.webview.postMessage({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
      }
    });
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(name: string, size: number | undefined, cspSource: string): string {
  const nonce = randomBytes(16).toString('base64');
  const sizeText = size === undefined ? '' : ` · ${size < 1024 * 1024 ? `${(size / 1024).toFixed(1)} kB` : `${(size / 1024 / 1024).toFixed(1)} MB`}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 2em; }
  button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 6px 14px; cursor: pointer; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  .muted { color: var(--vscode-descriptionForeground); }
  .error { color: var(--vscode-errorForeground); }
</style></head>
<body>
  <h2>${escapeHtml(name)}</h2>
  <p class="muted">A profile${escapeHtml(sizeText)}. PerfLens can show its cost in the editor: heat on the lines, hovers, code lenses and the Hotspots view.</p>
  <p><button id="load">Load into PerfLens</button></p>
  <p id="status" role="status"></p>
  <script nonce="${nonce}">
    const vscode = acquireVsCodeApi();
    const status = document.getElementById('status');
    document.getElementById('load').addEventListener('click', () => { status.textContent = 'Loading…'; status.className = ''; vscode.postMessage({ kind: 'load' }); });
    window.addEventListener('message', (e) => { status.textContent = e.data.text; status.className = e.data.kind === 'error' ? 'error' : 'muted'; });
  </script>
</body></html>`;
}

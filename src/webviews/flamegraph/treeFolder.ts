// The folder the profile worker writes flame graph trees into for their pages to read (webview resources): one per
// window, under the extension's global storage, deleted with the window. Files are deleted once their page has read
// them; a window that did not end cleanly leaves its folder, deleted by the next window after a day.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';

const LEFT_OVER_MS = 24 * 60 * 60 * 1000;

export interface TreeFolder extends vscode.Disposable {
  readonly uri: vscode.Uri;
}

/** The window's folder (made now), or undefined when the global storage is not on this machine's disk. */
export function windowTreeFolder(globalStorage: vscode.Uri, log: vscode.LogOutputChannel): TreeFolder | undefined {
  if (globalStorage.scheme !== 'file') return undefined;
  const parent = join(globalStorage.fsPath, 'flame-trees');
  const folder = join(parent, randomUUID());
  try {
    mkdirSync(folder, { recursive: true });
  } catch (e) {
    log.warn(`flame graph trees go to their pages in messages (no folder for them: ${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
  void removeLeftOvers(parent, folder);
  return { uri: vscode.Uri.file(folder), dispose: () => void rm(folder, { recursive: true, force: true }).catch(() => {}) };
}

async function removeLeftOvers(parent: string, own: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(parent).catch(() => [])) {
    const path = join(parent, name);
    if (path === own) continue;
    const s = await stat(path).catch(() => undefined);
    if (s && now - s.mtimeMs > LEFT_OVER_MS) await rm(path, { recursive: true, force: true }).catch(() => {});
  }
}

// Watches one service's folder of a local store (`<root>/<service>/…`, where the collector writes each new snapshot)
// and calls back when files come or change — at most once per `throttleMs`, after the burst that started it (a
// scrape writes several types at once), so an answer computed from the whole folder is not asked for again per file.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { hasProfileFileEnding } from '../../core/readers/fileNames';
import { encodeSegment } from '../../sources/store/layout';

export class StoreWatcher implements vscode.Disposable {
  private watched: { folder: string; watcher: vscode.FileSystemWatcher; subscriptions: vscode.Disposable[] } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onChange: () => void, private readonly throttleMs = 5_000) {}

  /** Watches this service's folder of the store (nothing when undefined); the same folder keeps its watcher. */
  watch(store: { readonly root: string; readonly service: string } | undefined): void {
    const folder = store && join(store.root, encodeSegment(store.service));
    if (folder === this.watched?.folder) return;
    this.stop();
    if (!folder) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '**/*'), false, false, true);
    const changed = (uri: vscode.Uri) => {
      if (hasProfileFileEnding(uri.fsPath)) this.schedule();
    };
    this.watched = { folder, watcher, subscriptions: [watcher.onDidCreate(changed), watcher.onDidChange(changed)] };
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.throttleMs);
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const d of this.watched?.subscriptions ?? []) d.dispose();
    this.watched?.watcher.dispose();
    this.watched = undefined;
  }

  dispose(): void {
    this.stop();
  }
}

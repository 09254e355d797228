// Marks placed from a profile on today's text follow the user's unsaved edits: one LiveLines per open document
// (heat/liveLines.ts), fed VS Code's change events, and the document's editors redrawn after each edit. For the
// views that mark lines outside the heat (release diff, memory growth).
import * as vscode from 'vscode';
import { LiveLines, lineEditOf } from './heat/liveLines';

export class LiveDocuments implements vscode.Disposable {
  private readonly live = new Map<string, LiveLines>();
  private readonly subscriptions: vscode.Disposable[];

  /** @param redraw draws an editor's marks again after its document was edited */
  constructor(redraw: (editor: vscode.TextEditor) => void) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        const lines = this.live.get(e.document.uri.toString());
        if (!lines || e.contentChanges.length === 0) return;
        lines.applyEdits(e.contentChanges.map((c) => lineEditOf({ startLine: c.range.start.line, startCharacter: c.range.start.character,
          endLine: c.range.end.line, endCharacter: c.range.end.character, text: c.text, startLineLength: Number.MAX_SAFE_INTEGER })));
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === e.document) redraw(editor);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.live.delete(d.uri.toString())),
    ];
  }

  /** Maps a line of today's text (1-based) to the document's line now (0-based), following unsaved edits. */
  placer(document: vscode.TextDocument): (line: number) => number | undefined {
    const key = document.uri.toString();
    let lines = this.live.get(key);
    if (!lines) this.live.set(key, (lines = new LiveLines(document.lineCount)));
    const live = lines;
    return (line: number) => live.place([{ line, flat: 1, cum: 1, changed: false }])[0]?.line;
  }

  /** Forgets every document's edits (new marks are placed on the text as it is now). */
  clear(): void {
    this.live.clear();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

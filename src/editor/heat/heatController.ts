// Keeps every visible editor's heat in step with the loaded profile, the settings and the user's typing.
// Typing never recomputes from the profile: LiveLines shifts the file's lines, and a redraw is throttled.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { formatValue } from '../../core/format/units';
import { diffLineMap } from '../../core/symbolicate/line-diff';
import { readConfig, type PerfLensConfig } from '../config';
import type { ProfileSession } from '../profileSession';
import { HeatDecorator, setDecorationsOnEditor, type DecorationSetter } from './heatDecorator';
import { LiveLines, lineEditOf } from './liveLines';
import { planHeat, type PlannedLine } from './plan';

const REDRAW_DELAY_MS = 50;

export class HeatController implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private decorator: HeatDecorator;
  private config: PerfLensConfig = readConfig();
  private enabled = this.config.heatEnabled;
  /** Per open document (by URI string): its lines relative to the text the profile was mapped onto. */
  private readonly live = new Map<string, LiveLines>();
  private readonly pendingRedraw = new Set<string>();
  private redrawTimer: NodeJS.Timeout | undefined;
  private readonly rendered = new vscode.EventEmitter<{ readonly uri: vscode.Uri; readonly plan: readonly PlannedLine[] }>();
  /** Fires after an editor's heat was drawn (an empty plan when cleared): VS Code cannot read decorations back. */
  readonly onDidRender = this.rendered.event;

  constructor(private readonly session: ProfileSession, private readonly setDecorations: DecorationSetter = setDecorationsOnEditor) {
    this.decorator = new HeatDecorator(this.config.wholeLine, setDecorations);
    this.disposables.push(
      session.onDidChange(() => { this.live.clear(); void this.redrawAll(); }),
      vscode.window.onDidChangeVisibleTextEditors(() => void this.redrawAll()),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.live.delete(d.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('perflens.heat')) return;
        const wholeLineChanged = readConfig().wholeLine !== this.config.wholeLine;
        this.config = readConfig();
        this.enabled = this.config.heatEnabled;
        if (wholeLineChanged) {
          this.decorator.dispose();
          this.decorator = new HeatDecorator(this.config.wholeLine, this.setDecorations);
        }
        void this.redrawAll();
      }),
    );
    void this.redrawAll();
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  toggle(): boolean {
    this.enabled = !this.enabled;
    void vscode.commands.executeCommand('setContext', 'perflens.heatEnabled', this.enabled);
    void this.redrawAll();
    return this.enabled;
  }

  /** The live line tracker of a document that has profile data (created on first use). */
  async liveLinesFor(document: vscode.TextDocument): Promise<LiveLines | undefined> {
    const key = document.uri.toString();
    const existing = this.live.get(key);
    if (existing) return existing;
    if (!this.session.fileCost(document.uri)) return undefined;
    let initial;
    if (document.isDirty) {
      // The profile was mapped onto the file on disk; the buffer already differs from it.
      const disk = await readFile(document.uri.fsPath, 'utf8').catch(() => undefined);
      if (disk !== undefined) initial = diffLineMap(disk, document.getText(), { timeoutMs: 200 });
    }
    const lines = new LiveLines(document.lineCount, initial && initial.newLineCount === document.lineCount ? initial : undefined);
    // Another call may have raced us while reading the disk text.
    const again = this.live.get(key);
    if (again) return again;
    this.live.set(key, lines);
    return lines;
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const lines = this.live.get(key);
    if (!lines || e.contentChanges.length === 0) return;
    const single = e.contentChanges.length === 1;
    lines.applyEdits(e.contentChanges.map((c) => lineEditOf({
      startLine: c.range.start.line,
      startCharacter: c.range.start.character,
      endLine: c.range.end.line,
      endCharacter: c.range.end.character,
      text: c.text,
      startLineLength: single && wasAtLineEnd(e.document, c) ? c.range.start.character : Number.MAX_SAFE_INTEGER,
    })));
    if (lines.lineCount !== e.document.lineCount) {
      // Out of step (should not happen): start over from the disk text rather than show heat on wrong lines.
      this.live.delete(key);
    }
    this.pendingRedraw.add(key);
    this.redrawTimer ??= setTimeout(() => {
      this.redrawTimer = undefined;
      const keys = new Set(this.pendingRedraw);
      this.pendingRedraw.clear();
      for (const editor of vscode.window.visibleTextEditors) if (keys.has(editor.document.uri.toString())) void this.redraw(editor);
    }, REDRAW_DELAY_MS);
  }

  private async redrawAll(): Promise<void> {
    await Promise.all(vscode.window.visibleTextEditors.map((editor) => this.redraw(editor)));
  }

  private async redraw(editor: vscode.TextEditor): Promise<void> {
    const loaded = this.session.current;
    const file = this.session.fileCost(editor.document.uri);
    if (!this.enabled || !loaded || !file) {
      this.decorator.clear(editor);
      this.rendered.fire({ uri: editor.document.uri, plan: [] });
      return;
    }
    const lines = await this.liveLinesFor(editor.document);
    if (!lines) return;
    const { unit, total } = loaded.profile;
    const plan = planHeat(lines.place(file.lines), total, editor.document.lineCount, (v) => formatValue(v, unit), this.config.heat);
    this.decorator.apply(editor, plan);
    this.rendered.fire({ uri: editor.document.uri, plan });
  }

  dispose(): void {
    clearTimeout(this.redrawTimer);
    for (const editor of vscode.window.visibleTextEditors) this.decorator.clear(editor);
    this.decorator.dispose();
    this.rendered.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * After "Enter" (or a paste starting with a newline) at a position: was that position the end of its line? Then
 * the line itself is intact, and the new lines were inserted after it. The change already happened, so look at
 * the line the cursor text moved to: it holds only the inserted tail (the auto-indent) when nothing followed.
 */
function wasAtLineEnd(document: vscode.TextDocument, c: vscode.TextDocumentContentChangeEvent): boolean {
  if (!c.range.isEmpty || !/^\r?\n/.test(c.text)) return false;
  const newlines = c.text.split('\n').length - 1;
  const moved = c.range.start.line + newlines;
  if (moved >= document.lineCount) return false;
  return document.lineAt(moved).text === c.text.slice(c.text.lastIndexOf('\n') + 1);
}

// Paints a heat plan into an editor: one decoration type per heat bucket (so a 10k-line file costs four
// setDecorations calls, not one type per line), a bar at the line's left edge and an overview-ruler mark in
// the bucket's theme colour, an optional whole-line tint, and the end-of-line figure.
import * as vscode from 'vscode';
import { HEAT_BUCKETS, type HeatBucket, type PlannedLine } from './plan';

/** The one call the decorator makes into VS Code, injectable so tests can spy on what would be drawn. */
export type DecorationSetter = (
  editor: vscode.TextEditor,
  type: vscode.TextEditorDecorationType,
  options: readonly vscode.DecorationOptions[],
) => void;

export const setDecorationsOnEditor: DecorationSetter = (editor, type, options) => editor.setDecorations(type, options);

export class HeatDecorator implements vscode.Disposable {
  private readonly types = new Map<HeatBucket, vscode.TextEditorDecorationType>();

  constructor(
    wholeLine: boolean,
    private readonly setDecorations: DecorationSetter = setDecorationsOnEditor,
  ) {
    for (const bucket of HEAT_BUCKETS) {
      const color = new vscode.ThemeColor(`perflens.heat.${bucket}`);
      this.types.set(bucket, vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        borderColor: color,
        borderStyle: 'solid',
        borderWidth: '0 0 0 3px',
        backgroundColor: wholeLine ? new vscode.ThemeColor(`perflens.heatBackground.${bucket}`) : undefined,
        overviewRulerColor: bucket === 'cool' ? undefined : color,
        overviewRulerLane: vscode.OverviewRulerLane.Right,
        after: { color: new vscode.ThemeColor('perflens.annotationForeground'), margin: '0 0 0 2em', fontStyle: 'normal' },
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }));
    }
  }

  /** Draw `plan` in `editor`, replacing what was there. */
  apply(editor: vscode.TextEditor, plan: readonly PlannedLine[], hover?: (line: PlannedLine) => vscode.MarkdownString | undefined): void {
    const byBucket = new Map<HeatBucket, vscode.DecorationOptions[]>(HEAT_BUCKETS.map((b) => [b, []]));
    for (const p of plan) {
      const end = editor.document.lineAt(p.line).range.end;
      byBucket.get(p.bucket)!.push({
        range: new vscode.Range(p.line, 0, p.line, end.character),
        hoverMessage: hover?.(p),
        renderOptions: p.text ? { after: { contentText: p.text } } : undefined,
      });
    }
    for (const [bucket, options] of byBucket) this.setDecorations(editor, this.types.get(bucket)!, options);
  }

  clear(editor: vscode.TextEditor): void {
    for (const type of this.types.values()) this.setDecorations(editor, type, []);
  }

  dispose(): void {
    for (const type of this.types.values()) type.dispose();
    this.types.clear();
  }
}

// Gutter diff mode: while a release diff is shown, lines whose cost rose or fell between the two releases are
// marked in colour-blind-safe colours (orange up, blue down; contributed theme colours perflens.diff.*), with the
// change and both shares at the end of the line and in the hover. Line drift applies: both sides were mapped onto
// today's text by the worker, and unsaved edits move the marks as they do for heat.
import * as vscode from 'vscode';
import { formatPercent, formatValue } from '../../core/format/units';
import type { ReleaseDiffView } from '../../shared/releaseDiffView';
import type { HeatController } from '../heat/heatController';
import { escape } from '../hoverProvider';
import { planDiff, type DiffMark, type PlannedDelta } from './diffPlan';
import { LiveDocuments } from '../liveDocuments';
import { appendCommits, commitsAtLine, gutterCommitText } from '../trends/regressionCommits';

const MARKS: readonly DiffMark[] = ['rose', 'fell', 'noise'];

export class DiffController implements vscode.Disposable, vscode.HoverProvider {
  private view: ReleaseDiffView | undefined;
  private heatSteppedAside = false;
  private readonly types = new Map<DiffMark, vscode.TextEditorDecorationType>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly live = new LiveDocuments((editor) => this.redraw(editor));
  private readonly rendered = new vscode.EventEmitter<{ uri: vscode.Uri; plan: readonly PlannedDelta[] }>();
  /** Fires after an editor's diff marks were drawn (VS Code cannot read decorations back). */
  readonly onDidRender = this.rendered.event;

  constructor(private readonly heat: HeatController) {
    for (const mark of MARKS) {
      const color = new vscode.ThemeColor(`perflens.diff.${mark}`);
      this.types.set(mark, vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        borderColor: color,
        borderStyle: mark === 'noise' ? 'dotted' : 'solid',
        borderWidth: '0 0 0 3px',
        overviewRulerColor: mark === 'noise' ? undefined : color,
        overviewRulerLane: vscode.OverviewRulerLane.Left,
        after: { color: mark === 'noise' ? new vscode.ThemeColor('disabledForeground') : color, margin: '0 0 0 2em' },
      }));
    }
    this.disposables.push(vscode.window.onDidChangeVisibleTextEditors(() => this.redrawAll()), this.live);
  }

  get current(): ReleaseDiffView | undefined {
    return this.view;
  }

  show(view: ReleaseDiffView | undefined): void {
    this.view = view;
    this.live.clear();
    void vscode.commands.executeCommand('setContext', 'perflens.diffShown', !!view);
    // The heat of one profile and the diff of two would fight for the same gutter: heat steps aside meanwhile, and
    // comes back afterwards only if it was on before.
    if (view && this.heat.isEnabled) {
      this.heat.toggle();
      this.heatSteppedAside = true;
    } else if (!view && this.heatSteppedAside) {
      this.heatSteppedAside = false;
      if (!this.heat.isEnabled) this.heat.toggle();
    }
    this.redrawAll();
  }

  private redrawAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.redraw(editor);
  }

  private plan(document: vscode.TextDocument): PlannedDelta[] {
    const view = this.view;
    if (!view || document.uri.scheme !== 'file') return [];
    const mine = view.lines.filter((l) => l.path === document.uri.fsPath);
    if (mine.length === 0) return [];
    return planDiff(mine, this.live.placer(document), document.lineCount);
  }

  private redraw(editor: vscode.TextEditor): void {
    const plan = this.plan(editor.document);
    const commits = this.view && plan.length > 0 ? commitsAtLine(this.view, editor.document.uri.fsPath, this.live.placer(editor.document)) : new Map();
    for (const mark of MARKS) {
      const options = plan.filter((p) => p.mark === mark).map((p) => ({
        range: new vscode.Range(p.line, 0, p.line, editor.document.lineAt(p.line).range.end.character),
        renderOptions: { after: { contentText: p.text + gutterCommitText(commits.get(p.line)) } },
      }));
      editor.setDecorations(this.types.get(mark)!, options);
    }
    this.rendered.fire({ uri: editor.document.uri, plan });
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const view = this.view;
    const hit = view && this.plan(document).find((p) => p.line === position.line);
    if (!view || !hit) return undefined;
    const d = hit.delta;
    const commits = commitsAtLine(view, document.uri.fsPath, this.live.placer(document)).get(position.line);
    const md = new vscode.MarkdownString('', true);
    md.supportThemeIcons = true;
    md.appendMarkdown(`$(diff) **Release diff** · ${escape(view.type)}: `);
    md.appendText(`${view.base.label} → ${view.head.label}`);
    md.appendMarkdown('\n\n| | before | after |\n|---|---:|---:|\n');
    md.appendMarkdown(`| cost | ${formatValue(d.base, view.unit)} | ${formatValue(d.head, view.unit)} |\n`);
    md.appendMarkdown(`| share | ${formatPercent(d.baseShare)} | ${formatPercent(d.headShare)} |\n\n`);
    md.appendMarkdown(hit.mark === 'noise' ? 'Within sampling noise.' : `${d.delta > 0 ? 'Rose' : 'Fell'} by ${escape(hit.text.split(' (')[0].slice(2))} of the total.`);
    if (d.changed) md.appendMarkdown('\n\n$(warning) This line changed since the profiled commit.');
    if (commits) appendCommits(md, view, commits);
    return new vscode.Hover(md);
  }

  dispose(): void {
    for (const t of this.types.values()) t.dispose();
    for (const d of this.disposables) d.dispose();
    this.rendered.dispose();
  }
}

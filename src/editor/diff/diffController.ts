// Gutter diff mode: while a comparison is shown, lines whose cost rose or fell between the two sides are marked in
// colour-blind-safe colours (orange up, blue down; contributed theme colours perflens.diff.*), with the change at
// the end of the line and both sides' figures in the hover — in shares (normalised) or in cost per second / per
// profile (absolute), as the mode says (the panel's toggle and "PerfLens: Toggle Share / Absolute Diff"). Line
// drift applies: both sides were mapped onto today's text by the worker, and unsaved edits move the marks as they do
// for heat.
import * as vscode from 'vscode';
import { formatPercent, formatRate, formatValue } from '../../core/format/units';
import type { DiffMode, ReleaseDiffView } from '../../shared/releaseDiffView';
import { sideLabel, type Comparison } from './comparison';
import type { HeatController } from '../heat/heatController';
import { escape } from '../hoverProvider';
import { availableMode, planDiff, readingOf, type DiffMark, type PlannedDelta } from './diffPlan';
import { LiveDocuments } from '../liveDocuments';
import { appendCommits, commitsAtLine, gutterCommitText } from '../trends/regressionCommits';
import { withCommits, type ViewCommits } from '../../core/diff/commitsInView';
import type { CommitsTarget } from '../trends/commitsFollowUp';

const MARKS: readonly DiffMark[] = ['rose', 'fell', 'noise'];

export class DiffController implements vscode.Disposable, vscode.HoverProvider, CommitsTarget {
  private view: ReleaseDiffView | undefined;
  /** Aborted when the shown diff changes: its commits' lookup stops. */
  private followed: AbortController | undefined;
  private comparisonShown: Comparison | undefined;
  /** How the user reads diffs: kept across comparisons (a diff without per-second figures reads per profile). */
  private modeAsked: DiffMode = 'share';
  private readonly modeChanged = new vscode.EventEmitter<DiffMode>();
  /** Fires when the mode changes (the panel follows). */
  readonly onDidChangeMode = this.modeChanged.event;
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

  /** What the shown diff compares, when it came from a comparison of selections. */
  get comparison(): Comparison | undefined {
    return this.comparisonShown;
  }

  /** The mode the shown diff is read in. */
  get mode(): DiffMode {
    return this.view ? availableMode(this.modeAsked, this.view.modes) : this.modeAsked;
  }

  setMode(mode: DiffMode): void {
    if (mode === this.modeAsked) return;
    this.modeAsked = mode;
    this.redrawAll();
    this.modeChanged.fire(mode);
  }

  /** Share → per second (or per profile) → share. */
  toggleMode(): void {
    const modes = this.view?.modes ?? ['share', 'second'];
    const i = modes.indexOf(this.mode);
    this.setMode(modes[(i + 1) % modes.length]);
  }

  show(view: ReleaseDiffView | undefined, comparison?: Comparison): void {
    this.followed?.abort();
    this.followed = undefined;
    this.view = view;
    this.comparisonShown = view ? comparison : undefined;
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

  followUp(view: ReleaseDiffView): AbortSignal {
    const abort = new AbortController();
    if (view === this.view) {
      this.followed?.abort();
      this.followed = abort;
    } else abort.abort();
    return abort.signal;
  }

  /** The shown diff with its commits (the gutter and hovers name them now); undefined when another diff is shown. */
  fillCommits(view: ReleaseDiffView, found: ViewCommits): ReleaseDiffView | undefined {
    if (view !== this.view) return undefined;
    this.view = withCommits(view, found);
    this.followed = undefined;
    this.live.clear();
    this.redrawAll();
    return this.view;
  }

  private redrawAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.redraw(editor);
  }

  private plan(document: vscode.TextDocument): PlannedDelta[] {
    const view = this.view;
    if (!view || document.uri.scheme !== 'file') return [];
    const mine = view.lines.filter((l) => l.path === document.uri.fsPath);
    if (mine.length === 0) return [];
    return planDiff(mine, this.live.placer(document), document.lineCount, readingOf(view, this.modeAsked));
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
    const c = this.comparisonShown;
    const md = new vscode.MarkdownString('', true);
    md.supportThemeIcons = true;
    md.appendMarkdown(`$(diff) **${c && !c.releases ? 'Comparison' : 'Release diff'}** · ${escape(view.type)}: `);
    md.appendText(c ? `${sideLabel(c.base, c.head)} → ${sideLabel(c.head, c.base)}` : `${view.base.label} → ${view.head.label}`);
    md.appendMarkdown('\n\n| | before | after |\n|---|---:|---:|\n');
    md.appendMarkdown(`| cost | ${formatValue(d.base, view.unit)} | ${formatValue(d.head, view.unit)} |\n`);
    md.appendMarkdown(`| share | ${formatPercent(d.baseShare)} | ${formatPercent(d.headShare)} |\n`);
    for (const per of ['second', 'profile'] as const) {
      const a = d.absolute[per];
      if (a) md.appendMarkdown(`| per ${per} | ${formatRate(a.base, view.unit, per)} | ${formatRate(a.head, view.unit, per)} |\n`);
    }
    const mode = this.mode;
    const measure = mode === 'share' ? 'of the total' : mode === 'second' ? 'per second of profiled time' : 'per profile';
    md.appendMarkdown(`\n${hit.mark === 'noise' ? 'Within sampling noise' : `${hit.text.startsWith('▲') ? 'Rose' : 'Fell'} by ${escape(hit.text.split(' (')[0].slice(2))} ${measure}`} (${mode === 'share' ? 'shares' : 'absolute'}).`);
    if (d.changed) md.appendMarkdown('\n\n$(warning) This line changed since the profiled commit.');
    if (commits) appendCommits(md, view, commits);
    return new vscode.Hover(md);
  }

  dispose(): void {
    for (const t of this.types.values()) t.dispose();
    for (const d of this.disposables) d.dispose();
    this.rendered.dispose();
    this.modeChanged.dispose();
  }
}

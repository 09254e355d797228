// Memory growth where the code is: the line of each allocation site that grew is marked (a left bar and, after the
// line, "◆ leak +4.1 MB/h ▁▂▃▅▇"; a site that grew but not steadily gets a dotted bar), and hovering it shows the
// site's growth curve — in-use memory per snapshot as a sparkline, with the figures. Lines follow unsaved edits.
import * as vscode from 'vscode';
import { displayFunctionName, visibleControls } from '../../core/format/displayText';
import { describeSpan } from '../../core/trends/bucketWidth';
import { formatValue } from '../../core/format/units';
import { sparkline } from '../../core/trends/sparkline';
import type { GrowthSiteView, GrowthView } from '../../shared/growthProtocol';
import { LiveDocuments } from '../liveDocuments';
import type { GrowthController } from './growthController';

/** Points of the curve listed with their figures in the hover (evenly spread, first and last included). */
const CURVE_POINTS = 8;

/** "leak +4.1 MB/h ▁▂▃▅▇" */
export function growthSummary(view: GrowthView, site: GrowthSiteView): string {
  if (view.churn.includes(site)) return `churn ${formatValue(site.allocated ?? 0, view.unit)} allocated, ${Math.round((site.retained ?? 0) * 100)}% kept`;
  return `${site.leak ? 'leak' : 'grew'} ${site.slopePerHour >= 0 ? '+' : ''}${formatValue(site.slopePerHour, view.unit)}/h ${sparkline(site.series, 24)}`;
}

/** The site's growth curve and verdict, as markdown (profile strings as text). */
export function growthMarkdown(view: GrowthView, site: GrowthSiteView): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.supportThemeIcons = true;
  const n = view.times.length;
  const span = n > 1 ? view.times[n - 1] - view.times[0] : 0;
  md.appendMarkdown('$(graph-line) **Memory growth** · ');
  md.appendText(`${view.type} held at ${displayFunctionName(visibleControls(site.function))} (${visibleControls(site.fileTail)}${site.line > 0 ? `:${site.line}` : ''})`);
  md.appendMarkdown('\n\n');
  // A remote source's points are buckets: each the bucket's merge averaged over its snapshots.
  const point = view.remote ? 'bucket' : 'snapshot';
  md.appendText(`in use ${sparkline(site.series)} ${formatValue(site.series[0] ?? 0, view.unit)} → ${formatValue(site.series[n - 1] ?? 0, view.unit)} over ${describeSpan(span)} (${n} ${point}s)`);
  if (view.remote) md.appendText(`, ${view.remote.provenance}`);
  md.appendMarkdown(`\n\n| after | in use | ${view.remote ? 'service total' : 'process total'} |\n|---:|---:|---:|\n`);
  const picks = [...new Set(Array.from({ length: Math.min(CURVE_POINTS, n) }, (_, i) => Math.round((i * (n - 1)) / Math.max(1, Math.min(CURVE_POINTS, n) - 1))))];
  for (const i of picks) md.appendMarkdown(`| ${i === 0 ? `first ${point}` : describeSpan(view.times[i] - view.times[0])} | ${formatValue(site.series[i], view.unit)} | ${formatValue(view.totals[i], view.unit)} |\n`);
  const kept = site.retained === undefined ? '' : ` Keeps ${Math.round(site.retained * 100)}% of the ${formatValue(site.allocated ?? 0, view.unit)} it allocated over the window.`;
  md.appendMarkdown('\n');
  md.appendText(`${site.slopePerHour >= 0 ? '+' : ''}${formatValue(site.slopePerHour, view.unit)}/h (later half ${formatValue(site.recentSlopePerHour, view.unit)}/h); steadiness (Kendall's tau) ${site.tau.toFixed(2)}.${kept} `
    + (site.leak ? 'Grows steadily beyond its own scatter: a leak.' : view.churn.includes(site) ? 'Allocates much and lets it go: churn, not a leak.' : 'Grew, but not steadily enough to be called a leak.'));
  return md;
}

export class GrowthMarks implements vscode.Disposable, vscode.HoverProvider {
  private readonly leak: vscode.TextEditorDecorationType;
  private readonly grew: vscode.TextEditorDecorationType;
  private readonly live = new LiveDocuments((editor) => this.redraw(editor));
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rendered = new vscode.EventEmitter<{ uri: vscode.Uri; lines: readonly number[] }>();
  /** Fires after an editor's growth marks were drawn (VS Code cannot read decorations back). */
  readonly onDidRender = this.rendered.event;

  constructor(private readonly growth: GrowthController) {
    const color = new vscode.ThemeColor('editorWarning.foreground');
    const mark = (style: string) => vscode.window.createTextEditorDecorationType({
      isWholeLine: true, borderColor: color, borderStyle: style, borderWidth: '0 0 0 3px',
      overviewRulerColor: color, overviewRulerLane: vscode.OverviewRulerLane.Right,
      after: { color, margin: '0 0 0 2em' },
    });
    this.leak = mark('solid');
    this.grew = mark('dotted');
    this.disposables.push(
      growth.onDidChange(() => {
        this.live.clear();
        this.redrawAll();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.redrawAll()),
      this.live,
    );
  }

  /** The grown sites of this document by editor line (0-based), following unsaved edits. */
  private sitesIn(document: vscode.TextDocument): Map<number, GrowthSiteView> {
    const view = this.growth.current;
    const out = new Map<number, GrowthSiteView>();
    if (!view || document.uri.scheme !== 'file') return out;
    const mine = view.sites.filter((s) => s.path === document.uri.fsPath && s.currentLine);
    if (mine.length === 0) return out;
    const place = this.live.placer(document);
    for (const site of mine) {
      const line = place(site.currentLine!);
      if (line !== undefined && line >= 0 && line < document.lineCount && !out.has(line)) out.set(line, site);
    }
    return out;
  }

  private redrawAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.redraw(editor);
  }

  private redraw(editor: vscode.TextEditor): void {
    const view = this.growth.current;
    const sites = this.sitesIn(editor.document);
    const options = (leak: boolean) => [...sites].filter(([, s]) => s.leak === leak).map(([line, s]) => ({
      range: new vscode.Range(line, 0, line, editor.document.lineAt(line).range.end.character),
      renderOptions: { after: { contentText: `◆ ${growthSummary(view!, s)}` } },
    }));
    editor.setDecorations(this.leak, view ? options(true) : []);
    editor.setDecorations(this.grew, view ? options(false) : []);
    this.rendered.fire({ uri: editor.document.uri, lines: [...sites.keys()] });
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const view = this.growth.current;
    const site = view && this.sitesIn(document).get(position.line);
    return view && site ? new vscode.Hover(growthMarkdown(view, site)) : undefined;
  }

  dispose(): void {
    this.leak.dispose();
    this.grew.dispose();
    for (const d of this.disposables) d.dispose();
    this.rendered.dispose();
  }
}

// The "Flame graph" tab of the release diff: width toggle, zoom reset, the legend (the scale and its meaning in
// words), and the graph, read in the panel's mode (shares, per second, per profile). Theme colours are read from the
// --vscode-* variables and re-read when the theme changes.
import { formatPercent, formatRateDelta } from '../../../src/core/format/units';
import { decodeDiffFlame, type DiffFlameData } from '../../../src/core/diff/diffFlamePayload';
import { parseColor, type Rgba } from '../../shared/colorMath';
import { onThemeChange, readTheme } from '../../shared/themeColors';
import { FlameDebugHook } from '../../shared/flame/debugHook';
import { Tooltip } from '../../shared/flame/tooltip';
import { changeColor, diffPalette, STEPS_PTS, type DiffPalette } from './diffColors';
import { diffDebugFrames } from './diffDebugFrames';
import { diffFlameTree, nodeFacts, SHARE_READING, type DiffNodeFacts, type FlameReading, type WidthBy } from './diffFlameTree';
import { DiffFlameView } from './diffFlameView';
import { describeDiffFrame, describeMergedFrames, type Sides } from './describeDiffFrame';
import { displayFunctionName } from '../../../src/core/format/displayText';

export interface DiffFlameHost {
  /** Open the source of a function of the flame data (the host resolves and checks the file). */
  open(fn: number, beside: boolean): void;
  widthChanged(widthBy: WidthBy): void;
}

const WIDTH_LABELS: [WidthBy, string, string][] = [
  ['max', 'larger of both', 'Width: the larger of the two sides, so new and gone frames both show'],
  ['head', 'after', 'Width: the after side (gone frames have none)'],
  ['base', 'before', 'Width: the before side (new frames have none)'],
];

const MEASURE: Record<FlameReading['mode'], string> = {
  share: 'share of its side\'s total',
  second: 'cost per second of profiled time',
  profile: 'cost per profile',
};

export class DiffFlamePane {
  readonly element: HTMLElement;
  private readonly view: DiffFlameView;
  private readonly tooltip: Tooltip;
  private readonly hook: FlameDebugHook;
  private readonly legend: HTMLElement;
  private readonly note: HTMLElement;
  private readonly widthButtons = new Map<WidthBy, HTMLButtonElement>();
  private data: DiffFlameData | undefined;
  private buffer: ArrayBuffer | undefined;
  private reading: FlameReading = SHARE_READING;
  private facts: DiffNodeFacts | undefined;
  private sides: Sides = { base: 'before', head: 'after' };
  private widthBy: WidthBy = 'max';
  private palette: DiffPalette | undefined;

  constructor(private readonly host: DiffFlameHost, widthBy: WidthBy = 'max') {
    this.widthBy = widthBy;
    this.element = document.createElement('section');
    this.element.className = 'diff-flame';
    const toolbar = document.createElement('div');
    toolbar.className = 'flame-toolbar';
    const widthGroup = document.createElement('div');
    widthGroup.className = 'segmented';
    widthGroup.setAttribute('role', 'group');
    widthGroup.setAttribute('aria-label', 'Box width');
    const widthLabel = document.createElement('span');
    widthLabel.textContent = 'Width:';
    widthLabel.className = 'muted';
    widthGroup.appendChild(widthLabel);
    for (const [by, text, title] of WIDTH_LABELS) {
      const b = document.createElement('button');
      b.textContent = text;
      b.title = title;
      b.addEventListener('click', () => this.setWidthBy(by));
      widthGroup.appendChild(b);
      this.widthButtons.set(by, b);
    }
    const reset = document.createElement('button');
    reset.textContent = 'Reset zoom';
    reset.title = 'Show the whole graph (Home); Escape goes back one zoom';
    reset.addEventListener('click', () => this.view.zoomTo(0));
    this.note = document.createElement('span');
    this.note.className = 'muted small';
    toolbar.append(widthGroup, reset, this.note);
    this.legend = document.createElement('div');
    this.legend.className = 'legend';
    this.tooltip = new Tooltip(document.body);
    const graph = document.createElement('div');
    graph.className = 'flame-area';
    this.element.append(toolbar, this.legend, graph);
    this.view = new DiffFlameView(graph, this.tooltip, {
      describe: (node) => describeDiffFrame(this.data!, this.facts!, this.sides, node),
      describeMerged: (parent, from) => {
        const tree = this.view.tree!;
        const children = Array.from(tree.children.subarray(from, tree.childStart[parent + 1]));
        return describeMergedFrames(this.data!, this.facts!, children);
      },
      opens: (node) => this.data!.fn[node] >= 0 && this.data!.locationPath[this.data!.fn[node]] >= 0,
      activated: (node, beside) => {
        const f = this.data!.fn[node];
        if (f >= 0 && this.data!.locationPath[f] >= 0) this.host.open(f, beside);
      },
      drawn: () => this.hook.update(this.view, diffDebugFrames(this.view, this.data!, this.facts!, { widthBy: this.widthBy, mode: this.reading.mode, nodes: String(this.data!.count), unionNodes: String(this.data!.unionNodes) })),
    });
    this.hook = new FlameDebugHook(this.element, this.view, 'diff');
    this.applyTheme();
    onThemeChange(() => this.applyTheme());
    this.markWidth();
  }

  /** The diff's graph read as `reading` says; the same graph in another mode keeps its zoom. */
  show(buffer: ArrayBuffer, sides: Sides, reading: FlameReading = SHARE_READING): void {
    this.sides = sides;
    if (buffer === this.buffer && this.data) {
      this.reading = reading;
      this.facts = nodeFacts(this.data, reading);
      this.renderLegend();
      this.view.setTree(diffFlameTree(this.data, this.facts, this.widthBy), this.facts.color, this.labelOf(this.data), true);
      return;
    }
    this.buffer = buffer;
    this.reading = reading;
    try {
      this.data = decodeDiffFlame(buffer);
    } catch (e) {
      this.data = undefined;
      this.note.textContent = `The flame graph cannot be shown: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    this.facts = nodeFacts(this.data, reading);
    const d = this.data;
    this.note.textContent = d.count < d.unionNodes
      ? `${d.count.toLocaleString('en-US')} of ${d.unionNodes.toLocaleString('en-US')} frames: those under ${formatPercent(d.minShare, 2)} in both releases are left out`
      : `${d.count.toLocaleString('en-US')} frames`;
    this.renderLegend();
    this.view.setTree(diffFlameTree(d, this.facts, this.widthBy), this.facts.color, this.labelOf(d));
  }

  private labelOf(d: DiffFlameData): (node: number) => string {
    const short = d.names.map(shortName);
    return (node) => (d.fn[node] < 0 ? `all ${d.type}` : short[d.fn[node]]);
  }

  private setWidthBy(by: WidthBy): void {
    this.widthBy = by;
    this.host.widthChanged(by);
    this.markWidth();
    if (this.data && this.facts) this.view.setTree(diffFlameTree(this.data, this.facts, by), this.facts.color, this.labelOf(this.data), true);
    this.renderLegend();
  }

  private markWidth(): void {
    for (const [by, b] of this.widthButtons) b.setAttribute('aria-pressed', String(by === this.widthBy));
  }

  private applyTheme(): void {
    const theme = readTheme();
    const style = getComputedStyle(document.documentElement);
    const color = (name: string, fallback: string): Rgba => parseColor(style.getPropertyValue(name).trim()) ?? parseColor(fallback)!;
    const dark = theme.kind === 'dark' || theme.kind === 'high-contrast';
    this.palette = diffPalette({
      background: theme.background, foreground: theme.foreground, focus: theme.focusBorder,
      rose: color('--vscode-perflens-diff-rose', dark ? '#f0883e' : '#c55a00'),
      fell: color('--vscode-perflens-diff-fell', dark ? '#58a6ff' : '#0969da'),
    });
    this.view.setPalette(this.palette, theme.fontFamily);
    this.renderLegend();
  }

  /** The scale as swatches with their meaning, and the encoding in one sentence. */
  private renderLegend(): void {
    const p = this.palette;
    if (!p) return;
    const scale = document.createElement('div');
    scale.className = 'legend-scale';
    scale.setAttribute('role', 'list');
    const swatch = (index: number, label: string, title: string) => {
      const item = document.createElement('div');
      item.className = 'legend-item';
      item.setAttribute('role', 'listitem');
      item.title = title;
      const box = document.createElement('span');
      box.className = 'legend-swatch';
      box.style.background = p.swatches[index].fill;
      const text = document.createElement('span');
      text.textContent = label;
      item.append(box, text);
      return item;
    };
    const end = (text: string, cls: string) => { const s = document.createElement('span'); s.textContent = text; s.className = `legend-end ${cls}`; return s; };
    scale.appendChild(end('▼ fell', 'fell'));
    // A step's bound in the mode: share points, or that fraction of the after side's total per second / per profile.
    const facts = this.facts;
    const mode = facts?.mode ?? 'share';
    const bound = (pts: number) => (mode === 'share' || !facts || !this.data ? `${pts}` : formatRateDelta(pts / 100 * facts.afterTotal, this.data.unit, mode).slice(1));
    const amount = (pts: number) => (mode === 'share' ? `${pts} points` : bound(pts));
    const what = mode === 'share' ? 'share' : MEASURE[mode];
    for (let s = STEPS_PTS.length - 1; s >= 0; s--) {
      const pts = STEPS_PTS[s];
      scale.appendChild(swatch(changeColor(-pts / 100, true), `−${bound(pts)}`, `${what} fell by ${amount(pts)} or more${s < STEPS_PTS.length - 1 ? ` (less than ${amount(STEPS_PTS[s + 1])})` : ''}`));
    }
    scale.appendChild(swatch(0, '0', `changed by less than ${amount(STEPS_PTS[0])}`));
    for (let s = 0; s < STEPS_PTS.length; s++) {
      const pts = STEPS_PTS[s];
      scale.appendChild(swatch(changeColor(pts / 100, true), `+${bound(pts)}`, `${what} rose by ${amount(pts)} or more${s < STEPS_PTS.length - 1 ? ` (less than ${amount(STEPS_PTS[s + 1])})` : ''}`));
    }
    scale.appendChild(end('rose ▲', 'rose'));
    const faded = document.createElement('div');
    faded.className = 'legend-scale';
    faded.append(swatch(changeColor(-0.03, false), '', 'fell, within sampling noise'), swatch(changeColor(0.03, false), 'within sampling noise', 'rose, within sampling noise'));
    const words = document.createElement('p');
    words.className = 'muted small legend-text';
    const width = WIDTH_LABELS.find(([by]) => by === this.widthBy)![2];
    const colour = mode === 'share'
      ? `change of the frame's share of all ${this.data?.type ?? 'samples'} (after − before, in points)`
      : `change of the frame's ${MEASURE[mode]} (after − before; steps of ${STEPS_PTS.map((p) => `${p}%`).join(', ')} of the after side's total)`;
    const sized = mode === 'share' ? '' : ` in ${MEASURE[mode]} (the side that cost more fills the width)`;
    words.textContent = `Colour: ${colour}; paler: within sampling noise; ▲/▼ on a frame: beyond it. ${width}${sized}.`;
    this.legend.replaceChildren(scale, faded, words);
  }
}

/** The last part of a qualified name, as flame graphs label boxes ("main.(*Cart).Total" stays whole). */
function shortName(name: string): string {
  return displayFunctionName(name);
}


// The diff page: both sides of the comparison (header, with the command line that reproduces it), the reading
// mode (shares, or absolute: per second of profiled time, per profile), summary, top regressions and improvements,
// and three tabs: the diff flame graph (first), the ranked functions (filtered to new, gone or changed ones) and
// the ranked lines. Everything from the profiles is inserted with textContent; the page has no inline handlers
// (strict CSP).
import { formatPercent, formatPoints, formatRate, formatRateDelta } from '../../src/core/format/units';
import { isCancelled } from '../../src/rpc/cancelled';
import type { DiffHostVocabulary, DiffPageHeader, DiffPageView, DiffPageVocabulary } from '../../src/shared/diffPanelProtocol';
import type { AbsoluteDeltas, DiffMode, FunctionDeltaView, LineDeltaView } from '../../src/shared/releaseDiffView';
import { availableMode } from '../../src/core/diff/releaseDiffView';
import { DiffFlamePane } from './flame/diffFlamePane';
import { commitList, commitsNote } from './commits';
import { flameReading, type WidthBy } from './flame/diffFlameTree';
import { withCommits } from '../../src/core/diff/commitsInView';
import { visibleControls } from '../../src/core/format/displayText';
import { hostEndpoint } from '../shared/hostEndpoint';
import { vscodeApi } from '../shared/vscodeApi';

type ReleaseDiffView = DiffPageView;

/** Which functions the table lists: all, those present on both sides whose change is beyond noise, new ones, gone ones. */
type Presence = 'all' | 'changed' | 'added' | 'removed';

/** What survives the page being rebuilt (hidden and shown again): the tab, the flame graph's width mode, the filter. */
interface PageState { tab?: number; widthBy?: WidthBy; presence?: Presence }

const vscode = vscodeApi<PageState>();
const host = hostEndpoint<DiffPageVocabulary, DiffHostVocabulary>(vscode);


function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { text?: string; className?: string; title?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.text !== undefined) e.textContent = props.text;
  if (props.className) e.className = props.className;
  if (props.title) e.title = props.title;
  for (const c of children) e.appendChild(c);
  return e;
}

function formatValue(v: number, unit: string): string {
  const abs = Math.abs(v);
  if (unit === 'nanoseconds') return abs >= 1e9 ? `${(v / 1e9).toFixed(2)} s` : abs >= 1e6 ? `${(v / 1e6).toFixed(1)} ms` : `${(v / 1e3).toFixed(0)} µs`;
  if (unit === 'bytes') return abs >= 2 ** 30 ? `${(v / 2 ** 30).toFixed(2)} GB` : abs >= 2 ** 20 ? `${(v / 2 ** 20).toFixed(1)} MB` : `${(v / 1024).toFixed(1)} kB`;
  return abs >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : abs >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : String(Math.round(v));
}

/** A row's figures in the mode read: before, after (shares or per-unit costs), the change and its noise verdict. */
interface Figures { before: number; after: number; change: number; significant: boolean }

function figuresOf(row: { baseShare: number; headShare: number; delta: number; significant: boolean; absolute: AbsoluteDeltas }, mode: DiffMode): Figures {
  if (mode === 'share') return { before: row.baseShare, after: row.headShare, change: row.delta, significant: row.significant };
  const a = row.absolute[mode];
  return a ? { before: a.base, after: a.head, change: a.change, significant: a.significant } : { before: 0, after: 0, change: 0, significant: false };
}

function formatFigure(v: number, view: ReleaseDiffView, mode: DiffMode): string {
  return mode === 'share' ? formatPercent(v) : formatRate(v, view.unit, mode);
}

function formatChange(change: number, view: ReleaseDiffView, mode: DiffMode): string {
  return mode === 'share' ? formatPoints(change) : formatRateDelta(change, view.unit, mode);
}

function changeCell(f: Figures, view: ReleaseDiffView, mode: DiffMode): HTMLTableCellElement {
  const kind = !f.significant ? 'noise' : f.change > 0 ? 'rose' : 'fell';
  return el('td', { text: `${f.change > 0 ? '▲' : f.change < 0 ? '▼' : '·'} ${formatChange(f.change, view, mode)}`, className: `num change ${kind}`, title: f.significant ? 'beyond sampling noise' : 'within sampling noise' });
}

type Column<T> = { title: string; value: (r: T) => number | string; cell: (r: T) => HTMLTableCellElement };

function table<T>(rows: readonly T[], columns: Column<T>[], open: (r: T) => { path: string; line: number } | undefined, limit = 200): HTMLElement {
  let sortBy = columns.findIndex((c) => c.title === 'change');
  let descending = true;
  const body = el('tbody');
  const render = () => {
    const sorted = [...rows].sort((a, b) => {
      const x = columns[sortBy].value(a);
      const y = columns[sortBy].value(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return descending ? -c : c;
    });
    body.replaceChildren(...sorted.slice(0, limit).map((r) => {
      const tr = el('tr', {}, ...columns.map((c) => c.cell(r)));
      const target = open(r);
      if (target) {
        tr.classList.add('link');
        tr.tabIndex = 0;
        const go = (beside: boolean) => host.notify('open', { path: target.path, line: target.line, beside });
        tr.addEventListener('click', (e) => go(e.ctrlKey || e.metaKey));
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(e.ctrlKey || e.metaKey); });
      }
      return tr;
    }));
    if (rows.length === 0) body.replaceChildren(el('tr', {}, el('td', { text: 'No rows match the filter.', className: 'muted' })));
  };
  const head = el('tr', {}, ...columns.map((c, i) => {
    const th = el('th', { text: c.title, className: 'sortable' });
    th.tabIndex = 0;
    const sort = () => { descending = sortBy === i ? !descending : true; sortBy = i; render(); };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (e) => { if (e.key === 'Enter') sort(); });
    return th;
  }));
  render();
  return el('table', {}, el('thead', {}, head), body);
}

function passesPresence(f: FunctionDeltaView, presence: Presence, mode: DiffMode): boolean {
  if (presence === 'all') return true;
  if (presence === 'changed') return f.presence === 'both' && figuresOf(f, mode).significant;
  return f.presence === presence;
}

function functionsTable(view: ReleaseDiffView, mode: DiffMode, presence: Presence): HTMLElement {
  const name = (f: FunctionDeltaView) => el('td', { text: visibleControls(f.function), title: visibleControls(f.path ?? f.profileFile) },
    ...(f.presence !== 'both' ? [el('span', { text: f.presence === 'added' ? ' new' : ' gone', className: 'badge' })] : []),
    ...(f.significant && f.delta > 0 && f.commits?.length ? [el('span', { text: `${f.commits.length} commit${f.commits.length > 1 ? 's' : ''}`, className: 'badge', title: f.commits.map((c) => `${c.hash.slice(0, 7)} ${c.subject}`).join('\n') })] : []));
  const rows = view.functions.filter((f) => passesPresence(f, presence, mode));
  return table<FunctionDeltaView>(rows, [
    { title: 'function', value: (f) => f.function, cell: name },
    { title: 'before', value: (f) => figuresOf(f, mode).before, cell: (f) => el('td', { text: formatFigure(figuresOf(f, mode).before, view, mode), className: 'num', title: formatValue(f.base, view.unit) }) },
    { title: 'after', value: (f) => figuresOf(f, mode).after, cell: (f) => el('td', { text: formatFigure(figuresOf(f, mode).after, view, mode), className: 'num', title: formatValue(f.head, view.unit) }) },
    { title: 'change', value: (f) => figuresOf(f, mode).change, cell: (f) => changeCell(figuresOf(f, mode), view, mode) },
    { title: 'self after', value: (f) => f.headSelfShare, cell: (f) => el('td', { text: formatPercent(f.headSelfShare), className: 'num' }) },
    { title: 'hot line', value: (f) => f.line ?? 0, cell: (f) => el('td', { text: f.path && f.line ? `${f.path.split(/[\\/]/).pop()}:${f.line}` : '', className: 'muted' }) },
  ], (f) => (f.path && f.line ? { path: f.path, line: f.line } : undefined));
}

function linesTable(view: ReleaseDiffView, mode: DiffMode): HTMLElement {
  return table<LineDeltaView>(view.lines, [
    { title: 'line', value: (l) => `${l.relativePath}:${String(l.line).padStart(6, '0')}`, cell: (l) => el('td', { text: `${visibleControls(l.relativePath)}:${l.line}${l.changed ? ' (edited)' : ''}` }) },
    { title: 'before', value: (l) => figuresOf(l, mode).before, cell: (l) => el('td', { text: formatFigure(figuresOf(l, mode).before, view, mode), className: 'num', title: formatValue(l.base, view.unit) }) },
    { title: 'after', value: (l) => figuresOf(l, mode).after, cell: (l) => el('td', { text: formatFigure(figuresOf(l, mode).after, view, mode), className: 'num', title: formatValue(l.head, view.unit) }) },
    { title: 'change', value: (l) => figuresOf(l, mode).change, cell: (l) => changeCell(figuresOf(l, mode), view, mode) },
  ], (l) => ({ path: l.path, line: l.line }));
}

const MODE_NAMES: Record<DiffMode, string> = { share: 'Shares', second: 'Per second', profile: 'Per profile' };
const MODE_HELP: Record<DiffMode, string> = {
  share: 'Shares are of each side\'s own total; a function\'s change is the change in its share (when one function\'s share jumps, every other share falls a little).',
  second: 'Absolute: each function\'s cost per second of profiled time on each side; a change is a change of that cost, whatever the other functions did.',
  profile: 'Absolute: each function\'s cost per profile on each side; a change is a change of that cost, whatever the other functions did.',
};

/** Both sides of the comparison in full, and the command line that reproduces it. */
function header(h: DiffPageHeader | undefined, view: ReleaseDiffView): HTMLElement {
  const side = (title: string, s: ReleaseDiffView['base'], described?: DiffPageHeader['base']) => {
    const box = el('div', { className: 'side' },
      el('div', { text: title, className: 'muted' }), el('div', { text: described?.label ?? s.label, className: 'label' }),
      el('div', { text: `${formatValue(s.total, view.unit)} ${view.type}${s.perSecond !== null ? ` · ${formatValue(s.perSecond, view.unit)}/s` : ''} · ${s.profiles} profile(s)` }));
    if (described) {
      box.appendChild(el('dl', { className: 'details' }, ...described.details.flatMap(([what, value]) => [el('dt', { text: what }), el('dd', { text: visibleControls(value) })])));
    }
    return box;
  };
  const section = el('section', { className: 'comparison' },
    el('div', { className: 'sides' }, side('before', view.base, h?.base), el('div', { text: '→', className: 'arrow' }), side('after', view.head, h?.head)));
  if (h) {
    const button = (what: 'command' | 'link', text: string, title: string) => {
      const b = el('button', { text, className: `copy-${what}`, title });
      b.addEventListener('click', () => host.notify('copy', { what }));
      return b;
    };
    section.appendChild(el('div', { className: 'command' },
      el('code', { text: h.command ?? 'No perflens diff command: the sides come from two sources.' }),
      ...(h.command ? [button('command', 'Copy command', 'Copy the perflens diff command line that makes this comparison')] : []),
      ...(h.link ? [button('link', 'Copy link', 'Copy a vscode:// link that opens this comparison')] : [])));
  }
  return section;
}

function summary(view: ReleaseDiffView, mode: DiffMode): HTMLElement {
  const top = (title: string, rows: FunctionDeltaView[]) => el('div', { className: 'top' }, el('h3', { text: title }),
    rows.length === 0 ? el('p', { text: 'none beyond sampling noise', className: 'muted' })
      : el('ol', {}, ...rows.map((f) => {
        const change = figuresOf(f, mode).change;
        return el('li', {}, el('span', { text: visibleControls(f.function) }), el('span', { text: ` ${formatChange(change, view, mode)}`, className: change > 0 ? 'rose' : 'fell' }),
          ...commitList(f, el, (hash, path) => host.notify('openCommit', { hash, path })));
      })));
  const significant = view.functions.filter((f) => figuresOf(f, mode).significant);
  const byChange = (a: FunctionDeltaView, b: FunctionDeltaView) => figuresOf(b, mode).change - figuresOf(a, mode).change;
  return el('section', { className: 'summary' },
    el('div', { className: 'tops' },
      top('Biggest regressions', significant.filter((f) => figuresOf(f, mode).change > 0).sort(byChange).slice(0, 5)),
      top('Biggest improvements', significant.filter((f) => figuresOf(f, mode).change < 0).sort(byChange).reverse().slice(0, 5))),
    ...commitsNote(view, el),
    el('p', { text: `${MODE_HELP[mode]} ${view.noise}.`, className: 'muted small' }));
}

/** A row of toggle buttons; `pick` is called with the value pressed. */
function segmented<T extends string>(label: string, options: readonly [T, string][], current: T, pick: (v: T) => void, className: string): HTMLElement {
  const group = el('div', { className: `segmented ${className}` }, el('span', { text: label, className: 'muted' }));
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', label);
  for (const [value, text] of options) {
    const b = el('button', { text });
    b.dataset.value = value;
    b.setAttribute('aria-pressed', String(value === current));
    b.addEventListener('click', () => pick(value));
    group.appendChild(b);
  }
  return group;
}

const state: PageState = { ...vscode.getState() };
let flamePane: DiffFlamePane | undefined;
let selectedTab = state.tab ?? 0;
let presence: Presence = state.presence ?? 'all';
let shown: { view: ReleaseDiffView; flame: ArrayBuffer; header?: DiffPageHeader; mode: DiffMode; shown: number } | undefined;

function render(): void {
  if (!shown) return;
  const { view, flame, header: described } = shown;
  const mode = availableMode(shown.mode, view.modes);
  const app = document.getElementById('app')!;
  flamePane ??= new DiffFlamePane({
    open: (fn, beside) => host.notify('openFrame', { fn, beside }),
    widthChanged: (widthBy) => vscode.setState({ ...vscode.getState(), widthBy }),
  }, state.widthBy);
  const pane = flamePane;
  const tabs = el('div', { className: 'tabs' });
  tabs.setAttribute('role', 'tablist');
  const panes = el('div', { className: 'panes' });
  const shownFunctions = view.functions.filter((f) => passesPresence(f, presence, mode)).length;
  // The flame graph keeps its element (and zoom) across tab switches; the tables are rebuilt when shown.
  const sections: [string, () => HTMLElement][] = [
    ['Flame graph', () => pane.element],
    [`Functions (${presence === 'all' ? view.functions.length : `${shownFunctions} of ${view.functions.length}`})`, () => functionsTable(view, mode, presence)],
    [`Lines (${view.lines.length})`, () => linesTable(view, mode)],
  ];
  const select = (i: number) => {
    selectedTab = i;
    vscode.setState({ ...vscode.getState(), tab: i });
    tabs.querySelectorAll('button').forEach((b, j) => b.setAttribute('aria-selected', String(i === j)));
    panes.replaceChildren(sections[i][1]());
  };
  sections.forEach(([title], i) => {
    const b = el('button', { text: title });
    b.setAttribute('role', 'tab');
    b.addEventListener('click', () => select(i));
    tabs.appendChild(b);
  });
  const controls = el('div', { className: 'controls' },
    segmented<DiffMode>('Change in', view.modes.map((m) => [m, MODE_NAMES[m]]), mode, (m) => {
      if (!shown || m === mode) return;
      shown = { ...shown, mode: m };
      host.notify('mode', { mode: m });
      render();
    }, 'mode-toggle'),
    segmented<Presence>('Functions', [['all', 'All'], ['changed', 'Changed'], ['added', 'New'], ['removed', 'Gone']], presence, (p) => {
      presence = p;
      vscode.setState({ ...vscode.getState(), presence: p });
      render();
    }, 'presence-filter'));
  const title = described ? `Comparison · ${view.type} · ${described.preset}` : `Release diff · ${view.type}`;
  app.replaceChildren(el('h2', { text: title }), header(described, view), controls, summary(view, mode), tabs, panes);
  select(selectedTab);
  pane.show(flame, { base: view.base.label, head: view.head.label }, flameReading(view, mode));
}

/** The diff from the host; a newer ask supersedes an older one still on its way. */
function askView(): void {
  host.request('view', {}, { lane: 'view' }).then((answer) => { shown = answer; render(); }, (e: unknown) => {
    if (!isCancelled(e)) document.getElementById('app')!.textContent = `The diff could not be shown: ${e instanceof Error ? e.message : String(e)}`;
  });
}

host.on('stale', askView);
host.on('commits', ({ shown: of, found }) => {
  if (!shown || shown.shown !== of) return;
  shown = { ...shown, view: withCommits(shown.view, found) };
  render();
});
host.on('mode', ({ mode }) => {
  if (!shown || shown.mode === mode) return;
  shown = { ...shown, mode };
  render();
});
askView();

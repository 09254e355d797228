// The release-diff page: summary, top regressions and improvements, and three tabs: the diff flame graph (first),
// the ranked functions and the ranked lines. Everything from the profiles is inserted with textContent; the page
// has no inline handlers (strict CSP).
import { formatPercent, formatPoints } from '../../src/core/format/units';
import { isCancelled } from '../../src/rpc/cancelled';
import type { DiffHostVocabulary, DiffPageView, DiffPageVocabulary } from '../../src/shared/diffPanelProtocol';
import type { FunctionDeltaView, LineDeltaView } from '../../src/shared/releaseDiffView';
import { DiffFlamePane } from './flame/diffFlamePane';
import { commitList, commitsNote } from './commits';
import type { WidthBy } from './flame/diffFlameTree';
import { visibleControls } from '../../src/core/format/displayText';
import { hostEndpoint } from '../shared/hostEndpoint';
import { vscodeApi } from '../shared/vscodeApi';

type ReleaseDiffView = DiffPageView;

/** What survives the page being rebuilt (hidden and shown again): the tab and the flame graph's width mode. */
interface PageState { tab?: number; widthBy?: WidthBy }

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

function changeCell(delta: number, significant: boolean): HTMLTableCellElement {
  const kind = !significant ? 'noise' : delta > 0 ? 'rose' : 'fell';
  return el('td', { text: `${delta > 0 ? '▲' : delta < 0 ? '▼' : '·'} ${formatPoints(delta)}`, className: `num change ${kind}`, title: significant ? 'beyond sampling noise' : 'within sampling noise' });
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

function functionsTable(view: ReleaseDiffView): HTMLElement {
  const name = (f: FunctionDeltaView) => el('td', { text: visibleControls(f.function), title: visibleControls(f.path ?? f.profileFile) },
    ...(f.presence !== 'both' ? [el('span', { text: f.presence === 'added' ? ' new' : ' gone', className: 'badge' })] : []),
    ...(f.significant && f.delta > 0 && f.commits?.length ? [el('span', { text: `${f.commits.length} commit${f.commits.length > 1 ? 's' : ''}`, className: 'badge', title: f.commits.map((c) => `${c.hash.slice(0, 7)} ${c.subject}`).join('\n') })] : []));
  return table<FunctionDeltaView>(view.functions, [
    { title: 'function', value: (f) => f.function, cell: name },
    { title: 'before', value: (f) => f.baseShare, cell: (f) => el('td', { text: formatPercent(f.baseShare), className: 'num', title: formatValue(f.base, view.unit) }) },
    { title: 'after', value: (f) => f.headShare, cell: (f) => el('td', { text: formatPercent(f.headShare), className: 'num', title: formatValue(f.head, view.unit) }) },
    { title: 'change', value: (f) => f.delta, cell: (f) => changeCell(f.delta, f.significant) },
    { title: 'self after', value: (f) => f.headSelfShare, cell: (f) => el('td', { text: formatPercent(f.headSelfShare), className: 'num' }) },
    { title: 'hot line', value: (f) => f.line ?? 0, cell: (f) => el('td', { text: f.path && f.line ? `${f.path.split(/[\\/]/).pop()}:${f.line}` : '', className: 'muted' }) },
  ], (f) => (f.path && f.line ? { path: f.path, line: f.line } : undefined));
}

function linesTable(view: ReleaseDiffView): HTMLElement {
  return table<LineDeltaView>(view.lines, [
    { title: 'line', value: (l) => `${l.relativePath}:${String(l.line).padStart(6, '0')}`, cell: (l) => el('td', { text: `${visibleControls(l.relativePath)}:${l.line}${l.changed ? ' (edited)' : ''}` }) },
    { title: 'before', value: (l) => l.baseShare, cell: (l) => el('td', { text: formatPercent(l.baseShare), className: 'num', title: formatValue(l.base, view.unit) }) },
    { title: 'after', value: (l) => l.headShare, cell: (l) => el('td', { text: formatPercent(l.headShare), className: 'num', title: formatValue(l.head, view.unit) }) },
    { title: 'change', value: (l) => l.delta, cell: (l) => changeCell(l.delta, l.significant) },
  ], (l) => ({ path: l.path, line: l.line }));
}

function summary(view: ReleaseDiffView): HTMLElement {
  const side = (title: string, s: ReleaseDiffView['base']) => el('div', { className: 'side' },
    el('div', { text: title, className: 'muted' }), el('div', { text: s.label, className: 'label' }),
    el('div', { text: `${formatValue(s.total, view.unit)} ${view.type}${s.perSecond !== null ? ` · ${formatValue(s.perSecond, view.unit)}/s` : ''} · ${s.profiles} profile(s)` }));
  const top = (title: string, rows: FunctionDeltaView[]) => el('div', { className: 'top' }, el('h3', { text: title }),
    rows.length === 0 ? el('p', { text: 'none beyond sampling noise', className: 'muted' })
      : el('ol', {}, ...rows.map((f) => el('li', {}, el('span', { text: visibleControls(f.function) }), el('span', { text: ` ${formatPoints(f.delta)}`, className: f.delta > 0 ? 'rose' : 'fell' }),
        ...commitList(f, el, (hash, path) => host.notify('openCommit', { hash, path }))))));
  const significant = view.functions.filter((f) => f.significant);
  return el('section', { className: 'summary' },
    el('div', { className: 'sides' }, side('before', view.base), el('div', { text: '→', className: 'arrow' }), side('after', view.head)),
    el('div', { className: 'tops' },
      top('Biggest regressions', significant.filter((f) => f.delta > 0).slice(0, 5)),
      top('Biggest improvements', significant.filter((f) => f.delta < 0).sort((a, b) => a.delta - b.delta).slice(0, 5))),
    ...commitsNote(view, el),
    el('p', { text: `Shares are of each side's own total; a function's change is the change in its share. ${view.noise}.`, className: 'muted small' }));
}

const state: PageState = { ...vscode.getState() };
let flamePane: DiffFlamePane | undefined;
let selectedTab = state.tab ?? 0;

function render(view: ReleaseDiffView, flame: ArrayBuffer): void {
  const app = document.getElementById('app')!;
  flamePane ??= new DiffFlamePane({
    open: (fn, beside) => host.notify('openFrame', { fn, beside }),
    widthChanged: (widthBy) => vscode.setState({ ...vscode.getState(), widthBy }),
  }, state.widthBy);
  const pane = flamePane;
  const tabs = el('div', { className: 'tabs' });
  tabs.setAttribute('role', 'tablist');
  const panes = el('div', { className: 'panes' });
  // The flame graph keeps its element (and zoom) across tab switches; the tables are rebuilt when shown.
  const sections: [string, () => HTMLElement][] = [
    ['Flame graph', () => pane.element],
    [`Functions (${view.functions.length})`, () => functionsTable(view)],
    [`Lines (${view.lines.length})`, () => linesTable(view)],
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
  app.replaceChildren(el('h2', { text: `Release diff · ${view.type}` }), summary(view), tabs, panes);
  select(selectedTab);
  pane.show(flame, { base: view.base.label, head: view.head.label });
}

/** The diff from the host; a newer ask supersedes an older one still on its way. */
function askView(): void {
  host.request('view', {}, { lane: 'view' }).then(({ view, flame }) => render(view, flame), (e: unknown) => {
    if (!isCancelled(e)) document.getElementById('app')!.textContent = `The diff could not be shown: ${e instanceof Error ? e.message : String(e)}`;
  });
}

host.on('stale', askView);
askView();

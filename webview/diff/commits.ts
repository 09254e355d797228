// The commits behind a regression on the diff page: under each significant regression, the commits between the
// two refs that changed its lines (hash, date, author, subject) with a button that opens the commit's change in
// VS Code's diff editor; and the refs compared, or why no commit is named. Text from git goes in as text.
import type { DiffPageView } from '../../src/shared/diffPanelProtocol';
import type { FunctionDeltaView } from '../../src/shared/releaseDiffView';

type Element = <K extends keyof HTMLElementTagNameMap>(tag: K, props?: { text?: string; className?: string; title?: string }, ...children: Node[]) => HTMLElementTagNameMap[K];

/** The commits under a regression (nothing when the function has none or is not a regression). */
export function commitList(f: FunctionDeltaView, el: Element, open: (hash: string, path: string) => void): HTMLElement[] {
  if (!f.commits?.length || !f.significant || f.delta <= 0) return [];
  return [el('ul', { className: 'commits' }, ...f.commits.map((c) => {
    const button = el('button', { text: 'Open change', title: `Open ${c.hash.slice(0, 12)}'s change to ${c.paths[0] ?? 'the file'}` });
    const path = f.path && c.paths.includes(f.path) ? f.path : c.paths[0];
    button.addEventListener('click', () => { if (path) open(c.hash, path); });
    return el('li', { className: 'commit' },
      el('code', { text: c.hash.slice(0, 7), title: c.hash }),
      el('span', { text: ` ${c.date.slice(0, 10)} ${c.author}: ${c.subject}` }),
      ...(c.functions.length > 1 || c.functions[0] !== f.function ? [el('span', { text: ` (${c.functions.join(', ')})`, className: 'muted' })] : []),
      ...(path ? [button] : []));
  }))];
}

/** "Commits between v1 and v2 that changed the regressed lines", or why none are named. */
export function commitsNote(view: DiffPageView, el: Element): HTMLElement[] {
  if (view.commitsPending) return [el('p', { text: 'Looking up the commits behind the regressions (git log between the two refs)…', className: 'muted small commits-note commits-pending' })];
  const c = view.commits;
  if (!c) return [];
  const texts = [...c.notes];
  if (c.notes.length === 0 && c.base && c.head) {
    const named = view.functions.some((f) => f.commits?.length);
    texts.unshift(named ? `Under each regression: the commits between ${c.base} and ${c.head} that changed its lines.` : `No commit between ${c.base} and ${c.head} changed the regressed functions' lines.`);
  }
  return texts.map((t) => el('p', { text: t, className: 'muted small commits-note' }));
}

// The commits behind a regression where the diff marks the code: at the regressed function's hot line, the end
// of the line names the commit and the hover lists each commit (hash, date, author, subject) with a link that
// opens its change (commitChange.ts). Commit text comes from git: it goes through appendText, never as markdown.
import * as vscode from 'vscode';
import type { DiffCommitView, ReleaseDiffView } from '../../shared/releaseDiffView';
import { commitChangeLink, OPEN_COMMIT_CHANGE } from './commitChange';

export interface LineCommits {
  readonly function: string;
  /** The function's file. */
  readonly path: string;
  readonly commits: readonly DiffCommitView[];
}

/**
 * Per editor line (0-based) of this file: the regressed functions whose hot line it is, with their commits.
 * @param place today's line (1-based) → the editor's line, following unsaved edits
 */
export function commitsAtLine(view: ReleaseDiffView, path: string, place: (line: number) => number | undefined): Map<number, LineCommits[]> {
  const out = new Map<number, LineCommits[]>();
  for (const f of view.functions) {
    if (f.path !== path || !f.line || !f.commits?.length) continue;
    const line = place(f.line);
    if (line === undefined) continue;
    out.set(line, [...(out.get(line) ?? []), { function: f.function, path, commits: f.commits }]);
  }
  return out;
}

/** " · commit 3f2c1ab" (" · commits 3f2c1ab +2" for several), after the line's change. */
export function gutterCommitText(entries: readonly LineCommits[] | undefined): string {
  const hashes = [...new Set((entries ?? []).flatMap((e) => e.commits.map((c) => c.hash)))];
  if (hashes.length === 0) return '';
  return ` · commit${hashes.length > 1 ? 's' : ''} ${hashes[0].slice(0, 7)}${hashes.length > 1 ? ` +${hashes.length - 1}` : ''}`;
}

export function appendCommits(md: vscode.MarkdownString, view: ReleaseDiffView, entries: readonly LineCommits[]): void {
  const range = view.commits?.base && view.commits.head ? ` between ${view.commits.base} and ${view.commits.head}` : '';
  for (const entry of entries) {
    md.appendMarkdown('\n\n$(git-commit) ');
    md.appendText(`Commits${range} that changed ${entry.function}:`);
    for (const c of entry.commits) {
      // The hash is hexadecimal (git's output is checked for it): safe as markdown.
      md.appendMarkdown(`\n- \`${c.hash.slice(0, 7)}\` `);
      md.appendText(`${c.date.slice(0, 10)} ${c.author}: ${c.subject}`);
      // The change to this file when the commit made one; else to the called function's file it changed.
      const path = c.paths.includes(entry.path) ? entry.path : c.paths[0];
      if (path) md.appendMarkdown(` · [open the change](${commitChangeLink({ hash: c.hash, path })})`);
    }
  }
  const enabled = typeof md.isTrusted === 'object' ? md.isTrusted.enabledCommands : [];
  md.isTrusted = { enabledCommands: [...enabled, OPEN_COMMIT_CHANGE] };
}

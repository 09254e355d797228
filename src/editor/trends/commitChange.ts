// "PerfLens: Open the Commit's Change": the change a commit behind a regression made to a regressed function's
// file, in VS Code's diff editor (the file at the commit's parent ↔ at the commit). The two texts come from
// `git show` in the file's workspace folder, served under the perflens-commit scheme, so it works without the
// git extension; git never runs in Restricted Mode. Hashes and paths are only those the shown diff names.
import * as vscode from 'vscode';
import { basename, relative, sep } from 'node:path';
import { Git } from '../../core/symbolicate/git';
import type { DiffCommitView, ReleaseDiffView } from '../../shared/releaseDiffView';
import { pickOne } from '../prompts';

export const OPEN_COMMIT_CHANGE = 'perflens.openCommitChange';
export const COMMIT_SCHEME = 'perflens-commit';

export interface CommitChangeArgs {
  readonly hash: string;
  readonly path: string;
}

/** The file at a revision: `perflens-commit:<absolute path>?<revision>`. */
export function commitFileUri(path: string, revision: string): vscode.Uri {
  return vscode.Uri.file(path).with({ scheme: COMMIT_SCHEME, query: revision });
}

export class CommitFileProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = uri.with({ scheme: 'file', query: '' });
    const folder = vscode.workspace.getWorkspaceFolder(file);
    if (!folder || !vscode.workspace.isTrusted) return '';
    const git = new Git({ cwd: folder.uri.fsPath, enabled: true });
    // Not in the revision (added by the commit, or the first commit's parent): an empty side.
    return (await git.show(uri.query, relative(folder.uri.fsPath, file.fsPath).split(sep).join('/'))) ?? '';
  }
}

/** Every commit the diff names, with the regressed function it is listed under. */
export function commitsOfView(view: ReleaseDiffView | undefined): { commit: DiffCommitView; function: string }[] {
  const seen = new Set<string>();
  const out: { commit: DiffCommitView; function: string }[] = [];
  for (const f of view?.functions ?? []) {
    for (const commit of f.commits ?? []) {
      if (seen.has(commit.hash)) continue;
      seen.add(commit.hash);
      out.push({ commit, function: f.function });
    }
  }
  return out;
}

/** The commit and file to open: the arguments when the shown diff names them; otherwise asked for. */
async function chooseChange(view: ReleaseDiffView | undefined, args: Partial<CommitChangeArgs> | undefined): Promise<CommitChangeArgs | undefined> {
  const listed = commitsOfView(view);
  if (typeof args?.hash === 'string') {
    const named = listed.find((c) => c.commit.hash === args.hash);
    if (!named) throw new Error(`commit ${args.hash.slice(0, 12)} is not one the shown release diff names.`);
    const path = typeof args.path === 'string' ? args.path : named.commit.paths[0];
    if (!path || !named.commit.paths.includes(path)) throw new Error(`commit ${args.hash.slice(0, 12)} did not change a regressed function in that file.`);
    return { hash: named.commit.hash, path };
  }
  if (listed.length === 0) {
    throw new Error(view ? 'the release diff shown names no commit behind its regressions.' : 'no release diff is shown: run "PerfLens: Compare with Previous Release" first.');
  }
  const picked = listed.length === 1 ? listed[0] : await pickOne(listed.map((c) => ({
    label: `${c.commit.hash.slice(0, 7)} ${c.commit.subject}`,
    description: `${c.commit.author} · ${c.commit.date.slice(0, 10)}`,
    detail: `behind ${c.commit.functions.join(', ')}`,
    c,
  })), { title: 'PerfLens: open the change of a commit behind a regression', placeHolder: 'Which commit?' }).then((i) => i?.c);
  if (!picked) return undefined;
  const paths = picked.commit.paths;
  const path = paths.length <= 1 ? paths[0] : await pickOne(paths.map((p) => ({ label: vscode.workspace.asRelativePath(p), p })), { title: 'PerfLens: which file?' }).then((i) => i?.p);
  return path ? { hash: picked.commit.hash, path } : undefined;
}

export async function openCommitChange(view: ReleaseDiffView | undefined, args?: Partial<CommitChangeArgs>): Promise<void> {
  if (!vscode.workspace.isTrusted) throw new Error('opening a commit\'s change runs git, which PerfLens does not run in Restricted Mode: trust the workspace first.');
  const change = await chooseChange(view, args);
  if (!change) return;
  if (!vscode.workspace.getWorkspaceFolder(vscode.Uri.file(change.path))) throw new Error(`${change.path} is not in a workspace folder.`);
  const commit = commitsOfView(view).find((c) => c.commit.hash === change.hash)!.commit;
  const short = commit.hash.slice(0, 7);
  await vscode.commands.executeCommand('vscode.diff', commitFileUri(change.path, `${commit.hash}^`), commitFileUri(change.path, commit.hash),
    `${basename(change.path)} (${short}^ ↔ ${short}) ${commit.subject}`, { preview: true });
}

/** A command link for a hover (the hover's MarkdownString must enable OPEN_COMMIT_CHANGE). */
export function commitChangeLink(args: CommitChangeArgs): string {
  return `command:${OPEN_COMMIT_CHANGE}?${encodeURIComponent(JSON.stringify(args))}`;
}

/**
 * `perflens diff` and `check` with a workspace in git: the commits behind each significant regression
 * (core/diff/commits.ts), between --base-ref and --head-ref, by default the refs the profiles' labels name
 * (service_git_ref, else their version: a tag or a commit).
 */
import type { CommitAttribution, RegressionCommit } from '../core/diff/commits';
import { commitsBehindRegressions } from '../core/diff/commits';
import type { FunctionDiff } from '../core/diff/functionDiff';
import { regressionLines } from '../core/diff/regressionLines';
import type { WorkspaceDiff } from '../core/diff/workspaceDiff';
import { profileLabels } from '../core/model/profileLabels';
import type { ProfileModel } from '../core/model/types';
import { Git } from '../core/symbolicate/git';

export const COMMIT_OPTIONS_HELP = `  --base-ref REF  With a workspace in git (--root, or the current folder when a ref is given): list under each
  --head-ref REF  regression the commits between the two refs that changed its lines, or those of regressed
                  functions it calls. Default: the ref each side's profiles name (service_git_ref, else their
                  version label when it is a tag or commit of the repository).`;

export interface AttributeInput {
  readonly root: string;
  readonly diff: FunctionDiff;
  readonly workspace: WorkspaceDiff;
  readonly base: ProfileModel;
  readonly head: ProfileModel;
  readonly type?: string;
  readonly baseRef?: string;
  readonly headRef?: string;
}

export async function attributeCommits(input: AttributeInput): Promise<CommitAttribution> {
  const labelRef = (model: ProfileModel) => {
    const labels = profileLabels(model);
    return labels.gitRef ?? labels.version;
  };
  const profiledHead = labelRef(input.head);
  const refs = { base: input.baseRef ?? labelRef(input.base), head: input.headRef ?? profiledHead, headProfiled: input.headRef !== undefined ? profiledHead : undefined };
  const regressed = input.workspace.functions.filter((f) => f.significant && f.delta > 0);
  const lines = regressed.length === 0 ? undefined : regressionLines(input.head, input.type, new Set(regressed.map((f) => f.key)));
  const git = new Git({ cwd: input.root, enabled: true });
  return commitsBehindRegressions(
    git,
    refs,
    regressed.map((f) => ({ key: f.key, name: f.function, path: f.workspaceFile ?? undefined, lines: lines?.lines.get(f.key) })),
    lines?.callees ?? new Map(),
  );
}

/** "commit 3f2c1ab0d9e1 2026-03-01 Dana Lee: search: match each product (main.matchesQuery)" */
export function formatCommit(c: Pick<RegressionCommit, 'hash' | 'author' | 'date' | 'subject' | 'functions'>): string {
  const subject = c.subject.length > 72 ? `${c.subject.slice(0, 69)}...` : c.subject;
  return `commit ${c.hash.slice(0, 12)} ${c.date.slice(0, 10)} ${c.author}: ${subject} (${c.functions.join(', ')})`;
}

/**
 * The commits behind an editor release diff's regressions, looked up after the diff is shown (git log -L can take
 * seconds) in the profile worker: attributeCommits for the view's regressions (commitsRegressed.ts), with each
 * commit's files as absolute workspace paths; the answer is put into the view by commitsInView.ts.
 */
import { join } from 'node:path';
import type { ProfileModel } from '../model/types';
import type { WorkspaceRoot } from '../workspace/analyzeRequest';
import { attributeCommits, type RegressedFunction } from './commitsOfDiff';
import type { ViewCommits } from './commitsInView';

export async function viewCommits(input: {
  readonly roots: readonly WorkspaceRoot[];
  readonly regressed: readonly RegressedFunction[];
  readonly base: ProfileModel;
  readonly head: ProfileModel;
  readonly type?: string;
  readonly gitEnabled: boolean;
}): Promise<ViewCommits> {
  const found = await attributeCommits({ roots: input.roots.map((r) => r.path), regressed: input.regressed, base: input.base, head: input.head, type: input.type, gitEnabled: input.gitEnabled });
  const rootOf = new Map(input.regressed.map((f) => [f.key, f.workspaceRoot]));
  const absolute = (key: string, path: string) => join(input.roots[rootOf.get(key) ?? 0].path, ...path.split('/'));
  return {
    byFunction: [...found.byFunction].map(([key, commits]) => [key, commits.map((c) => ({
      hash: c.hash, author: c.author, date: c.date, subject: c.subject, functions: c.functions, paths: c.paths.map((p) => absolute(key, p)),
    }))] as const),
    commits: { base: found.base, head: found.head, notes: found.notes },
  };
}

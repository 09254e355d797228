/**
 * The commits behind a release diff's significant regressions, for the CLI (`perflens diff/check`) and the
 * editor's release diff alike: the refs to compare (given, else the ones each side's profiles name:
 * service_git_ref, else their version label when it is a tag or commit), the regressed functions' profiled
 * lines (regressionLines.ts), and `git log -L` in each workspace root that holds one of them (commits.ts).
 */
import { profileLabels } from '../model/profileLabels';
import type { ProfileModel } from '../model/types';
import { Git } from '../symbolicate/git';
import { commitsBehindRegressions, type CommitAttribution, type RegressionCommit } from './commits';
import { regressionLines } from './regressionLines';
import type { WorkspaceDiff, WorkspaceFunctionRow } from './workspaceDiff';

/** A significant regression, as the commits are looked up for it: its key, name and workspace file. */
export type RegressedFunction = Pick<WorkspaceFunctionRow, 'key' | 'function' | 'workspaceFile' | 'workspaceRoot'>;

/** The significant regressions of a workspace diff. */
export function regressedOf(workspace: WorkspaceDiff): RegressedFunction[] {
  return workspace.functions.filter((f) => f.significant && f.delta > 0);
}

export interface DiffCommitsInput {
  /** The workspace roots' folders, in the order of the diff's `workspaceRoot` indexes. */
  readonly roots: readonly string[];
  /** The significant regressions (regressedOf). */
  readonly regressed: readonly RegressedFunction[];
  readonly base: ProfileModel;
  readonly head: ProfileModel;
  readonly type?: string | number;
  readonly baseRef?: string;
  readonly headRef?: string;
  /** false in an untrusted workspace: no git runs, and the result says why. */
  readonly gitEnabled: boolean;
}

const labelRef = (model: ProfileModel): string | undefined => {
  const labels = profileLabels(model);
  return labels.gitRef ?? labels.version;
};

export async function attributeCommits(input: DiffCommitsInput): Promise<CommitAttribution> {
  const profiledHead = labelRef(input.head);
  const refs = { base: input.baseRef ?? labelRef(input.base), head: input.headRef ?? profiledHead, headProfiled: input.headRef !== undefined ? profiledHead : undefined };
  const { regressed } = input;
  const lines = regressed.length === 0 ? undefined : regressionLines(input.head, input.type, new Set(regressed.map((f) => f.key)));
  const byRoot = new Map<number, typeof regressed>();
  for (const f of regressed) {
    if (f.workspaceFile === null) continue;
    byRoot.set(f.workspaceRoot, [...(byRoot.get(f.workspaceRoot) ?? []), f]);
  }
  // A root without regressions still answers whether the refs are commits (the notes say why none are named).
  if (byRoot.size === 0 && input.roots.length > 0) byRoot.set(0, []);
  const byFunction = new Map<string, readonly RegressionCommit[]>();
  const notes = new Set<string>();
  let first: CommitAttribution | undefined;
  for (const [root, functions] of [...byRoot].sort((a, b) => a[0] - b[0])) {
    const git = new Git({ cwd: input.roots[root], enabled: input.gitEnabled });
    const found = await commitsBehindRegressions(
      git,
      refs,
      functions.map((f) => ({ key: f.key, name: f.function, path: f.workspaceFile ?? undefined, lines: lines?.lines.get(f.key) })),
      lines?.callees ?? new Map(),
    );
    first ??= found;
    for (const [key, commits] of found.byFunction) byFunction.set(key, commits);
    for (const note of found.notes) notes.add(note);
  }
  for (const f of regressed) if (!byFunction.has(f.key)) byFunction.set(f.key, []);
  return { base: refs.base, head: refs.head, baseCommit: first?.baseCommit, headCommit: first?.headCommit, byFunction, notes: [...notes] };
}

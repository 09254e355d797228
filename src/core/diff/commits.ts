/**
 * The commits behind a release diff's regressions: for each regressed function, the commits between the base
 * and head refs that changed its lines, or the lines of regressed functions it calls — `git log -L` over
 * base..head, which follows the lines back through earlier edits. A function's lines are those the head's
 * profiles show it running (regressionLines.ts), in the text of the commit the head was profiled at; when the
 * head ref is another commit, they are first carried over to it through the line diff of the two texts.
 *
 * Everything git says goes through symbolicate/git.ts (off in an untrusted workspace). When the refs are not
 * git revisions or one is missing (a force-pushed branch), the result says so in `notes` and names no commit;
 * the diff itself is shown regardless.
 */
import type { Git, GitCommit } from '../symbolicate/git';
import { diffLineMap } from '../symbolicate/line-diff';
import { mapLine } from '../symbolicate/line-map';
import type { FunctionLines } from './regressionLines';

export interface RegressionCommit extends GitCommit {
  /** The regressed functions whose lines the commit changed. */
  readonly functions: readonly string[];
  /** Their files, relative to git's folder and named as at the head ref: where the commit's change to them is seen. */
  readonly paths: readonly string[];
}

export interface RegressedFunction {
  readonly key: string;
  readonly name: string;
  /** The function's file relative to git's folder (today's path); undefined outside the repository. */
  readonly path?: string;
  readonly lines?: FunctionLines;
}

export interface CommitRefs {
  /** The refs to compare (from --base-ref/--head-ref, else the profiles' version labels). */
  readonly base?: string;
  readonly head?: string;
  /** The commit the head profiles were taken at, when known and different from `head`. */
  readonly headProfiled?: string;
}

export interface CommitAttribution {
  readonly base?: string;
  readonly head?: string;
  /** Full commit ids, when both refs resolve. */
  readonly baseCommit?: string;
  readonly headCommit?: string;
  /** Per regressed function key: its commits, newest first (empty when none changed its lines). */
  readonly byFunction: ReadonlyMap<string, readonly RegressionCommit[]>;
  readonly notes: readonly string[];
}

/** At most this many regressed functions get their own `git log -L` (the largest regressions come first). */
export const MAX_FUNCTIONS = 40;

export async function commitsBehindRegressions(
  git: Pick<Git, 'enabled' | 'resolveCommit' | 'show' | 'renamesSince' | 'lineLog'>,
  refs: CommitRefs,
  regressed: readonly RegressedFunction[],
  callees: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<CommitAttribution> {
  const none = (note: string): CommitAttribution => ({ base: refs.base, head: refs.head, byFunction: new Map(), notes: [note] });
  if (!git.enabled) return none('commits not looked up: git is off in an untrusted workspace');
  if (!refs.base || !refs.head) {
    return none(`commits not looked up: the profiles name no git ref for the ${!refs.base ? 'base' : 'head'} (pass --${!refs.base ? 'base' : 'head'}-ref)`);
  }
  const [baseCommit, headCommit] = await Promise.all([git.resolveCommit(refs.base), git.resolveCommit(refs.head)]);
  const missing = [!baseCommit && `base ${JSON.stringify(refs.base)}`, !headCommit && `head ${JSON.stringify(refs.head)}`].filter(Boolean);
  if (missing.length > 0) {
    return none(`commits not looked up: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not a commit or tag of this repository (not a git ref, or a force-pushed branch no longer has it: fetch it, or pass --base-ref/--head-ref)`);
  }
  const notes: string[] = [];
  const profiledCommit = refs.headProfiled ? await git.resolveCommit(refs.headProfiled) : undefined;
  const renames = new Map((await git.renamesSince(headCommit!)).map((r) => [r.to, r.from]));
  const texts = new Map<string, Promise<string | undefined>>();
  const textAt = (commit: string, path: string) => {
    const key = `${commit}\u0000${path}`;
    let t = texts.get(key);
    if (!t) texts.set(key, (t = git.show(commit, path)));
    return t;
  };

  const own = new Map<string, readonly GitCommit[]>();
  const headPaths = new Map<string, string>();
  let skipped = 0;
  for (const fn of regressed) {
    if (!fn.path || !fn.lines) continue;
    if (own.size >= MAX_FUNCTIONS) {
      skipped++;
      continue;
    }
    const path = renames.get(fn.path) ?? fn.path;
    headPaths.set(fn.key, path);
    const text = await textAt(headCommit!, path);
    if (text === undefined) continue; // not in the repository at the head: nothing to blame
    let { first, last } = fn.lines;
    if (profiledCommit && profiledCommit !== headCommit) {
      const profiledText = await textAt(profiledCommit, path);
      if (profiledText !== undefined) {
        const map = diffLineMap(profiledText, text);
        const moved = [first, last].map((l) => mapLine(map, l)).map((m) => (m.kind === 'unchanged' || m.kind === 'changed' ? m.line : undefined));
        if (moved[0] === undefined || moved[1] === undefined) continue;
        [first, last] = [Math.min(moved[0], moved[1]), Math.max(moved[0], moved[1])];
      }
    }
    const lineCount = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (first > lineCount) continue;
    own.set(fn.key, await git.lineLog(baseCommit!, headCommit!, path, [[first, Math.min(last, lineCount)]]));
  }
  if (skipped > 0) notes.push(`commits looked up for the ${MAX_FUNCTIONS} largest regressions with source lines; ${skipped} more not looked up`);

  const names = new Map(regressed.map((f) => [f.key, f.name]));
  const byFunction = new Map<string, RegressionCommit[]>();
  for (const fn of regressed) {
    const merged = new Map<string, { commit: GitCommit; functions: Set<string>; paths: Set<string> }>();
    for (const key of [fn.key, ...(callees.get(fn.key) ?? [])]) {
      for (const commit of own.get(key) ?? []) {
        const entry = merged.get(commit.hash) ?? { commit, functions: new Set<string>(), paths: new Set<string>() };
        entry.functions.add(names.get(key) ?? key);
        const path = headPaths.get(key);
        if (path) entry.paths.add(path);
        merged.set(commit.hash, entry);
      }
    }
    const commits = [...merged.values()]
      .sort((a, b) => (a.commit.date < b.commit.date ? 1 : a.commit.date > b.commit.date ? -1 : 0))
      .map(({ commit, functions, paths: files }) => ({ ...commit, functions: [...functions], paths: [...files] }));
    byFunction.set(fn.key, commits);
  }
  return { base: refs.base, head: refs.head, baseCommit, headCommit, byFunction, notes };
}

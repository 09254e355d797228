/**
 * A release diff view with the commits behind its regressions put in, when the follow-up lookup (commitsOfView.ts)
 * answers: by the host for the gutter and hover, and by the diff page for its rows. No Node imports: the page uses it.
 */
import { functionKey } from './functionKey';
import type { DiffCommitsView, DiffCommitView, ReleaseDiffView } from './releaseDiffView';

/** The commits of a diff view: per regressed function (by functionKey), and the refs compared or why none. */
export interface ViewCommits {
  readonly byFunction: readonly (readonly [string, readonly DiffCommitView[]])[];
  readonly commits: DiffCommitsView;
}

/** The view with its commits filled in (functions that are not significant regressions get none). */
export function withCommits<V extends Pick<ReleaseDiffView, 'functions' | 'commits' | 'commitsPending'>>(view: V, found: ViewCommits): V {
  const byKey = new Map(found.byFunction);
  return {
    ...view,
    commitsPending: false,
    commits: found.commits,
    functions: view.functions.map((f) => {
      const commits = byKey.get(functionKey(f.function, f.profileFile));
      return commits ? { ...f, commits } : f;
    }),
  };
}

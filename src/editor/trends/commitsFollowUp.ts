// The commits behind a shown release diff's regressions, asked of the profile worker once the diff is shown (its
// rows, flame graph and gutter do not wait for git log -L), then put into the gutter, hovers and the panel. The
// lookup is cancelled when another diff is shown or the diff is closed; a failure is said where the commits go.
import type * as vscode from 'vscode';
import { regressedOfView } from '../../core/diff/commitsRegressed';
import type { ViewCommits } from '../../core/diff/commitsInView';
import type { WorkspaceRoot } from '../../core/workspace/analyzeRequest';
import type { ProfileLimits } from '../../core/profile/limits';
import type { ReleaseDiffView } from '../../shared/releaseDiffView';
import type { ProfileAnalyzer } from '../profileAnalyzer';

/** Where a diff is shown: each takes the commits when the view they were asked for is still the one shown. */
export interface CommitsTarget {
  /** A signal aborted when `view` stops being shown (another diff, or none). */
  followUp(view: ReleaseDiffView): AbortSignal;
  fillCommits(view: ReleaseDiffView, found: ViewCommits): ReleaseDiffView | undefined;
}

export interface CommitsAsk {
  readonly base: readonly string[];
  readonly head: readonly string[];
  readonly typeName?: string;
  readonly limits: ProfileLimits;
  readonly skipUnreadable: boolean;
  readonly roots: readonly WorkspaceRoot[];
  readonly allowGit: boolean;
}

export async function followUpCommits(
  analyzer: ProfileAnalyzer, view: ReleaseDiffView, ask: CommitsAsk,
  diff: CommitsTarget, panel: { fillCommits(view: ReleaseDiffView, filled: ReleaseDiffView, found: ViewCommits): void }, log: vscode.LogOutputChannel,
): Promise<void> {
  if (!view.commitsPending) return;
  const signal = diff.followUp(view);
  let found: ViewCommits;
  try {
    found = await analyzer.request('diffCommits', { ...ask, regressed: regressedOfView(view.functions, ask.roots) }, { signal, lane: 'diffCommits' });
  } catch (e) {
    if (signal.aborted) return;
    const message = e instanceof Error ? e.message : String(e);
    log.warn(`commits behind the regressions: ${message}`);
    found = { byFunction: [], commits: { notes: [`The commits could not be looked up: ${message}`] } };
  }
  if (signal.aborted) return;
  const filled = diff.fillCommits(view, found);
  if (filled) panel.fillCommits(view, filled, found);
}

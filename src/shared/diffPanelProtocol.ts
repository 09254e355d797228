// The vocabulary between the diff panel's host (src/webviews/diff/diffPanel.ts) and its page (webview/diff/main.ts),
// over src/rpc.
import type { ViewCommits } from '../core/diff/commitsInView';
import type { DiffMode, ReleaseDiffView } from './releaseDiffView';

/** The view without its flame buffer, which travels next to it. */
export type DiffPageView = Omit<ReleaseDiffView, 'flame'>;

/** One side of the comparison as the header shows it: its short label and every part of its selection. */
export interface DiffPageSide {
  readonly label: string;
  /** [what, value] pairs: source, service, type, version, time, labels, frames. */
  readonly details: readonly (readonly [string, string])[];
}

/** What the panel's header says about the comparison, and how to reproduce it. */
export interface DiffPageHeader {
  /** What was asked ("last hour vs the same hour yesterday"). */
  readonly preset: string;
  readonly base: DiffPageSide;
  readonly head: DiffPageSide;
  /** The `perflens diff` command line that makes the same comparison; absent when the CLI cannot (two sources). */
  readonly command?: string;
  /** The vscode://perflens.perflens/compare link that opens the same comparison. */
  readonly link?: string;
}

/** What the diff page listens to. */
export type DiffPageVocabulary = {
  readonly requests: Record<string, never>;
  readonly events: {
    /** Another diff is shown now: ask for it. */
    readonly stale: Record<string, never>;
    /** The mode changed elsewhere (the command palette): read the diff in it. */
    readonly mode: { readonly mode: DiffMode };
    /** The commits behind the shown diff's regressions came (for the view of the same `shown` count). */
    readonly commits: { readonly shown: number; readonly found: ViewCommits };
  };
};

/** What the extension host answers for the diff page. */
export type DiffHostVocabulary = {
  readonly requests: {
    /** The diff to show; asked when the page (re)loads or its diff went stale. */
    readonly view: {
      readonly params: Record<string, never>;
      /** `shown` counts the diffs shown in the panel: a `commits` event belongs to the view of the same count. */
      readonly result: { readonly view: DiffPageView; readonly flame: ArrayBuffer; readonly header?: DiffPageHeader; readonly mode: DiffMode; readonly shown: number };
    };
  };
  readonly events: {
    /** Open a workspace file at a line; `beside` with Ctrl/Cmd-click. */
    readonly open: { readonly path: string; readonly line: number; readonly beside: boolean };
    /** Open a commit's change to a file (a commit behind a regression, as the view names it). */
    readonly openCommit: { readonly hash: string; readonly path: string };
    /** Open the source of a diff flame graph frame's function (an index into the flame data's function table). */
    readonly openFrame: { readonly fn: number; readonly beside: boolean };
    /** The user switched between shares and absolute figures: the gutter follows. */
    readonly mode: { readonly mode: DiffMode };
    /** Copy the comparison's `perflens diff` command line, or its link, to the clipboard. */
    readonly copy: { readonly what: 'command' | 'link' };
  };
};

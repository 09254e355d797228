// The vocabulary between the diff panel's host (src/webviews/diff/diffPanel.ts) and its page (webview/diff/main.ts),
// over src/rpc.
import type { ReleaseDiffView } from './releaseDiffView';

/** The view without its flame buffer, which travels next to it. */
export type DiffPageView = Omit<ReleaseDiffView, 'flame'>;

/** What the diff page listens to. */
export type DiffPageVocabulary = {
  readonly requests: Record<string, never>;
  readonly events: {
    /** Another diff is shown now: ask for it. */
    readonly stale: Record<string, never>;
  };
};

/** What the extension host answers for the diff page. */
export type DiffHostVocabulary = {
  readonly requests: {
    /** The diff to show; asked when the page (re)loads or its diff went stale. */
    readonly view: { readonly params: Record<string, never>; readonly result: { readonly view: DiffPageView; readonly flame: ArrayBuffer } };
  };
  readonly events: {
    /** Open a workspace file at a line; `beside` with Ctrl/Cmd-click. */
    readonly open: { readonly path: string; readonly line: number; readonly beside: boolean };
    /** Open a commit's change to a file (a commit behind a regression, as the view names it). */
    readonly openCommit: { readonly hash: string; readonly path: string };
    /** Open the source of a diff flame graph frame's function (an index into the flame data's function table). */
    readonly openFrame: { readonly fn: number; readonly beside: boolean };
  };
};

// Messages between the diff panel's host (src/webviews/diff/diffPanel.ts) and its page (webview/diff/main.ts).
import type { ReleaseDiffView } from './releaseDiffView';

/** The view without its flame buffer, which travels next to it (top level: VS Code hands buffers over as such). */
export type DiffPageView = Omit<ReleaseDiffView, 'flame'>;

export type ToDiffPage = { readonly kind: 'show'; readonly view: DiffPageView; readonly flame: ArrayBuffer };

export type FromDiffPage =
  | { readonly kind: 'ready' }
  /** Open a workspace file at a line; `beside` with Ctrl/Cmd-click. */
  | { readonly kind: 'open'; readonly path: string; readonly line: number; readonly beside: boolean }
  /** Open the source of a diff flame graph frame's function (an index into the flame data's function table). */
  | { readonly kind: 'openFrame'; readonly fn: number; readonly beside: boolean };

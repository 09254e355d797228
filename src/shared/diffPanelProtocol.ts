// Messages between the diff panel's host (src/webviews/diff/diffPanel.ts) and its page (webview/diff/main.ts).
import type { ReleaseDiffView } from './releaseDiffView';

export type ToDiffPage = { readonly kind: 'show'; readonly view: ReleaseDiffView };

export type FromDiffPage =
  | { readonly kind: 'ready' }
  /** Open a workspace file at a line; `beside` with Ctrl/Cmd-click. */
  | { readonly kind: 'open'; readonly path: string; readonly line: number; readonly beside: boolean };

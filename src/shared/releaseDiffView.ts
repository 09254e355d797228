// The release diff as the editor and the diff panel see it (core/diff/releaseDiffView.ts), named here for the
// editor's side of the worker channel and the diff page's messages.
export type { AbsoluteDeltas, AbsoluteDeltaView, DiffCommitsView, DiffCommitView, DiffFrameSource, DiffMode, DiffSideView, FunctionDeltaView, LineDeltaView, ReleaseDiffView } from '../core/diff/releaseDiffView';

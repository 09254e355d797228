// The vocabulary of the channel between the extension host and the profile worker (src/rpc): what the worker
// answers (src/worker/handlers/, one file per request) and what it tells the host unasked.
import type { ReleaseDiffRequest } from '../core/workspace/buildReleaseDiffView';
import type { AnalyzeRequest } from './analyzeProtocol';
import type { FlameGraphBuffers, FlameGraphRequest, ProfileTotal, ProfileTotalsRequest, SandwichBuffers, SandwichRequest } from './flamegraphProtocol';
import type { ReleaseDiffView } from './releaseDiffView';
import type { WorkspaceProfile } from './workspaceProfile';

/** The worker thread's own memory: the worker is a thread of the extension host, so the process's RSS does not tell its share apart. */
export interface MemoryFigures {
  /** V8 heap of the thread (JS objects), MB. */
  readonly heapUsedMB: number;
  readonly heapTotalMB: number;
  /** ArrayBuffers and typed arrays allocated by the thread, MB (decoded profiles and trees live here). */
  readonly arrayBuffersMB: number;
}

export type ProfileWorkerVocabulary = {
  readonly requests: {
    /** The profile as the editor shows it: costs per workspace file, line and function. */
    readonly analyze: { readonly params: AnalyzeRequest; readonly result: WorkspaceProfile };
    /** The flame graph's call tree; its two ArrayBuffers are transferred. */
    readonly flameGraph: { readonly params: FlameGraphRequest; readonly result: FlameGraphBuffers };
    /** The exact sandwich of one function of a flame graph's files and type; its two ArrayBuffers are transferred. */
    readonly sandwich: { readonly params: SandwichRequest; readonly result: SandwichBuffers };
    /** Both releases compared and mapped onto the workspace; the view's `flame` ArrayBuffer is transferred. */
    readonly releaseDiff: { readonly params: ReleaseDiffRequest; readonly result: ReleaseDiffView };
    /** Each file's total of one sample type (the flame graph's timeline). */
    readonly profileTotals: { readonly params: ProfileTotalsRequest; readonly result: readonly ProfileTotal[] };
    /** The worker's heap and buffers, answered between two steps of other work. */
    readonly memory: { readonly params: Record<string, never>; readonly result: MemoryFigures };
  };
  readonly events: Record<string, never>;
};

export type WorkerHostVocabulary = {
  readonly requests: Record<string, never>;
  readonly events: {
    /** A profile file that does not decode: reported once per file version, with why. */
    readonly badFile: { readonly file: string; readonly reason: string };
  };
};

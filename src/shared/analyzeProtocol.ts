// What the editor asks the profile worker to analyse: a set of profile files, mapped onto the workspace folders.
// Decoding, merging, aggregation and symbolication run there so the extension host's main thread never blocks on a
// large profile (the worker channel's vocabulary is in workerProtocol.ts).

export type { AnalyzeRequest, WorkspaceRoot } from '../core/workspace/analyzeRequest';

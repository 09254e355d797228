// The symbolicated profile as the editor sees it (core/workspace/workspaceProfile.ts), named here for the editor's
// side of the worker channel.
export type { CallEdge, Coverage, FileCost, FunctionCost, LineCost, UnmappedPath, WorkspaceProfile } from '../core/workspace/workspaceProfile';

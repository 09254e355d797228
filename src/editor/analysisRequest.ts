// The one place the editor says how profiles are to be analysed: the open workspace folders, the path rules, the
// profiled commit, whether git may run (workspace trust) and the decoding limits — for the session, a flame graph
// of other files, and the release diff alike.
import * as vscode from 'vscode';
import type { AnalyzeRequest, WorkspaceRoot } from '../shared/analyzeProtocol';
import type { ProfileSelection } from '../shared/profileSelection';
import { readConfig } from './config';

/** How the workspace is set up for analysis, as every request to the profile worker carries it. */
export type WorkspaceOptions = Pick<AnalyzeRequest, 'roots' | 'pathMappings' | 'gitRef' | 'allowGit' | 'limits'>;

export function workspaceOptions(): WorkspaceOptions {
  const config = readConfig();
  return {
    roots: workspaceRoots(),
    pathMappings: config.pathMappings,
    gitRef: config.profileGitRef || undefined,
    allowGit: vscode.workspace.isTrusted,
    limits: config.limits,
  };
}

/** The analysis of a selection: its files, of its sample type (the profile's default when absent). */
export function analysisRequest(selection: ProfileSelection): AnalyzeRequest {
  return { sources: selection.sources, typeName: selection.type, hints: selection.hints, skipUnreadable: selection.fromStore, labels: selection.labels, frames: selection.frames, ...workspaceOptions() };
}

function workspaceRoots(): WorkspaceRoot[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, path: f.uri.fsPath }));
}

// Opens a frame's source for the flame graph page. The page only names a function of the analysed profile; the
// file comes from the analysis (an app function's workspace file) and must lie inside an open workspace folder —
// nothing the page or the profile says can make the editor open another file.
import * as vscode from 'vscode';
import type { FunctionTarget } from './functionFacts';

export async function openFunctionSource(fn: FunctionTarget, line: number, beside: boolean, panel: vscode.WebviewPanel, log: vscode.LogOutputChannel): Promise<void> {
  if (!fn.path || fn.class !== 'app') return;
  const uri = vscode.Uri.file(fn.path);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || !isInside(folder.uri.fsPath, uri.fsPath)) {
    log.warn(`flame graph: not opening ${fn.path}: it is outside the workspace`);
    return;
  }
  const target = Math.max(1, Math.floor(line || fn.firstLine || 1)) - 1;
  const selection = new vscode.Range(target, 0, target, 0);
  await vscode.window.showTextDocument(uri, { viewColumn: beside ? vscode.ViewColumn.Beside : otherColumn(panel), selection, preserveFocus: false });
}

/**
 * Where a plain click opens the source: the editor group the user last worked in, if it is not the panel's own
 * (so the graph stays in view), else a group beside the panel.
 */
function otherColumn(panel: vscode.WebviewPanel): vscode.ViewColumn {
  const text = vscode.window.visibleTextEditors.map((e) => e.viewColumn).filter((c): c is vscode.ViewColumn => c !== undefined && c !== panel.viewColumn);
  return text[0] ?? vscode.ViewColumn.Beside;
}

function isInside(folder: string, file: string): boolean {
  const sep = folder.includes('\\') ? '\\' : '/';
  const base = folder.endsWith(sep) ? folder : folder + sep;
  return file.startsWith(base) && !file.slice(base.length).split(/[\\/]/).includes('..');
}

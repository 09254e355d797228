// The workspace file a link names: a path relative to a workspace folder, found in the first folder that has it,
// and only if its real location (symlinks resolved) is inside that folder.
import { realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import * as vscode from 'vscode';

export async function workspaceTarget(relativePath: string): Promise<vscode.Uri> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  for (const folder of folders) {
    const root = await realpath(folder.uri.fsPath);
    let real: string;
    try {
      real = await realpath(join(folder.uri.fsPath, ...relativePath.split('/')));
    } catch {
      continue;
    }
    const inside = relative(root, real);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..') throw new Error(`refused: ${relativePath} leads outside the workspace folder ${folder.name}`);
    if (!(await stat(real)).isFile()) throw new Error(`${relativePath} is not a file`);
    return vscode.Uri.file(real);
  }
  throw new Error(`${relativePath} is not a file of this workspace${folders.length ? '' : ' (no folder is open)'}`);
}

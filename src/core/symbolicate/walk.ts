// Lists a workspace folder's files for the CLI (the editor uses vscode.workspace.findFiles instead). Skips
// dependency and VCS folders, and never follows a symlink whose target lies outside the root — the index built
// from this list is what keeps every mapping inside the workspace.

import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface WalkOptions {
  /** Folder names never entered. */
  skipFolders?: ReadonlySet<string>;
  /** Stop after this many files (the result says it was truncated). */
  maxFiles?: number;
}

export interface WalkResult {
  /** Forward-slash paths relative to the root. */
  files: string[];
  /** Entries left out and why (symlinks escaping the root, unreadable folders). */
  skipped: { path: string; reason: string }[];
  truncated: boolean;
}

export const defaultSkipFolders: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);

export async function walkWorkspace(rootDir: string, options: WalkOptions = {}): Promise<WalkResult> {
  const skipFolders = options.skipFolders ?? defaultSkipFolders;
  const maxFiles = options.maxFiles ?? 200_000;
  const realRoot = await realpath(rootDir);
  const result: WalkResult = { files: [], skipped: [], truncated: false };
  const visited = new Set<string>([realRoot]);
  const pending: string[] = ['']; // relative folder paths

  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await readdir(join(rootDir, dir), { withFileTypes: true });
    } catch (e) {
      result.skipped.push({ path: dir || '.', reason: `unreadable: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        const target = await insideTarget(realRoot, join(rootDir, rel));
        if (!target) {
          result.skipped.push({ path: rel, reason: 'symlink leads outside the workspace folder' });
          continue;
        }
        if (target.isDirectory) {
          if (skipFolders.has(entry.name) || visited.has(target.real)) continue;
          visited.add(target.real);
          pending.push(rel);
        } else if (target.isFile) addFile(result, rel, maxFiles);
        continue;
      }
      if (entry.isDirectory()) {
        if (!skipFolders.has(entry.name)) pending.push(rel);
      } else if (entry.isFile()) addFile(result, rel, maxFiles);
      if (result.truncated) return result;
    }
  }
  result.files.sort();
  return result;
}

function addFile(result: WalkResult, rel: string, maxFiles: number): void {
  if (result.files.length >= maxFiles) result.truncated = true;
  else result.files.push(rel);
}

async function insideTarget(realRoot: string, path: string): Promise<{ real: string; isDirectory: boolean; isFile: boolean } | undefined> {
  try {
    const real = await realpath(path);
    if (!isInside(realRoot, real)) return undefined;
    const info = await stat(real);
    return { real, isDirectory: info.isDirectory(), isFile: info.isFile() };
  } catch {
    return undefined; // dangling link
  }
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !/^[a-zA-Z]:/.test(rel) && !rel.startsWith(sep));
}

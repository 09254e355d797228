// The Go modules that live in the workspace: every go.mod (multi-module repositories), go.work `use` folders, and
// local `replace` targets. A -trimpath profile names files by import path (example.com/shop/pricing/discount.go),
// which `go tool pprof -list` cannot open; this table turns the module path back into a folder.

import { splitSegments } from './profile-path';
import type { WorkspaceIndex } from './workspace-index';
import type { ReadWorkspaceText, WorkspaceFile } from './types';

export interface GoModule {
  path: string;
  root: number;
  /** Folder of the module relative to its root ('' = the root). */
  dir: string;
  /** How we learned about it, for diagnostics. */
  source: string;
}

export interface GoModFile {
  module?: string;
  /** Local replacements only (`=> ./x`, `=> ../x`); versioned replacements name code outside the workspace. */
  localReplaces: { module: string; dir: string }[];
}

export function parseGoMod(text: string): GoModFile {
  const result: GoModFile = { localReplaces: [] };
  for (const { verb, args } of goDirectives(text)) {
    if (verb === 'module' && args[0]) result.module = unquoteGo(args[0]);
    if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow < 1) continue;
      const target = args[arrow + 1];
      if (target && (target.startsWith('./') || target.startsWith('../') || target === '.' || target === '..')) {
        result.localReplaces.push({ module: unquoteGo(args[0]), dir: unquoteGo(target) });
      }
    }
  }
  return result;
}

export function parseGoWork(text: string): { uses: string[]; localReplaces: { module: string; dir: string }[] } {
  const uses: string[] = [];
  for (const { verb, args } of goDirectives(text)) if (verb === 'use' && args[0]) uses.push(unquoteGo(args[0]));
  return { uses, localReplaces: parseGoMod(text).localReplaces };
}

/** Lines of a go.mod/go.work as (verb, arguments), expanding `verb ( ... )` blocks. */
function* goDirectives(text: string): Generator<{ verb: string; args: string[] }> {
  let block: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (line === '') continue;
    if (block) {
      if (line === ')') block = undefined;
      else yield { verb: block, args: tokens(line) };
      continue;
    }
    const words = tokens(line);
    if (words[1] === '(') block = words[0];
    else yield { verb: words[0], args: words.slice(1) };
  }
}

function tokens(line: string): string[] {
  return line.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) ?? [];
}

function unquoteGo(word: string): string {
  if (word.startsWith('"')) {
    try {
      return JSON.parse(word) as string;
    } catch {
      return word.slice(1, -1);
    }
  }
  return word.startsWith('`') ? word.slice(1, -1) : word;
}

/** Reads every go.mod (and go.work) in the index. Unreadable or malformed files are skipped and reported. */
export async function discoverGoModules(index: WorkspaceIndex, readText: ReadWorkspaceText): Promise<{ modules: GoModule[]; warnings: string[] }> {
  const modules: GoModule[] = [];
  const warnings: string[] = [];
  const addLocalReplace = (file: WorkspaceFile, folder: string, replace: { module: string; dir: string }) => {
    const joined = splitSegments(`${folder}/${replace.dir}`);
    if (joined.escapes) {
      warnings.push(`${file.path}: replace ${replace.module} => ${replace.dir} leaves the workspace; ignored`);
      return;
    }
    modules.push({ path: replace.module, root: file.root, dir: joined.segments.join('/'), source: `replace in ${file.path}` });
  };
  for (const file of index.filesNamed('go.mod')) {
    const text = await readText(file);
    if (text === undefined) {
      warnings.push(`${file.path}: could not be read`);
      continue;
    }
    const parsed = parseGoMod(text);
    const folder = parentDir(file.path);
    if (parsed.module) modules.push({ path: parsed.module, root: file.root, dir: folder, source: file.path });
    else warnings.push(`${file.path}: no module directive`);
    for (const replace of parsed.localReplaces) addLocalReplace(file, folder, replace);
  }
  for (const file of index.filesNamed('go.work')) {
    const text = await readText(file);
    if (text === undefined) continue;
    const folder = parentDir(file.path);
    for (const replace of parseGoWork(text).localReplaces) addLocalReplace(file, folder, replace);
    // `use` folders carry their own go.mod, already read above; one that is missing is worth a warning.
    for (const use of parseGoWork(text).uses) {
      const dir = splitSegments(`${folder}/${use}`);
      if (dir.escapes) continue;
      const goMod = dir.segments.length === 0 ? 'go.mod' : `${dir.segments.join('/')}/go.mod`;
      if (index.find(file.root, goMod) < 0) warnings.push(`${file.path}: use ${use} has no go.mod in the workspace`);
    }
  }
  return { modules, warnings };
}

export function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

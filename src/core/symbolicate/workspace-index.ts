// The workspace as a set of files, indexed by every path suffix so that matching a profile path is a few hash
// lookups (one per path segment), never a scan. The suffixes form a trie read from the base name backwards
// (Map per node), so a lookup builds no strings. The editor feeds it from vscode.workspace.findFiles, the CLI from
// walk.ts. Only files given here can ever be the target of a mapping, which is what keeps mappings inside the roots.

import type { WorkspaceFile } from './types';

export interface WorkspaceRootInput {
  /** Folder name; also matched as a path segment ("/build/<name>/pkg/a.go"). */
  name: string;
  /** Forward-slash paths relative to the root. Paths with '..', absolute paths or empty segments are ignored. */
  files: Iterable<string>;
}

export interface SuffixMatch {
  /** How many trailing segments of the profile path agree with the candidates (root name counts as a segment). */
  segments: number;
  candidates: number[];
}

export class WorkspaceIndex {
  readonly rootNames: readonly string[];
  private readonly fileRoots: number[] = [];
  private readonly filePaths: string[] = [];
  private readonly exact = new Map<string, number>();
  private readonly bySuffix: SuffixNode = newNode();
  private bySuffixFolded: SuffixNode | undefined;
  /** Paths that were refused when building (e.g. containing '..'), for diagnostics. */
  readonly rejected: string[] = [];

  constructor(roots: readonly WorkspaceRootInput[]) {
    this.rootNames = roots.map((r) => r.name);
    roots.forEach((root, rootIndex) => {
      for (const path of root.files) this.add(rootIndex, path);
    });
  }

  get size(): number {
    return this.filePaths.length;
  }

  file(id: number): WorkspaceFile {
    return { root: this.fileRoots[id], path: this.filePaths[id] };
  }

  /** Id of a file given by root and exact relative path, or -1. */
  find(root: number, path: string): number {
    return this.exact.get(exactKey(root, path)) ?? -1;
  }

  has(file: WorkspaceFile): boolean {
    return this.find(file.root, file.path) >= 0;
  }

  /** Every file with this base name (e.g. all go.mod files). */
  filesNamed(baseName: string): WorkspaceFile[] {
    return toArray(this.bySuffix.children?.get(baseName)?.ids).map((id) => this.file(id));
  }

  /**
   * Longest agreement between the profile path's trailing segments and workspace files. Probes from the base name
   * upward and stops at the first miss: suffix sets are nested, so the last hit is the longest match.
   */
  matchSuffix(segments: readonly string[], caseInsensitive = false): SuffixMatch | undefined {
    let node: SuffixNode | undefined = caseInsensitive ? this.foldedSuffixes() : this.bySuffix;
    let k = 0;
    let last: SuffixNode | undefined;
    while (k < segments.length) {
      const segment = segments[segments.length - 1 - k];
      if (segment === '..') break;
      node = node.children?.get(caseInsensitive ? segment.toLowerCase() : segment);
      if (!node) break;
      last = node;
      k++;
    }
    return last ? { segments: k, candidates: toArray(last.ids) } : undefined;
  }

  private add(root: number, rawPath: string): void {
    const path = rawPath.replace(/\\/g, '/');
    const segments = path.split('/');
    if (path === '' || path.startsWith('/') || /^[a-zA-Z]:/.test(path) || segments.some((s) => s === '' || s === '.' || s === '..')) {
      this.rejected.push(rawPath);
      return;
    }
    const key = exactKey(root, path);
    if (this.exact.has(key)) return;
    const id = this.filePaths.length;
    this.fileRoots.push(root);
    this.filePaths.push(path);
    this.exact.set(key, id);
    addPath(this.bySuffix, [this.rootNames[root], ...segments], id, false);
    this.bySuffixFolded = undefined;
  }

  private foldedSuffixes(): SuffixNode {
    if (!this.bySuffixFolded) {
      const folded = newNode();
      for (let id = 0; id < this.filePaths.length; id++) addPath(folded, [this.rootNames[this.fileRoots[id]], ...this.filePaths[id].split('/')], id, true);
      this.bySuffixFolded = folded;
    }
    return this.bySuffixFolded;
  }
}

function exactKey(root: number, path: string): string {
  return `${root}\u0000${path}`;
}

/** A suffix: the files ending with it, and longer suffixes by their next segment to the left. */
interface SuffixNode {
  // Most suffixes name one file: a bare number, an array only after the first collision.
  ids: number | number[] | undefined;
  children: Map<string, SuffixNode> | undefined;
}

function newNode(): SuffixNode {
  return { ids: undefined, children: undefined };
}

function addPath(top: SuffixNode, segments: readonly string[], id: number, fold: boolean): void {
  let node = top;
  for (let k = segments.length - 1; k >= 0; k--) {
    const segment = fold ? segments[k].toLowerCase() : segments[k];
    node.children ??= new Map();
    let child = node.children.get(segment);
    if (!child) node.children.set(segment, (child = newNode()));
    node = child;
    if (node.ids === undefined) node.ids = id;
    else if (typeof node.ids === 'number') {
      if (node.ids !== id) node.ids = [node.ids, id];
    } else if (node.ids[node.ids.length - 1] !== id) node.ids.push(id);
  }
}

function toArray(value: number | number[] | undefined): number[] {
  if (value === undefined) return [];
  return typeof value === 'number' ? [value] : value;
}

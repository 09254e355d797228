// Line drift: a profile's line numbers are the deployed commit's; the editor shows today's text. For each file the
// text at the commit (following renames) is diffed against the current text, and the resulting LineMap says, per
// profiled line, where that code is now — or that it changed or disappeared.

import type { Git, GitRename } from './git';
import { diffLineMap } from './line-diff';
import { composeLineMaps, identityLineMap, type LineMap } from './line-map';

export type FileDriftStatus =
  /** Identical to the profiled commit. */
  | 'unchanged'
  /** Edited since the profiled commit. */
  | 'modified'
  /** The file did not exist under this or any renamed-from name at the commit: lines cannot be verified. */
  | 'missing-at-ref';

export interface FileDrift {
  status: FileDriftStatus;
  /** Name of the file at the profiled commit (differs from the current one after a rename). */
  pathAtRef: string;
  renamed: boolean;
  map: LineMap;
}

/** What drift needs from git (git.ts implements it; the editor may adapt the built-in git extension). */
export type DriftGit = Pick<Git, 'enabled' | 'resolveCommit' | 'show' | 'renamesSince'>;

export class DriftTranslator {
  private readonly oldTexts = new Map<string, Promise<string | undefined>>();
  private readonly oldNameOf = new Map<string, string>();

  private constructor(private readonly git: DriftGit, readonly commit: string, readonly renames: readonly GitRename[]) {
    for (const r of renames) this.oldNameOf.set(r.to, r.from);
  }

  /** Resolves the revision and the renames since it. Fails with a message when git is off or the commit is unknown. */
  static async open(git: DriftGit, ref: string): Promise<DriftTranslator | { error: string }> {
    if (!git.enabled) return { error: 'git is disabled for this workspace' };
    try {
      const commit = await git.resolveCommit(ref);
      if (!commit) return { error: `commit "${ref}" is not in this repository (fetch it, or check the profile's version label)` };
      return new DriftTranslator(git, commit, await git.renamesSince(commit));
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** The file's name at the profiled commit. */
  pathAtRef(currentPath: string): string {
    return this.oldNameOf.get(currentPath) ?? currentPath;
  }

  /**
   * Map from the profiled commit's lines to `currentText` (the file on disk). With `bufferText`, the map continues to
   * the unsaved editor buffer by composing commit → disk with disk → buffer.
   */
  async fileDrift(currentPath: string, currentText: string, bufferText?: string, pathAtRef = this.pathAtRef(currentPath)): Promise<FileDrift> {
    const renamed = pathAtRef !== currentPath;
    let oldText = this.oldTexts.get(pathAtRef);
    if (!oldText) {
      oldText = this.git.show(this.commit, pathAtRef);
      this.oldTexts.set(pathAtRef, oldText);
    }
    const old = await oldText;
    const toBuffer = bufferText === undefined ? undefined : diffLineMap(currentText, bufferText);
    if (old === undefined) {
      const identity = identityLineMap(lineCount(currentText));
      return { status: 'missing-at-ref', pathAtRef, renamed, map: toBuffer ? composeLineMaps(identity, toBuffer) : identity };
    }
    const toDisk = diffLineMap(old, currentText);
    const map = toBuffer ? composeLineMaps(toDisk, toBuffer) : toDisk;
    const unchanged = map.changed.length === 0 && map.runs.length === 1 && map.runs[0].length === map.oldLineCount && map.oldLineCount === map.newLineCount;
    return { status: unchanged ? 'unchanged' : 'modified', pathAtRef, renamed, map };
  }
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

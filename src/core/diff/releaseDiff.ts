// Two sets of profiles (base release, head release) compared: per function, and — with workspace roots — per
// workspace line in today's text. Shared by `perflens diff`/`check` and the editor's profile worker.
import { mergeProfiles } from '../aggregate/merge';
import type { Profile } from '../profile/model';
import type { PathRule, WorkspaceRootInfo } from '../symbolicate/path-rules';
import { analyzeWorkspace } from '../workspace/analyzeWorkspace';
import { diffFunctions, type DiffSide, type FunctionDiff } from './functionDiff';
import { selectDiffSampleType } from './sampleType';
import { mapDiffToWorkspace, type WorkspaceDiff } from './workspaceDiff';

export interface ReleaseDiffOptions {
  /** Sample type name; default as `perflens top` on both sides. */
  readonly type?: string;
  readonly roots?: readonly (WorkspaceRootInfo & { location: string })[];
  readonly rules?: readonly PathRule[];
  readonly gitEnabled: boolean;
  readonly warn?: (message: string) => void;
}

export interface ReleaseDiff {
  readonly diff: FunctionDiff;
  /** Each side's merged stacks and compared sample type, for more views of the same comparison (the diff flame graph). */
  readonly base: DiffSide;
  readonly head: DiffSide;
  readonly workspace?: WorkspaceDiff;
  /** Current text of head's workspace files by `root\0path`. */
  readonly texts?: ReadonlyMap<string, string | undefined>;
}

/** Throws ProfileError / DiffSampleTypeError (with its side) on unusable input. */
export async function releaseDiff(base: readonly Profile[], head: readonly Profile[], options: ReleaseDiffOptions): Promise<ReleaseDiff> {
  const baseSet = mergeProfiles(base);
  const headSet = mergeProfiles(head);
  const types = selectDiffSampleType(baseSet, headSet, options.type);
  const sides = { base: { set: baseSet, typeIndex: types.base }, head: { set: headSet, typeIndex: types.head } };
  const diff = diffFunctions(sides.base, sides.head);
  if (!options.roots || options.roots.length === 0) return { diff, ...sides };
  const common = { roots: options.roots, rules: options.rules, gitEnabled: options.gitEnabled, warn: options.warn };
  // One after the other: each walks the workspace and may run git; in parallel they only fight for the disk.
  const baseAnalysis = await analyzeWorkspace({ profiles: base, typeIndex: types.base, ...common });
  const headAnalysis = await analyzeWorkspace({ profiles: head, typeIndex: types.head, ...common });
  return { diff, ...sides, workspace: mapDiffToWorkspace(diff, baseAnalysis, headAnalysis), texts: headAnalysis.texts };
}

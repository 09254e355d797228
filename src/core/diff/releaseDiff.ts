// Two sets of profiles (base release, head release) compared: per function, and — with workspace roots — per
// workspace line in today's text. Shared by `perflens diff`/`check` and the editor's profile worker.
import { buildModel } from '../model/buildModel';
import type { ProfileModel } from '../model/types';
import type { Profile } from '../profile/model';
import { select } from '../query/select';
import type { ProfileQuery } from '../query/types';
import type { PathRule, WorkspaceRootInfo } from '../symbolicate/path-rules';
import { analyzeSelection } from '../workspace/analyzeWorkspace';
import { mapToWorkspace } from '../symbolicate/workspaceMapping';
import { QueryError } from '../query/errors';
import { APP_ONLY_PRESET } from '../query/filtersPresets';
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
  /** Each side's selection besides the type: a time range, a label filter… (any two selections compare). */
  readonly base?: SideQuery;
  readonly head?: SideQuery;
}

/** What selects a side's samples, besides the compared sample type. */
export type SideQuery = Omit<ProfileQuery, 'type' | 'groupBy' | 'groupTop'>;

export interface ReleaseDiff {
  readonly diff: FunctionDiff;
  /** Each side's selection, for more views of the same comparison (the diff flame graph). */
  readonly base: DiffSide;
  readonly head: DiffSide;
  readonly workspace?: WorkspaceDiff;
  /** Current text of head's workspace files by `root\0path`. */
  readonly texts?: ReadonlyMap<string, string | undefined>;
}

/** A side's profiles, or the model already built from them. */
export type ReleaseSide = readonly Profile[] | ProfileModel;

const modelOf = (side: ReleaseSide): ProfileModel => ('rows' in side ? side : buildModel(side));

/** Throws ProfileError / DiffSampleTypeError (with its side) on unusable input. */
export async function releaseDiff(base: ReleaseSide, head: ReleaseSide, options: ReleaseDiffOptions): Promise<ReleaseDiff> {
  const baseModel = modelOf(base);
  const headModel = modelOf(head);
  const types = selectDiffSampleType(baseModel, headModel, options.type);
  const queries = { base: { ...options.base, type: types.base }, head: { ...options.head, type: types.head } };
  const roots = options.roots && options.roots.length > 0 ? options.roots : undefined;
  const common = { roots: roots ?? [], rules: options.rules, gitEnabled: options.gitEnabled, warn: options.warn };
  // Each side's mapping onto the workspace comes first: "my code only" (preset app-only) needs its kind of code per
  // frame. One after the other: each walks the workspace and may run git; in parallel they only fight for the disk.
  const baseMapping = roots && await mapToWorkspace(baseModel, common);
  const headMapping = roots && await mapToWorkspace(headModel, common);
  if (!roots && [queries.base, queries.head].some((q) => q.frames?.presets?.includes(APP_ONLY_PRESET))) {
    throw new QueryError('"my code only" (preset app-only) needs a workspace to tell your code from the rest');
  }
  const sides = {
    base: select(baseModel, queries.base, { frameClass: baseMapping?.frames.classCode }),
    head: select(headModel, queries.head, { frameClass: headMapping?.frames.classCode }),
  };
  const diff = diffFunctions(sides.base, sides.head);
  if (!baseMapping || !headMapping) return { diff, ...sides };
  const baseAnalysis = analyzeSelection(sides.base, baseMapping);
  const headAnalysis = analyzeSelection(sides.head, headMapping);
  return { diff, ...sides, workspace: mapDiffToWorkspace(diff, baseAnalysis, headAnalysis), texts: headAnalysis.texts };
}

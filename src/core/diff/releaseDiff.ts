// Two sets of profiles (base release, head release) compared: per function, and — with workspace roots — per
// workspace line in today's text. Shared by `perflens diff`/`check` and the editor's profile worker.
import { buildModel } from '../model/buildModel';
import type { ProfileModel } from '../model/types';
import type { Profile } from '../profile/model';
import { isFrameFilterActive } from '../query/filters';
import { select } from '../query/select';
import type { ProfileQuery, Selection } from '../query/types';
import type { PathRule, WorkspaceRootInfo } from '../symbolicate/path-rules';
import { analyzeSelection } from '../workspace/analyzeWorkspace';
import { mapToWorkspace } from '../symbolicate/workspaceMapping';
import { asksAppOnly, withoutAppOnly } from './appOnly';
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
  /**
   * Refuses a side's selection (throws), e.g. one that keeps no sample: called before the workspace mapping (which
   * walks the workspace and may run git) whenever the selection does not need it, so a mistyped filter is said at once.
   */
  readonly checkSide?: (side: 'base' | 'head', selected: Selection) => void;
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
  /** "My code only" was asked without a workspace to tell the user's code from the rest: every frame is compared. */
  readonly appOnlyLeftOut?: boolean;
}

/** A side's profiles, or the model already built from them. */
export type ReleaseSide = readonly Profile[] | ProfileModel;

const modelOf = (side: ReleaseSide): ProfileModel => ('rows' in side ? side : buildModel(side));

/** Throws ProfileError / DiffSampleTypeError (with its side) on unusable input. */
export async function releaseDiff(base: ReleaseSide, head: ReleaseSide, options: ReleaseDiffOptions): Promise<ReleaseDiff> {
  const baseModel = modelOf(base);
  const headModel = modelOf(head);
  const types = selectDiffSampleType(baseModel, headModel, options.type);
  const roots = options.roots && options.roots.length > 0 ? options.roots : undefined;
  const asked = { base: { ...options.base, type: types.base }, head: { ...options.head, type: types.head } };
  const appOnlyLeftOut = !roots && [asked.base, asked.head].some(needsWorkspace);
  const queries = appOnlyLeftOut ? { base: queryWithoutAppOnly(asked.base), head: queryWithoutAppOnly(asked.head) } : asked;
  const models = { base: baseModel, head: headModel };
  const sides: Partial<Record<'base' | 'head', Selection>> = {};
  // A side that "my code only" does not concern is selected (and checked) before the mapping.
  for (const side of ['base', 'head'] as const) {
    if (needsWorkspace(queries[side])) {
      // Its labels, time range and other frame filters are checked now (the preset only folds frames): one more
      // pass over the rows, far less than a mapping.
      const rest = queryWithoutAppOnly(queries[side]);
      if (options.checkSide && (rest.labels?.length || rest.timeRange || isFrameFilterActive(rest.frames))) options.checkSide(side, select(models[side], rest));
    } else {
      sides[side] = select(models[side], queries[side]);
      options.checkSide?.(side, sides[side]);
    }
  }
  const common = { roots: roots ?? [], rules: options.rules, gitEnabled: options.gitEnabled, warn: options.warn };
  // Each side's mapping onto the workspace: "my code only" needs its kind of code per frame. One after the other:
  // each walks the workspace and may run git; in parallel they only fight for the disk.
  const baseMapping = roots && await mapToWorkspace(baseModel, common);
  const headMapping = roots && await mapToWorkspace(headModel, common);
  const mappings = { base: baseMapping, head: headMapping };
  for (const side of ['base', 'head'] as const) {
    if (sides[side]) continue;
    sides[side] = select(models[side], queries[side], { frameClass: mappings[side]?.frames.classCode });
    options.checkSide?.(side, sides[side]);
  }
  const selected = { base: sides.base!, head: sides.head! };
  const leftOut = appOnlyLeftOut ? { appOnlyLeftOut } : {};
  const diff = diffFunctions(selected.base, selected.head);
  if (!baseMapping || !headMapping) return { diff, ...selected, ...leftOut };
  const baseAnalysis = analyzeSelection(selected.base, baseMapping);
  const headAnalysis = analyzeSelection(selected.head, headMapping);
  return { diff, ...selected, workspace: mapDiffToWorkspace(diff, baseAnalysis, headAnalysis), texts: headAnalysis.texts };
}

const needsWorkspace = (query: ProfileQuery): boolean => asksAppOnly(query.frames);

const queryWithoutAppOnly = <Q extends ProfileQuery>(query: Q): Q => (needsWorkspace(query) ? { ...query, frames: withoutAppOnly(query.frames) } : query);
